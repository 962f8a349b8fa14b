package io.deskbridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.deskbridge.admin.json.AuditPage;
import io.deskbridge.admin.json.ErrorsPage;
import io.deskbridge.admin.json.LinksPage;
import io.deskbridge.admin.json.ReplayFilter;
import io.deskbridge.admin.json.Replayed;
import io.deskbridge.admin.json.Run;
import io.deskbridge.admin.json.RunConflicts;
import io.deskbridge.admin.json.RunStarted;
import io.deskbridge.admin.json.RunsPage;
import io.deskbridge.admin.json.SyncList;
import io.deskbridge.admin.json.SyncStatus;
import io.deskbridge.admin.json.SyncsMoved;
import io.deskbridge.model.MatchKey;
import io.deskbridge.model.RunStatus;
import io.deskbridge.model.Side;
import io.deskbridge.model.SyncState;
import io.deskbridge.store.Audit;
import io.deskbridge.store.Conflicts;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.run.SyncRuns;
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

    /** An answer: its status, its body (a record of {@code io.deskbridge.admin.json}), and what the audit log says of a change. */
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
    /** How a sync whose records are not in the mirror (chats) queues one again for its next run. */
    private final Map<String, java.util.function.Predicate<Issues.Issue>> requeues = new java.util.HashMap<>();

    private final Map<String, java.util.function.ToIntFunction<String>> inSyncCounts = new java.util.HashMap<>();

    public AdminApi(
            CamelContext context,
            Map<String, SyncDefinition> syncs,
            SyncStates states,
            Runs runs,
            Issues issues,
            Links links,
            Conflicts conflicts,
            Mirror mirror,
            Audit audit,
            SyncRuns syncRuns,
            Preflight preflight,
            io.deskbridge.store.DailyCallBudget budget,
            String deskOrg,
            ObjectMapper json) {
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
        return new Reply(
                200, new SyncList(syncs.keySet().stream().map(this::syncStatus).toList()));
    }

    public Reply getSync(String id) {
        known(id);
        return new Reply(200, syncStatus(id));
    }

    public Reply listRuns(String id, String limit, String offset) {
        known(id);
        int lim = number("limit", limit, 20, 1, 200);
        int off = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        return new Reply(
                200,
                new RunsPage(
                        runs.count(id),
                        lim,
                        off,
                        runs.page(id, lim, off).stream().map(Run::of).toList()));
    }

    public Reply getRun(String id, String runId) {
        known(id);
        return new Reply(200, Run.withPreview(run(id, runId)));
    }

    /** The fields both sides had changed, settled by the conflict policy in one run. */
    public Reply runConflicts(String id, String runId) {
        known(id);
        return new Reply(
                200,
                new RunConflicts(conflicts.ofRun(run(id, runId).runId()).stream()
                        .map(RunConflicts.Resolution::of)
                        .toList()));
    }

    public Reply errors(String id, String kind, String reasonCode, String limit, String offset) {
        known(id);
        int lim = number("limit", limit, 100, 1, 1000);
        int off = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        List<ErrorsPage.RecordIssue> items =
                issues.list(id, deskOrg, kind(kind), blankToNull(reasonCode), lim, off).stream()
                        .map(ErrorsPage.RecordIssue::of)
                        .toList();
        return new Reply(
                200, new ErrorsPage(id, ErrorsPage.KindCounts.of(issues.countByKind(id, deskOrg)), lim, off, items));
    }

    /** How a customer's records are tied: links by email (or account name), CRM id or Desk id. */
    public Reply links(String id, String email, String crmId, String deskId) {
        known(id);
        if (blankToNull(email) == null && blankToNull(crmId) == null && blankToNull(deskId) == null) {
            throw new AdminException(400, "give one of email, crmId or deskId");
        }
        if (syncs.get(id).module().matchKeys() == null) {
            throw new AdminException(
                    404,
                    "sync '" + id + "' keeps no links of its own; its records are tied through" + " the links of "
                            + syncs.get(id).module().syncAfter());
        }
        MatchKey.Kind kind = syncs.get(id).module().matchKeys().kind();
        String key = blankToNull(email) == null ? null : kind.of(email).value();
        List<LinksPage.Link> items = new ArrayList<>();
        for (Links.Link l : links.find(id, deskOrg, blankToNull(crmId), blankToNull(deskId), key)) {
            items.add(new LinksPage.Link(
                    l.crmId(),
                    l.deskId(),
                    l.key(),
                    l.state(),
                    l.deskOrg(),
                    lastSynced(l.base()),
                    links.waitingOf(id, deskOrg, l.crmId(), l.deskId()).stream()
                            .map(LinksPage.Waiting::of)
                            .toList()));
        }
        return new Reply(200, new LinksPage(items));
    }

    public Reply audit(String limit, String offset) {
        int lim = number("limit", limit, 100, 1, 1000);
        int off = number("offset", offset, 0, 0, Integer.MAX_VALUE);
        return new Reply(
                200,
                new AuditPage(
                        lim,
                        off,
                        audit.page(lim, off).stream().map(AuditPage.Entry::of).toList()));
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
        String note = null;
        for (String dep : syncs.get(id).module().syncAfter()) {
            Long running = states.find(dep).map(SyncStates.Row::runningRunId).orElse(null);
            if (running != null) {
                note = dep + " run " + running + " is still running and this run does not wait for it: " + id
                        + " whose " + dep + " it has not linked yet are synced without them and completed by the first "
                        + id
                        + " run after it (see /admin/syncs/" + id + "/links)";
            }
        }
        return new Reply(
                202,
                new RunStarted(runId, RunStatus.RUNNING, "/admin/syncs/" + id + "/runs/" + runId, note),
                "run " + runId);
    }

    private io.deskbridge.sync.dryrun.DryRuns dryRuns;

    public void dryRuns(io.deskbridge.sync.dryrun.DryRuns dryRuns) {
        this.dryRuns = dryRuns;
    }

    /**
     * A dry run now: 202 {"runId"}; the run's JSON has "dryRun": true, and GET .../runs/{runId} its "preview" once it
     * ended.
     */
    public synchronized Reply dryRun(String id) {
        known(id);
        if (!syncs.get(id).module().fieldMapped()) {
            throw new AdminException(
                    409,
                    "sync '" + id + "' has no dry run: only the field-mapped syncs (contacts, accounts, products) have"
                            + " one");
        }
        SyncStates.Claim claim = dryRuns.start(id);
        if (!claim.started()) {
            throw new AdminException(409, claim.refusal());
        }
        long runId = claim.runId();
        return new Reply(
                202,
                new RunStarted(runId, RunStatus.RUNNING, "/admin/syncs/" + id + "/runs/" + runId, null),
                "dry run " + runId);
    }

    /**
     * With deskbridge.sync.require-dry-run, a field-mapped sync that never ran (dry runs aside) is activated only after
     * a dry run that did not fail: 409 naming the key otherwise.
     */
    private void refuseWithoutDryRun(List<String> ids) {
        List<String> missing = ids.stream()
                .filter(id -> states.dryRunMissing(id, deskOrg) != null)
                .toList();
        if (!missing.isEmpty()) {
            throw new AdminException(
                    409,
                    SyncStates.REQUIRE_DRY_RUN + " is true and " + String.join(", ", missing)
                            + " never ran: POST /admin/syncs/" + missing.get(0)
                            + "/dry-run first (a dry run that did not fail), then activate");
        }
    }

    /**
     * 409 while a dry run of {@code id} goes on: its one transaction holds every record it staged (their mirror rows,
     * links and kept errors) locked until it ends, so a change to them would wait for its end (on H2, fail on a lock
     * timeout). Run with this object's lock by calls that change them, as {@link #dryRun} starts one with it.
     */
    private void refuseDuringDryRun(String id, String what) {
        states.find(id)
                .map(SyncStates.Row::runningRunId)
                .flatMap(runId -> runs.find(id, runId))
                .filter(Runs.Run::dryRun)
                .ifPresent(dry -> {
                    throw new AdminException(
                            409,
                            what + " waits until the dry run " + dry.runId() + " of " + id + " has ended: until then it"
                                    + " holds the records it read; try again once GET /admin/syncs/" + id + "/runs/"
                                    + dry.runId() + " is no longer RUNNING");
                });
    }

    /** Activating a sync that linked only (direction none) with a direction that writes queues all its records again. */
    private void refuseRequeueDuringDryRun(List<String> ids) {
        for (String id : ids) {
            boolean queuesAgain = states.find(id)
                    .map(r -> r.direction() == io.deskbridge.model.Direction.NONE
                            && syncs.get(id).direction().flows())
                    .orElse(false);
            if (queuesAgain) {
                refuseDuringDryRun(
                        id,
                        "activating " + id + " with direction " + syncs.get(id).direction()
                                + " queues every record again, which");
            }
        }
    }

    /** activate, pause or disable one sync; 409 for a transition the lifecycle does not allow, 422 if checks fail. */
    public Reply lifecycle(String id, String action) {
        known(id);
        SyncState to = target(action);
        if (to == SyncState.ACTIVE) {
            refuseWithoutDryRun(List.of(id));
            refuseRequeueDuringDryRun(List.of(id));
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
            List<String> activated = syncs.keySet().stream()
                    .filter(id -> states.find(id)
                            .map(r -> r.state() != SyncState.ACTIVE)
                            .orElse(false))
                    .toList();
            refuseWithoutDryRun(activated);
            refuseRequeueDuringDryRun(activated);
            refuseIfNotReady(activated);
        }
        List<SyncsMoved.Move> out = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        for (String id : syncs.keySet()) {
            SyncStates.Transition t = states.transition(id, to, syncs.get(id).direction(), null);
            out.add(new SyncsMoved.Move(id, t.from(), t.to(), t.refusal()));
            if (t.done()) {
                moved.add(id);
            }
        }
        return new Reply(200, new SyncsMoved(out), moved.isEmpty() ? "no sync moved" : "moved: " + moved);
    }

    /** Queues one kept record again and starts a run if the sync can run now. */
    public synchronized Reply replay(String id, String issueId) {
        known(id);
        refuseDuringDryRun(id, "a replay");
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
            throw new AdminException(
                    409,
                    issue.system() + " record " + issue.recordId() + " is no longer known; it may have been deleted");
        }
        return replayed(id, 1, issue.system() + " record " + issue.recordId());
    }

    /** A filter given in the query or in the body; in both, which one was meant is not known. */
    private static String oneOf(String name, String query, String body) {
        if (query != null && body != null) {
            throw new AdminException(400, name + " is given in the query and in the body; give it once");
        }
        return query != null ? query : body;
    }

    /**
     * Queues again every kept record of a kind, or of a reason code whatever its kind (FAILED when neither is
     * given; deletions never), and starts a run if it can.
     */
    public synchronized Reply replayAll(String id, String kindParam, String reasonCode, ReplayFilter filter) {
        known(id);
        refuseDuringDryRun(id, "a replay");
        String kindName = blankToNull(oneOf("kind", kindParam, filter.kind()));
        String reason = blankToNull(oneOf("reasonCode", reasonCode, filter.reasonCode()));
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
        SyncStates.Claim claim = count == 0 ? null : syncRuns.claim(id, "replay");
        Replayed body;
        if (claim != null && claim.started()) {
            send(id, claim.runId(), "replay");
            body = new Replayed(count, claim.runId(), null);
        } else {
            body = new Replayed(
                    count,
                    null,
                    count == 0 ? "nothing to replay" : "queued for the next run (" + claim.refusal() + ")");
        }
        return new Reply(202, body, "replayed " + what);
    }

    /**
     * A sync that keeps its records elsewhere than the mirror and the links (chats) queues them again with
     * {@code requeue} and counts those in sync (written) with {@code inSync}; returns this.
     */
    public AdminApi keptElsewhere(
            String syncId,
            java.util.function.Predicate<Issues.Issue> requeue,
            java.util.function.ToIntFunction<String> inSync) {
        requeues.put(syncId, requeue);
        inSyncCounts.put(syncId, inSync);
        return this;
    }

    private boolean requeue(String id, Issues.Issue issue) {
        if (requeues.containsKey(id)) {
            return requeues.get(id).test(issue);
        }
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
            throw new AdminException(
                    422, "cannot activate: " + problems.size() + " problem(s) found; nothing was changed", problems);
        }
    }

    private long start(String id, String trigger) {
        SyncStates.Claim claim = syncRuns.claim(id, trigger);
        if (!claim.started()) {
            throw new AdminException(409, claim.refusal());
        }
        send(id, claim.runId(), trigger);
        return claim.runId();
    }

    /**
     * Sends a claimed run to its sync's route. A failure before the route has it (the context not read, the send
     * refused, the exchange failed without the route ending the run) ends the run FAILED, its lease released; a run
     * the route ended is left as it ended.
     */
    private void send(String id, long runId, String trigger) {
        syncRuns.begin(
                id,
                runId,
                trigger,
                run -> producer()
                        .asyncSend("direct:sync-" + id, exchange -> exchange.setProperty(RunContext.PROPERTY, run))
                        .whenComplete((exchange, error) -> {
                            Throwable failed = error != null ? error : exchange.getException();
                            if (failed != null) {
                                syncRuns.endUnlessEnded(run, failed);
                            }
                        }));
    }

    // ---- answers ------------------------------------------------------------------------------

    private SyncStatus syncStatus(String id) {
        SyncStates.Row row = states.find(id).orElseThrow(() -> new AdminException(404, "unknown sync '" + id + "'"));
        SyncDefinition def = syncs.get(id);
        java.time.OffsetDateTime next = row.state() == SyncState.ACTIVE ? nextFire(id) : null;
        Map<Issues.Kind, Integer> counts = issues.countByKind(id, deskOrg);
        SyncStatus.RecordHealth health = new SyncStatus.RecordHealth(
                inSyncCounts.containsKey(id) ? inSyncCounts.get(id).applyAsInt(id) : links.count(id, deskOrg),
                counts.get(Issues.Kind.EXCLUDED),
                counts.get(Issues.Kind.CONFLICT),
                counts.get(Issues.Kind.FAILED),
                counts.get(Issues.Kind.DELETED));
        SyncStatus.CallsToday calls = new SyncStatus.CallsToday(
                SyncStatus.SystemCallsToday.of(budget.usage("crm")),
                SyncStatus.SystemCallsToday.of(budget.usage("desk")));
        return new SyncStatus(
                id,
                row.state(),
                row.direction().key(),
                row.reason(),
                def.cron(),
                def.conflictPolicy().key(),
                def.deletePolicy().key(),
                runs.last(id).map(Run::of).orElse(null),
                row.runningRunId(),
                next == null ? null : next.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                health,
                calls);
    }

    /** What both sides held after the last sync, as kept: null when nothing is kept, a JSON null when it cannot be read. */
    private Object lastSynced(String base) {
        if (base == null) {
            return null;
        }
        try {
            return json.readTree(base);
        } catch (Exception e) {
            return NullNode.getInstance();
        }
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
            java.time.ZoneId zone = t instanceof org.quartz.CronTrigger cron
                    ? cron.getTimeZone().toZoneId()
                    : java.time.ZoneOffset.UTC;
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static int number(String name, String value, int fallback, int min, int max) {
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
            throw new AdminException(
                    400, name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        }
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }
}
