package io.deskbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.Audit;
import io.deskbridge.store.Conflicts;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.sync.RunContext;
import io.deskbridge.model.Side;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.model.SyncState;
import io.deskbridge.model.MatchKey;
import io.deskbridge.sync.run.SyncRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/** What the admin REST calls do; the routes in {@link AdminRoutes} authenticate, authorise, audit and dispatch here. */
public final class AdminApi {

    public record Reply(int status, Object body, String detail) {
        Reply(int status, Object body) {
            this(status, body, null);
        }
    }

    private final CamelContext context;
    private final Map<String, SyncDefinition> syncs;
    private final SyncStates states;
    private final Runs runs;
    private final Issues issues;
    private final Links links;
    private final Conflicts conflicts;
    private final Mirror mirror;
    private final Audit audit;
    private final SyncRuns syncRuns;
    private final Preflight preflight;
    private final io.deskbridge.store.DailyCallBudget budget;
    private final String deskOrg;
    private final ObjectMapper json;
    private ProducerTemplate producer;

    public AdminApi(CamelContext context, Map<String, SyncDefinition> syncs, SyncStates states, Runs runs, Issues issues,
                    Links links, Conflicts conflicts, Mirror mirror, Audit audit, SyncRuns syncRuns, Preflight preflight,
                    io.deskbridge.store.DailyCallBudget budget, String deskOrg, ObjectMapper json) {
        this.budget = budget;
        this.context = context;
        this.syncs = syncs;
        this.states = states;
        this.runs = runs;
        this.issues = issues;
        this.links = links;
        this.conflicts = conflicts;
        this.mirror = mirror;
        this.audit = audit;
        this.syncRuns = syncRuns;
        this.preflight = preflight;
        this.deskOrg = deskOrg;
        this.json = json;
    }

    // ---- reads -------------------------------------------------------------------------------

    public Reply listSyncs() {
        ArrayNode out = json.createArrayNode();
        syncs.keySet().forEach(id -> out.add(syncStatus(id)));
        ObjectNode body = json.createObjectNode();
        body.set("syncs", out);
        return new Reply(200, body);
    }

    public Reply getSync(String id) {
        known(id);
        return new Reply(200, syncStatus(id));
    }

    public Reply listRuns(String id, String limit, String offset) {
        known(id);
        int lim = number("limit", limit, 20, 1, 200);
        int off = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        ArrayNode items = json.createArrayNode();
        runs.page(id, lim, off).forEach(r -> items.add(runJson(r)));
        return new Reply(200, page(items, runs.count(id), lim, off));
    }

    public Reply getRun(String id, String runId) {
        known(id);
        return new Reply(200, runJson(run(id, runId)));
    }

    /** The fields both sides had changed, settled by the conflict policy in one run. */
    public Reply runConflicts(String id, String runId) {
        known(id);
        ArrayNode items = json.createArrayNode();
        for (Conflicts.Resolution r : conflicts.ofRun(run(id, runId).runId())) {
            items.addObject().put("crmId", r.crmId()).put("deskId", r.deskId()).put("field", r.field())
                    .put("crmValue", r.crmValue()).put("deskValue", r.deskValue()).put("kept", r.kept())
                    .put("policy", r.policy());
        }
        ObjectNode body = json.createObjectNode();
        body.set("items", items);
        return new Reply(200, body);
    }

    public Reply errors(String id, String kind, String reasonCode, String limit, String offset) {
        known(id);
        int lim = number("limit", limit, 100, 1, 1000);
        int off = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        ArrayNode items = json.createArrayNode();
        for (Issues.Issue i : issues.list(id, deskOrg, kind(kind), blankToNull(reasonCode), lim, off)) {
            items.add(issueJson(i));
        }
        ObjectNode body = json.createObjectNode();
        body.put("sync", id);
        ObjectNode counts = body.putObject("counts");
        issues.countByKind(id, deskOrg).forEach((k, v) -> counts.put(k.name(), v));
        body.put("limit", lim);
        body.put("offset", off);
        body.set("items", items);
        return new Reply(200, body);
    }

    /** How a customer's records are tied: links by email (or account name), CRM id or Desk id. */
    public Reply links(String id, String email, String crmId, String deskId) {
        known(id);
        if (blankToNull(email) == null && blankToNull(crmId) == null && blankToNull(deskId) == null) {
            throw new AdminException(400, "give one of email, crmId or deskId");
        }
        MatchKey.Kind kind = syncs.get(id).module().matchKeys().kind();
        String key = blankToNull(email) == null ? null : kind.of(email).value();
        ArrayNode items = json.createArrayNode();
        for (Links.Link l : links.find(id, deskOrg, blankToNull(crmId), blankToNull(deskId), key)) {
            ObjectNode o = items.addObject().put("crmId", l.crmId()).put("deskId", l.deskId()).put("key", l.key())
                    .put("state", l.state().name()).put("deskOrg", l.deskOrg());
            if (l.base() != null) {
                try {
                    o.set("lastSynced", json.readTree(l.base()));
                } catch (Exception e) {
                    o.putNull("lastSynced");
                }
            }
            ArrayNode waiting = o.putArray("waitingFor");
            for (Links.Waiting w : links.waitingOf(id, deskOrg, l.crmId(), l.deskId())) {
                waiting.addObject().put("field", w.field()).put("system", w.system()).put("id", w.refId())
                        .put("until", "linked by the " + w.viaSync() + " sync");
            }
        }
        ObjectNode body = json.createObjectNode();
        body.set("items", items);
        return new Reply(200, body);
    }

    public Reply audit(String limit, String offset) {
        int lim = number("limit", limit, 100, 1, 1000);
        int off = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        ArrayNode items = json.createArrayNode();
        for (Audit.Entry e : audit.page(lim, off)) {
            items.addObject().put("id", e.id()).put("at", e.at().toString()).put("token", e.tokenName())
                    .put("role", e.role()).put("action", e.action()).put("target", e.target()).put("status", e.status())
                    .put("detail", e.detail());
        }
        ObjectNode body = json.createObjectNode();
        body.put("limit", lim);
        body.put("offset", off);
        body.set("items", items);
        return new Reply(200, body);
    }

    // ---- changes -----------------------------------------------------------------------------

    /**
     * Starts a run now: 202 with its id, or 409 when the sync is paused, disabled or already running. A run that
     * starts while a sync it refers through is running (contacts while accounts runs) does not wait for it: the
     * answer says so, and the records whose reference is not linked yet wait and are completed by a later run.
     */
    public synchronized Reply run(String id) {
        known(id);
        long runId = start(id, "admin");
        ObjectNode body = json.createObjectNode();
        body.put("runId", runId);
        body.put("status", "RUNNING");
        body.put("href", "/admin/syncs/" + id + "/runs/" + runId);
        for (String dep : syncs.get(id).module().syncAfter()) {
            Long running = states.find(dep).map(SyncStates.Row::runningRunId).orElse(null);
            if (running != null) {
                body.put("note", dep + " run " + running + " is still running and this run does not wait for it: " + id
                        + " whose " + dep + " it has not linked yet are synced without them and completed by the first " + id
                        + " run after it (see /admin/syncs/" + id + "/links)");
            }
        }
        return new Reply(202, body, "run " + runId);
    }

    /** activate, pause or disable one sync; 409 for a transition the lifecycle does not allow, 422 if checks fail. */
    public Reply lifecycle(String id, String action) {
        known(id);
        SyncState to = target(action);
        if (to == SyncState.ACTIVE) {
            refuseIfNotReady(List.of(id));
        }
        SyncStates.Transition t = states.transition(id, to, syncs.get(id).direction(), null);
        if (!t.done()) {
            throw new AdminException(409, t.refusal());
        }
        return new Reply(200, syncStatus(id), t.from() + " -> " + t.to());
    }

    /** The same for every sync at once: checked first, then applied to each sync the lifecycle lets move. */
    public Reply integration(String action) {
        SyncState to = target(action);
        if (to == SyncState.ACTIVE) {
            refuseIfNotReady(syncs.keySet().stream()
                    .filter(id -> states.find(id).map(r -> r.state() != SyncState.ACTIVE).orElse(false)).toList());
        }
        ArrayNode out = json.createArrayNode();
        List<String> moved = new ArrayList<>();
        for (String id : syncs.keySet()) {
            SyncStates.Transition t = states.transition(id, to, syncs.get(id).direction(), null);
            ObjectNode o = out.addObject().put("id", id).put("from", t.from().name()).put("state", t.to().name());
            if (t.done()) {
                moved.add(id);
            } else {
                o.put("unchanged", t.refusal());
            }
        }
        ObjectNode body = json.createObjectNode();
        body.set("syncs", out);
        return new Reply(200, body, moved.isEmpty() ? "no sync moved" : "moved: " + moved);
    }

    /** Queues one kept record again and starts a run if the sync can run now. */
    public Reply replay(String id, String issueId) {
        known(id);
        long n;
        try {
            n = Long.parseLong(issueId);
        } catch (NumberFormatException e) {
            throw new AdminException(400, "error id '" + issueId + "' is not a number");
        }
        Issues.Issue issue = issues.find(id, deskOrg, n)
                .orElseThrow(() -> new AdminException(404, "sync '" + id + "' has no error " + issueId));
        if (issue.kind() == Issues.Kind.DELETED) {
            throw new AdminException(409, "error " + issueId + " is a deletion; there is no record to replay");
        }
        if (!requeue(id, issue)) {
            throw new AdminException(409, issue.system() + " record " + issue.recordId() + " is no longer known; it may have been deleted");
        }
        return replayed(id, 1, issue.system() + " record " + issue.recordId());
    }

    /** A filter given in the query or in the body; in both, which one was meant is not known. */
    private static String oneOf(String name, String query, JsonNode body) {
        if (query != null && body.has(name)) {
            throw new AdminException(400, name + " is given in the query and in the body; give it once");
        }
        return query != null ? query : body.path(name).asText(null);
    }

    /** The keys a replay-all body may have. */
    private static final List<String> REPLAY_FILTER_KEYS = List.of("kind", "reasonCode");

    /**
     * Queues again every kept record of a kind, or of a reason code whatever its kind (FAILED when neither is
     * given; deletions never), and starts a run if it can.
     */
    public Reply replayAll(String id, String kindParam, String reasonCode, String body) {
        known(id);
        JsonNode filter = parseBody(body);
        filter.fieldNames().forEachRemaining(key -> {
            if (!REPLAY_FILTER_KEYS.contains(key)) {
                throw new AdminException(400, "unknown key '" + key + "' in the request body; known keys: " + REPLAY_FILTER_KEYS);
            }
        });
        String kindName = blankToNull(oneOf("kind", kindParam, filter));
        String reason = blankToNull(oneOf("reasonCode", reasonCode, filter));
        Issues.Kind kind = kindName == null ? (reason == null ? Issues.Kind.FAILED : null) : kind(kindName);
        if (kind == Issues.Kind.DELETED) {
            throw new AdminException(400, "deletions cannot be replayed");
        }
        int count = 0;
        for (Issues.Issue i : issues.list(id, deskOrg, kind, reason, 100_000, 0)) {
            if (i.kind() != Issues.Kind.DELETED && requeue(id, i)) {
                count++;
            }
        }
        String what = (kind == null ? "" : kind + " ") + (reason == null ? "" : reason + " ");
        return replayed(id, count, count + " " + what + "record(s)");
    }

    private Reply replayed(String id, int count, String what) {
        ObjectNode body = json.createObjectNode();
        body.put("replayed", count);
        SyncStates.Claim claim = count == 0 ? null : syncRuns.claim(id, "replay");
        if (claim != null && claim.started()) {
            producer().asyncSend("direct:sync-" + id, e -> e.setProperty(RunContext.PROPERTY,
                    syncRuns.context(id, claim.runId(), "replay")));
            body.put("runId", claim.runId());
        } else {
            body.putNull("runId");
            body.put("note", count == 0 ? "nothing to replay"
                    : "queued for the next run (" + claim.refusal() + ")");
        }
        return new Reply(202, body, "replayed " + what);
    }

    private boolean requeue(String id, Issues.Issue issue) {
        Side side = issue.system().equals(Side.CRM.system()) ? Side.CRM : Side.DESK;
        String scope = side == Side.DESK ? deskOrg : "crm@" + deskOrg;
        return mirror.requeue(id, side.system(), scope, issue.recordId());
    }

    private void refuseIfNotReady(List<String> ids) {
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            preflight.problems(syncs.get(id)).forEach(p -> problems.add(id + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new AdminException(422, "cannot activate: " + problems.size() + " problem(s) found; nothing was changed",
                    problems);
        }
    }

    private long start(String id, String trigger) {
        SyncStates.Claim claim = syncRuns.claim(id, trigger);
        if (!claim.started()) {
            throw new AdminException(409, claim.refusal());
        }
        RunContext run = syncRuns.context(id, claim.runId(), trigger);
        producer().asyncSend("direct:sync-" + id, exchange -> exchange.setProperty(RunContext.PROPERTY, run));
        return claim.runId();
    }

    // ---- JSON --------------------------------------------------------------------------------

    private ObjectNode syncStatus(String id) {
        SyncStates.Row row = states.find(id).orElseThrow(() -> new AdminException(404, "unknown sync '" + id + "'"));
        SyncDefinition def = syncs.get(id);
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("state", row.state().name());
        o.put("direction", row.direction().key());
        o.put("stateReason", row.reason());
        o.put("cron", def.cron());
        o.put("conflict", def.conflictPolicy().key());
        o.put("deletes", def.deletePolicy().key());
        o.set("lastRun", runs.last(id).<com.fasterxml.jackson.databind.JsonNode>map(this::runJson).orElse(json.nullNode()));
        if (row.runningRunId() != null) {
            o.put("runningRunId", row.runningRunId());
        } else {
            o.putNull("runningRunId");
        }
        java.time.OffsetDateTime next = row.state() == SyncState.ACTIVE ? nextFire(id) : null;
        o.put("nextRunAt", next == null ? null : next.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        ObjectNode health = o.putObject("records");
        health.put("inSync", links.count(id, deskOrg));
        Map<Issues.Kind, Integer> counts = issues.countByKind(id, deskOrg);
        health.put("excluded", counts.get(Issues.Kind.EXCLUDED));
        health.put("conflicts", counts.get(Issues.Kind.CONFLICT));
        health.put("failing", counts.get(Issues.Kind.FAILED));
        health.put("deleted", counts.get(Issues.Kind.DELETED));
        ObjectNode calls = o.putObject("apiCalls");
        for (String system : List.of("crm", "desk")) {
            io.deskbridge.store.DailyCallBudget.Usage u = budget.usage(system);
            ObjectNode b = calls.putObject(system).put("today", u.used());
            if (u.budget() > 0) {
                b.put("budget", u.budget()).put("exhausted", u.used() >= u.budget()).put("resetsAt", u.resetsAt().toString());
            }
        }
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
        // Per system, as in the sync's status: the calls, the 429s among them, the seconds the gate stayed closed.
        ObjectNode calls = o.putObject("apiCalls");
        calls.putObject("crm").put("calls", r.crmCalls()).put("throttled", r.crmThrottling().throttled())
                .put("waitedSeconds", r.crmThrottling().waitedMillis() / 1000.0);
        calls.putObject("desk").put("calls", r.deskCalls()).put("throttled", r.deskThrottling().throttled())
                .put("waitedSeconds", r.deskThrottling().waitedMillis() / 1000.0);
        o.put("message", r.message());
        return o;
    }

    private ObjectNode issueJson(Issues.Issue i) {
        ObjectNode o = json.createObjectNode();
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
        return o;
    }

    private ObjectNode page(ArrayNode items, int total, int limit, int offset) {
        ObjectNode body = json.createObjectNode();
        body.put("total", total);
        body.put("limit", limit);
        body.put("offset", offset);
        body.set("items", items);
        return body;
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Runs.Run run(String id, String runId) {
        long n;
        try {
            n = Long.parseLong(runId);
        } catch (NumberFormatException e) {
            throw new AdminException(400, "run id '" + runId + "' is not a number");
        }
        return runs.find(id, n).orElseThrow(() -> new AdminException(404, "sync '" + id + "' has no run " + runId));
    }

    /** The next scheduled fire, with the offset of the zone the cron is read in (deskbridge.schedule.time-zone). */
    private java.time.OffsetDateTime nextFire(String id) {
        try {
            QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
            if (quartz == null || quartz.getScheduler() == null) {
                return null;
            }
            Trigger t = quartz.getScheduler().getTrigger(TriggerKey.triggerKey(id, "deskbridge"));
            Date next = t == null ? null : t.getNextFireTime();
            java.time.ZoneId zone = t instanceof org.quartz.CronTrigger cron ? cron.getTimeZone().toZoneId() : java.time.ZoneOffset.UTC;
            return next == null ? null : next.toInstant().atZone(zone).toOffsetDateTime();
        } catch (Exception e) {
            return null;
        }
    }

    private void known(String id) {
        if (!syncs.containsKey(id)) {
            throw new AdminException(404, "unknown sync '" + id + "'; known syncs: " + syncs.keySet());
        }
    }

    private static SyncState target(String action) {
        return switch (action) {
            case "activate" -> SyncState.ACTIVE;
            case "pause" -> SyncState.PAUSED;
            case "disable" -> SyncState.DISABLED;
            default -> throw new AdminException(404, "unknown action '" + action + "'; use activate, pause or disable");
        };
    }

    private static Issues.Kind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return Issues.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, "kind '" + kind + "' is not one of " + Arrays.toString(Issues.Kind.values()));
        }
    }

    private JsonNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode n = json.readTree(body);
            if (!n.isObject()) {
                throw new AdminException(400, "the request body must be a JSON object, like {\"kind\":\"FAILED\"}");
            }
            return n;
        } catch (AdminException e) {
            throw e;
        } catch (Exception e) {
            throw new AdminException(400, "the request body is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
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
