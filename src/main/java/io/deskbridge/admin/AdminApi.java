package io.deskbridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.Conflicts;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Links;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncDefinition;
import io.deskbridge.sync.SyncState;
import io.deskbridge.sync.run.SyncRuns;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/** What the admin REST calls do; the routes in {@link AdminRoutes} only authenticate and dispatch here. */
public final class AdminApi {

    public record Reply(int status, Object body) {}

    private final CamelContext context;
    private final Map<String, SyncDefinition> syncs;
    private final SyncStates states;
    private final Runs runs;
    private final Issues issues;
    private final Links links;
    private final Conflicts conflicts;
    private final SyncRuns syncRuns;
    private final String deskOrg;
    private final ObjectMapper json;
    private ProducerTemplate producer;

    public AdminApi(CamelContext context, Map<String, SyncDefinition> syncs, SyncStates states, Runs runs, Issues issues,
                    Links links, Conflicts conflicts, SyncRuns syncRuns, String deskOrg, ObjectMapper json) {
        this.context = context;
        this.syncs = syncs;
        this.states = states;
        this.runs = runs;
        this.issues = issues;
        this.links = links;
        this.conflicts = conflicts;
        this.syncRuns = syncRuns;
        this.deskOrg = deskOrg;
        this.json = json;
    }

    public Reply listSyncs() {
        ArrayNode out = json.createArrayNode();
        for (String id : syncs.keySet()) {
            out.add(syncStatus(id));
        }
        ObjectNode body = json.createObjectNode();
        body.set("syncs", out);
        return new Reply(200, body);
    }

    public Reply getSync(String id) {
        known(id);
        return new Reply(200, syncStatus(id));
    }

    /** Starts a run now: 202 with its id, or 409 when the sync is paused, disabled or already running. */
    public synchronized Reply run(String id) {
        known(id);
        SyncStates.Claim claim = syncRuns.claim(id, "admin");
        if (!claim.started()) {
            throw new AdminException(409, claim.refusal());
        }
        RunContext run = syncRuns.context(id, claim.runId(), "admin");
        producer().asyncSend("direct:sync-" + id, exchange -> exchange.setProperty(RunContext.PROPERTY, run));
        ObjectNode body = json.createObjectNode();
        body.put("runId", claim.runId());
        body.put("status", "RUNNING");
        body.put("href", "/admin/syncs/" + id + "/runs/" + claim.runId());
        return new Reply(202, body);
    }

    public Reply getRun(String id, String runId) {
        known(id);
        long n;
        try {
            n = Long.parseLong(runId);
        } catch (NumberFormatException e) {
            throw new AdminException(400, "run id '" + runId + "' is not a number");
        }
        return runs.find(id, n).map(r -> new Reply(200, runJson(r)))
                .orElseThrow(() -> new AdminException(404, "sync '" + id + "' has no run " + runId));
    }

    /** The fields both sides had changed, settled by the conflict policy in one run. */
    public Reply runConflicts(String id, String runId) {
        Reply run = getRun(id, runId);
        ArrayNode items = json.createArrayNode();
        for (Conflicts.Resolution r : conflicts.ofRun(((ObjectNode) run.body()).path("runId").asLong())) {
            items.addObject().put("crmId", r.crmId()).put("deskId", r.deskId()).put("field", r.field())
                    .put("crmValue", r.crmValue()).put("deskValue", r.deskValue()).put("kept", r.kept())
                    .put("policy", r.policy());
        }
        ObjectNode body = json.createObjectNode();
        body.set("items", items);
        return new Reply(200, body);
    }

    public Reply errors(String id, String kind, String limit, String offset) {
        known(id);
        Issues.Kind k = null;
        if (kind != null && !kind.isBlank()) {
            try {
                k = Issues.Kind.valueOf(kind.trim().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new AdminException(400, "kind '" + kind + "' is not one of " + java.util.Arrays.toString(Issues.Kind.values()));
            }
        }
        int lim = number("limit", limit, 100, 1, 1000);
        int off = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        ArrayNode items = json.createArrayNode();
        for (Issues.Issue i : issues.list(id, deskOrg, k, lim, off)) {
            ObjectNode o = items.addObject();
            o.put("id", i.id());
            o.put("system", i.system());
            o.put("recordId", i.recordId());
            o.put("email", i.email());
            o.put("kind", i.kind().name());
            o.put("reasonCode", i.reasonCode());
            o.put("reason", i.reason());
            if (i.runId() != null) {
                o.put("runId", i.runId());
            }
            o.put("attempts", i.attempts());
            o.put("firstSeen", i.firstSeen().toString());
            o.put("lastSeen", i.lastSeen().toString());
        }
        ObjectNode body = json.createObjectNode();
        body.put("sync", id);
        ObjectNode counts = body.putObject("counts");
        issues.countByKind(id, deskOrg).forEach((kk, v) -> counts.put(kk.name(), v));
        body.put("limit", lim);
        body.put("offset", off);
        body.set("items", items);
        return new Reply(200, body);
    }

    private ObjectNode syncStatus(String id) {
        SyncStates.Row row = states.find(id).orElseThrow(() -> new AdminException(404, "unknown sync '" + id + "'"));
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("state", row.state().name());
        o.put("direction", row.direction().key());
        if (row.reason() != null) {
            o.put("stateReason", row.reason());
        }
        o.put("cron", syncs.get(id).cron());
        o.set("lastRun", runs.last(id).map(r -> (Object) runJson(r)).map(ObjectNode.class::cast).orElse(null));
        if (row.runningRunId() != null) {
            o.put("runningRunId", row.runningRunId());
        } else {
            o.putNull("runningRunId");
        }
        Instant next = row.state() == SyncState.ACTIVE ? nextFire(id) : null;
        o.put("nextRunAt", next == null ? null : next.toString());
        ObjectNode health = o.putObject("records");
        health.put("inSync", links.count(id, deskOrg));
        Map<Issues.Kind, Integer> counts = issues.countByKind(id, deskOrg);
        health.put("excluded", counts.get(Issues.Kind.EXCLUDED));
        health.put("conflicts", counts.get(Issues.Kind.CONFLICT));
        health.put("failing", counts.get(Issues.Kind.FAILED));
        health.put("deleted", counts.get(Issues.Kind.DELETED));
        return o;
    }

    private ObjectNode runJson(Runs.Run r) {
        ObjectNode o = json.createObjectNode();
        o.put("runId", r.runId());
        o.put("sync", r.syncId());
        o.put("trigger", r.trigger());
        o.put("status", r.status().name());
        o.put("startedAt", r.startedAt().toString());
        o.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        o.put("read", r.counters().read());
        o.put("created", r.counters().created());
        o.put("updated", r.counters().updated());
        o.put("linked", r.counters().linked());
        o.put("unchanged", r.counters().unchanged());
        o.put("excluded", r.counters().excluded());
        o.put("failed", r.counters().failed());
        o.put("conflicts", r.counters().conflicts());
        o.put("deleted", r.counters().deleted());
        o.put("message", r.message());
        return o;
    }

    private Instant nextFire(String id) {
        try {
            QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
            if (quartz == null || quartz.getScheduler() == null) {
                return null;
            }
            Trigger t = quartz.getScheduler().getTrigger(TriggerKey.triggerKey(id, "deskbridge"));
            Date next = t == null ? null : t.getNextFireTime();
            return next == null ? null : next.toInstant();
        } catch (Exception e) {
            return null;
        }
    }

    private void known(String id) {
        if (!syncs.containsKey(id)) {
            throw new AdminException(404, "unknown sync '" + id + "'; known syncs: " + syncs.keySet());
        }
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new AdminException(400, name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        }
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }
}
