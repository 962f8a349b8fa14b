package io.deskbridge.sync.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.BudgetExhausted;
import io.deskbridge.connector.SystemGate;
import io.deskbridge.model.RunCounters;
import io.deskbridge.model.RunStatus;
import io.deskbridge.model.Side;
import io.deskbridge.model.SyncState;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Runs;
import io.deskbridge.store.StoreException;
import io.deskbridge.store.SyncStates;
import io.deskbridge.store.WhileUnreachable;
import io.deskbridge.sync.LeaseHeartbeat;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beginning and end of a run: taking the run lease (kept alive by {@link LeaseHeartbeat} while the run goes on),
 * feeding the staged records to the route in batches (checking the lease is still the run's and saving progress at
 * each batch boundary), and the one log line with the run's figures.
 */
public final class SyncRuns {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);
    /** Records fetched from the store at a time; also how often progress is saved and the lease checked. */
    static final int BATCH = 200;

    /** The longest a sync waits for a dependency's run that fired with it (the run lease's length before issue 17). */
    private static final Duration DEPENDENCY_WAIT = Duration.ofMinutes(30);

    /**
     * The end of a run (its status and the released lease) is written again while the state store cannot be reached,
     * for this long: a database restarted during a run must not leave the run RUNNING, and the sync unable to run,
     * for the length of a lease.
     */
    private final WhileUnreachable endWrites = new WhileUnreachable(Duration.ofSeconds(60));

    /**
     * Runs whose end was written or given up on: a run ends once (a failure after its end, or an end that gave up and
     * reaches run-failures, does not write it again), and its records are not asked for any more. Held weakly: a run
     * is forgotten with its context.
     */
    private final java.util.Set<RunContext> ended =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    private final Map<String, SyncDefinition> syncs;
    private final SyncStates states;
    private final Runs runs;
    private final Mirror mirror;
    private final String deskOrg;
    private final LeaseHeartbeat leases;
    private final Duration lease;
    private final Clock clock;
    private final ObjectMapper json;
    private final RunProgress progress;
    private final int maxFailedRuns;
    private volatile boolean shuttingDown;
    private java.util.function.LongSupplier retries = () -> 0;
    private long retryCap;
    private Map<String, SystemGate> gates = Map.of();
    private java.util.function.Consumer<Ended> onEnd = ended -> {};
    private java.util.function.ObjLongConsumer<Throwable> failureKinds = (cause, runId) -> {};

    /** How the state reason of a sync that paused itself starts (read by its health check). */
    public static final String PAUSED_ITSELF = "paused automatically after ";

    /**
     * A run that has just ended, with its figures, on the node that ran it. {@code systems} are its two systems' names
     * (crm and desk, or sell and chat for a chats run), in the order of the calls and 429s. {@code dryRun}: its figures
     * are what a run would do, not what was done.
     */
    public record Ended(
            String syncId,
            RunStatus status,
            Duration took,
            RunCounters.Snapshot counters,
            List<String> systems,
            List<Integer> calls,
            List<Runs.Throttling> throttling,
            boolean dryRun) {}

    public SyncRuns(
            Map<String, SyncDefinition> syncs,
            SyncStates states,
            Runs runs,
            Mirror mirror,
            String deskOrg,
            LeaseHeartbeat leases,
            int maxFailedRuns,
            Clock clock,
            ObjectMapper json) {
        this.maxFailedRuns = maxFailedRuns;
        this.syncs = syncs;
        this.states = states;
        this.runs = runs;
        this.mirror = mirror;
        this.deskOrg = deskOrg;
        this.leases = leases;
        this.lease = leases.lease();
        this.clock = clock;
        this.json = json;
        this.progress = new RunProgress(mirror, runs, clock);
    }

    /**
     * Used by the schedule: starts a run if the sync is active and not running, and sets the run on
     * the exchange; otherwise the fire is skipped with a log line (it is not an error).
     */
    public void claimScheduled(String syncId, Exchange exchange) {
        java.util.Date fired = exchange.getMessage().getHeader("scheduledFireTime", java.util.Date.class);
        if (fired != null) {
            awaitSyncsDueFirst(syncId, fired.toInstant());
        }
        SyncStates.Claim claim = claim(syncId, "schedule");
        if (claim.started()) {
            begin(syncId, claim.runId(), "schedule", run -> exchange.setProperty(RunContext.PROPERTY, run));
        } else {
            LOG.info("Scheduled {} run skipped: {}", syncId, claim.refusal());
        }
    }

    /**
     * When a sync this one depends on (contacts on accounts) fired at the same time, waits until that
     * run is through, so contacts find their accounts already linked. Bounded: a dependency whose run
     * does not show up soon, whose node stopped renewing its lease, or that takes longer than half an hour, is not
     * waited for.
     */
    void awaitSyncsDueFirst(String syncId, Instant fired) {
        for (String dep : syncs.get(syncId).module().syncAfter()) {
            SyncDefinition d = syncs.get(dep);
            if (d == null
                    || !d.direction().flows() && !d.module().runsWithoutFlow()
                    || !dueAt(d.cron(), fired)
                    || states.find(dep).map(r -> r.state() != SyncState.ACTIVE).orElse(true)) {
                continue;
            }
            Instant giveUp = clock.instant().plus(DEPENDENCY_WAIT);
            Instant noShow = clock.instant().plusSeconds(30);
            while (clock.instant().isBefore(giveUp)) {
                var last = runs.last(dep).filter(r -> !r.startedAt().isBefore(fired.minusSeconds(1)));
                if (last.isPresent() && (last.get().status() != RunStatus.RUNNING || !leaseHeld(dep, last.get()))) {
                    break;
                }
                if (last.isEmpty() && clock.instant().isAfter(noShow)) {
                    break;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The run still holds its sync's lease: its node is alive and renewing it. */
    private boolean leaseHeld(String syncId, Runs.Run run) {
        return states.find(syncId)
                .filter(r -> r.runningRunId() != null && r.runningRunId() == run.runId())
                .map(r -> r.leaseUntil() != null && r.leaseUntil().isAfter(clock.instant()))
                .orElse(false);
    }

    private static boolean dueAt(String cron, Instant fired) {
        try {
            return new org.quartz.CronExpression(cron).isSatisfiedBy(java.util.Date.from(fired));
        } catch (java.text.ParseException e) {
            return false;
        }
    }

    /** Used by "run now": the claim, so the caller can answer 202 or 409. */
    public SyncStates.Claim claim(String syncId, String trigger) {
        // With direction none, a field-mapped sync still runs to link (and writes nothing), tickets keep their mirror.
        if (!syncs.get(syncId).module().runsWithoutFlow()
                && states.find(syncId).map(r -> !r.direction().flows()).orElse(false)) {
            return new SyncStates.Claim(null, "sync '" + syncId + "' has direction none: nothing flows either way");
        }
        return leases.claim(syncId, deskOrg, trigger);
    }

    /**
     * Gets a claimed run going: its context handed to {@code start} (set on the fire's exchange, or sent to the sync's
     * route). Whatever fails before the run's route has it (the store unreachable while the context is read, a send
     * refused while Camel stops) ends the run FAILED with the reason, its lease released and no longer renewed, and is
     * thrown: no run would end it otherwise, and its lease would be renewed for the life of the process.
     */
    public void begin(String syncId, long runId, String trigger, java.util.function.Consumer<RunContext> start) {
        try {
            start.accept(context(syncId, runId, trigger));
        } catch (RuntimeException e) {
            notStarted(syncId, runId, e);
            throw e;
        }
    }

    /** A run's exchange came back failed: the run ends FAILED unless its route ended it (or gave up ending it). */
    public void endUnlessEnded(RunContext run, Throwable why) {
        if (ended.add(run)) {
            notStarted(run.syncId(), run.runId(), why);
        }
    }

    /** Ends a claimed run that never got going (see {@link #begin}); a run that did end is left as it ended. */
    private void notStarted(String syncId, long runId, Throwable why) {
        String message = "the run could not start: " + (why.getMessage() == null ? why.toString() : why.getMessage());
        try {
            endWrites.write(() -> states.endRun(
                    syncId,
                    runId,
                    () -> runs.finish(
                            runId,
                            RunStatus.FAILED,
                            new RunCounters().snapshot(),
                            clock.instant(),
                            message,
                            0,
                            0,
                            Runs.Throttling.NONE,
                            Runs.Throttling.NONE)));
            LOG.error("{} run {} FAILED: {}", syncId, runId, message);
        } catch (StoreException e) {
            LOG.error(
                    "{} run {} could not start ({}) and its end could not be written ({}): it shows RUNNING until its"
                            + " lease expires",
                    syncId,
                    runId,
                    message,
                    e.getMessage());
        } finally {
            leases.stop(runId);
            progress.untrack(runId);
        }
    }

    public RunContext context(String syncId, long runId, String trigger) {
        io.deskbridge.model.Direction direction = states.find(syncId)
                .map(SyncStates.Row::direction)
                .orElse(syncs.get(syncId).direction());
        RunContext run = new RunContext(runId, syncs.get(syncId), direction, deskOrg, trigger, clock.instant());
        run.retriesAtStart(retries.getAsLong());
        run.gatesAtStart(gateCounts());
        progress.track(run);
        return run;
    }

    /** Where retries are counted and how many one run may make before it stops (0: no cap). */
    public void capRetries(java.util.function.LongSupplier retries, long cap) {
        this.retries = retries;
        this.retryCap = cap;
    }

    /**
     * The systems' gates, whose 429s and waits each run reports as its own: what they counted between its start and
     * its end. Two runs at once (two syncs) both count a 429 that came in while both were running.
     */
    public void watchGates(Map<String, SystemGate> gates) {
        this.gates = gates;
    }

    /** Told what failed each run that ended FAILED, once its end is written (the failure's kind is kept). */
    public void onFailure(java.util.function.ObjLongConsumer<Throwable> listener) {
        this.failureKinds = listener;
    }

    /** Told of every run this node ends, once its end is written (the metrics count it). */
    public void onEnd(java.util.function.Consumer<Ended> listener) {
        this.onEnd = listener;
    }

    private Map<String, SystemGate.Counts> gateCounts() {
        Map<String, SystemGate.Counts> now = new java.util.TreeMap<>();
        gates.forEach((system, gate) -> now.put(system, gate.counts()));
        return now;
    }

    private Map<String, SystemGate.Counts> gateCountsOf(RunContext run) {
        Map<String, SystemGate.Counts> since = gateCounts();
        since.replaceAll(
                (system, now) -> now.minus(run.gatesAtStart().getOrDefault(system, new SystemGate.Counts(0, 0, 0))));
        return since;
    }

    /**
     * Records that wait for the link of a record they refer to (a contact whose account was not linked yet) are
     * queued again once that link exists, whichever run made it: this run completes them.
     */
    public void requeueCompletedReferences(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        // Direction none writes no reference: the waits are kept for the first run that writes again.
        if (!run.sync().module().lookups().isEmpty() && !run.writesNothing()) {
            int n = mirror.requeueWhoseLookupsAreLinked(run.syncId(), deskOrg);
            if (n > 0) {
                LOG.info(
                        "{} run {}: {} record(s) queued again, the records they refer to are linked now",
                        run.syncId(),
                        run.runId(),
                        n);
            }
        }
    }

    /** The staged CRM records of this run, read from the store a batch at a time. */
    public Iterator<SyncRecord> pendingCrmRecords(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        return pending(run, Side.CRM);
    }

    /** The staged Desk records of this run (two-way syncs only stage them). */
    public Iterator<SyncRecord> pendingDeskRecords(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        return pending(run, Side.DESK);
    }

    private Iterator<SyncRecord> pending(RunContext run, Side side) {
        return new Iterator<>() {
            private final Deque<SyncRecord> buffer = new ArrayDeque<>();
            private String lastId = "";
            private boolean exhausted;
            private Instant renewed = clock.instant();

            @Override
            public boolean hasNext() {
                // Camel may ask once more after the run ended (a record's failure): there is nothing left to give.
                if (ended.contains(run)) {
                    return false;
                }
                // Asked before each record: a failure noted while keeping the last one's ends the run here.
                run.throwIfEnding();
                leases.progress(run.runId());
                if (buffer.isEmpty() && !exhausted) {
                    fill();
                }
                return !buffer.isEmpty();
            }

            @Override
            public SyncRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                // A slow batch (rate limits, slow answers) checks it still holds the lease on time, too.
                if (Duration.between(renewed, clock.instant()).compareTo(lease.dividedBy(5)) > 0) {
                    batchBoundary(run);
                    renewed = clock.instant();
                }
                run.counters().read();
                return buffer.removeFirst();
            }

            private void fill() {
                if (stopped(run)) {
                    exhausted = true;
                    return;
                }
                if (!lastId.isEmpty()) {
                    batchBoundary(run);
                }
                var rows = mirror.pendingAfter(run.syncId(), side.system(), run.scope(side), lastId, BATCH);
                if (rows.size() < BATCH) {
                    exhausted = true;
                }
                for (Mirror.Row row : rows) {
                    buffer.add(new SyncRecord(side, row.recordId(), parse(row.payload())));
                    lastId = row.recordId();
                }
                progress.passAt(run, side, lastId, run.counters().snapshot().read() + buffer.size(), exhausted);
            }
        };
    }

    /**
     * A pause (or disable) takes effect here, between batches: what was written is committed with its
     * link and watermark, and the records not reached stay staged for the next run.
     */
    private boolean stopped(RunContext run) {
        if (run.stoppedBecause() != null) {
            return true;
        }
        if (shuttingDown) {
            run.stop(
                    "stopped between batches: Deskbridge is shutting down; the records not reached wait for the next run");
            return true;
        }
        long retried = retries.getAsLong() - run.retriesAtStart();
        if (retryCap > 0 && retried > retryCap) {
            run.stop("stopped between batches: " + retried + " API calls had to be retried in this run (cap "
                    + "deskbridge.http.max-retries-per-run = " + retryCap
                    + "); the APIs are struggling, the rest waits for the next run");
            return true;
        }
        String overCap = gateCountsOf(run).entrySet().stream()
                .filter(e -> e.getValue().overCap() > 0)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (overCap != null) {
            run.stop("stopped between batches: the " + overCap
                    + " API asked to wait longer than deskbridge.http.max-retry-after; "
                    + "the rest waits for the next run");
            return true;
        }
        SyncState state = states.find(run.syncId()).map(SyncStates.Row::state).orElse(SyncState.DISABLED);
        // A dry run previews a sync in any state (before its first activation, say): it writes nothing.
        if (state != SyncState.ACTIVE && !run.dryRun()) {
            run.stop("stopped between batches: the sync was set to " + state
                    + "; the records not reached wait for the next run");
            return true;
        }
        return false;
    }

    private void batchBoundary(RunContext run) {
        leases.progress(run.runId());
        if (run.dryRun()) {
            // Inside the dry run's transaction these would lock its sync's row and its run's row until it ends (the
            // heartbeat renews the lease meanwhile), and be rolled back anyway; a dry run writes nothing to fence.
            return;
        }
        if (!states.renewLease(run.syncId(), run.runId(), lease)) {
            throw new IllegalStateException(
                    "run " + run.runId() + " lost its lease on " + run.syncId() + "; another node took it over");
        }
        runs.progress(run.runId(), run.counters().snapshot());
    }

    /**
     * For a sync that commits page by page on its own (tickets): renews the lease and saves the run's progress after a
     * committed page, and says whether the run must stop there (paused, shutting down, retry cap), as between two
     * batches of staged records.
     */
    public boolean pageDone(RunContext run) {
        batchBoundary(run);
        return stopped(run);
    }

    /** Runs in progress stop at their next batch boundary: a shutdown waits for a batch, not a whole run. */
    public void shutdown() {
        shuttingDown = true;
        progress.close();
    }

    /**
     * Two-way syncs also carry Desk changes to the CRM, and direction none links a changed Desk record to its CRM
     * match; the route asks before the Desk pass.
     */
    public boolean passesDeskRecords(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        return run.passesDeskRecords();
    }

    /** Direction none: the record router links what matches and writes nothing (routes/sync-pipeline.camel.yaml). */
    public boolean writesNothing(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        return run.writesNothing();
    }

    public void finish(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        run.throwIfEnding();
        RunCounters.Snapshot c = run.counters().snapshot();
        String stopped = run.stoppedBecause();
        // A stopped run left records for the next one: that it stopped matters more than what failed before it did.
        RunStatus status =
                stopped != null ? RunStatus.STOPPED : c.failed() > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED;
        end(
                run,
                status,
                java.util.stream.Stream.of(
                                dryRunNote(run),
                                noneNote(run),
                                failedNote(run),
                                waitingNote(run),
                                run.skipped(),
                                stopped)
                        .filter(java.util.Objects::nonNull)
                        .reduce(SyncRuns::joined)
                        .orElse(null));
    }

    /**
     * A failure reached the run's route (run-failures in routes/sync-pipeline.camel.yaml): the run ends, and what it
     * did not reach waits for the next one.
     */
    public void abort(
            @ExchangeProperty(RunContext.PROPERTY) RunContext run,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        Throwable cause = typedCause(error);
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        boolean budget = cause instanceof BudgetExhausted;
        if (budget || shuttingDown) {
            // Not a failure: the run stops cleanly, and everything not reached stays staged for the next run.
            end(
                    run,
                    RunStatus.STOPPED,
                    joined(
                            failedNote(run),
                            "stopped: "
                                    + (budget
                                            ? message
                                            : "Deskbridge is shutting down; the records not reached wait for the next run")));
            return;
        }
        if (!end(run, RunStatus.FAILED, message) || run.dryRun()) {
            // A failed dry run is not a failed run of the sync: it does not count towards pausing it.
            return;
        }
        failureKinds.accept(cause, run.runId());
        int failures = runs.failedInARow(run.syncId(), maxFailedRuns);
        if (failures >= maxFailedRuns) {
            String reason = PAUSED_ITSELF + failures + " failed runs in a row; last error: " + message;
            if (states.transition(run.syncId(), SyncState.PAUSED, run.direction(), reason)
                    .done()) {
                LOG.error("{} {}", run.syncId(), reason);
            }
        }
    }

    /**
     * The connector's or the store's failure out of what carried it here (a record's failure that stops the run reaches
     * it inside the split's exception); anything else as it was thrown.
     */
    private static Throwable typedCause(Exception error) {
        ApiException api = ObjectHelper.getException(ApiException.class, error);
        if (api != null) {
            return api;
        }
        StoreException store = ObjectHelper.getException(StoreException.class, error);
        return store != null ? store : error;
    }

    private static String failedNote(RunContext run) {
        int failed = run.counters().snapshot().failed();
        return failed > 0 ? failed + " record(s) failed; see /admin/syncs/" + run.syncId() + "/errors" : null;
    }

    /** A dry run's figures are what a run would do: the message says nothing was done. */
    private static String dryRunNote(RunContext run) {
        return run.dryRun()
                ? "dry run: nothing was written to either system and no sync state moved (watermarks, links, mirror);"
                        + " the figures and the preview are what a run would do now"
                : null;
    }

    /** A none run's figures show links only: the message says why the rest is 0. */
    private static String noneNote(RunContext run) {
        return run.writesNothing()
                ? "direction none: records on both sides were linked; nothing was written to either system,"
                        + " and records without a match or in conflict are not reported"
                : null;
    }

    /** Said on every run while some records wait, so a reference held back is never silent. */
    private String waitingNote(RunContext run) {
        if (run.sync().module().lookups().isEmpty() || run.writesNothing()) {
            return null;
        }
        int waiting = mirror.waitingForLinks(run.syncId(), deskOrg);
        List<String> via = run.sync().module().lookups().stream()
                .map(ModuleSpec.Lookup::viaSync)
                .distinct()
                .toList();
        String what = String.join(", ", via);
        return waiting == 0
                ? null
                : waiting + " record(s) wait for their " + what + " to be linked by the " + what
                        + " sync; each is completed by the first run after that";
    }

    private static String joined(String first, String second) {
        return first == null ? second : second == null ? first : first + "; " + second;
    }

    /** Writes a run's end and releases its lease; the lease is renewed until then. */
    private void writeEnd(RunContext run, RunStatus status, Runnable write) {
        try {
            write.run();
        } catch (StoreException e) {
            // Given up: run-failures will not end it again (see ended), the lease runs out a lease after this.
            LOG.error(
                    "{} run {} ended {} but its end could not be written to the state store in {} s ({}): it shows"
                            + " RUNNING until its lease expires or this node restarts",
                    run.syncId(),
                    run.runId(),
                    status,
                    endWrites.bound().toSeconds(),
                    e.getMessage());
            throw e;
        } finally {
            // Renewed until the end is written: while the end is retried, no other node takes the sync over and
            // has its run overwritten by this one's end.
            leases.stop(run.runId());
            progress.untrack(run.runId());
        }
    }

    /** Ends the run; false if it had ended already. */
    private boolean end(RunContext run, RunStatus status, String message) {
        if (!ended.add(run)) {
            LOG.debug("{} run {} has ended already; not ended again as {}", run.syncId(), run.runId(), status);
            return false;
        }
        Instant now = clock.instant();
        // Writes still queued when a run stops early were never sent: their records stay staged, not reached.
        for (int i = run.deskQueue().size() + run.crmQueue().size(); i > 0; i--) {
            run.counters().notReached();
        }
        run.deskQueue().clear();
        run.crmQueue().clear();
        RunCounters.Snapshot c = run.counters().snapshot();
        Map<String, SystemGate.Counts> gated = gateCountsOf(run);
        // A chats run's two systems are Zendesk Sell (in the CRM's place) and Zendesk Chat (in the Desk's).
        List<String> systems = run.sync().module().systems();
        String first = systems.get(0);
        String second = systems.get(1);
        Runs.Throttling crm = throttling(gated.get(first));
        Runs.Throttling desk = throttling(gated.get(second));
        Runnable written = () -> writeEnd(
                run,
                status,
                () -> endWrites.write(() -> states.endRun(
                        run.syncId(),
                        run.runId(),
                        () -> runs.finish(
                                run.runId(), status, c, now, message, run.crmCalls(), run.deskCalls(), crm, desk))));
        if (run.dryRun()) {
            // Inside the dry run's transaction the end would be rolled back with the rest: written after it.
            run.endAfterRollback(written);
        } else {
            written.run();
        }
        long ms = Duration.between(run.startedAt(), now).toMillis();
        try {
            onEnd.accept(new Ended(
                    run.syncId(),
                    status,
                    Duration.ofMillis(ms),
                    c,
                    systems,
                    List.of(run.crmCalls(), run.deskCalls()),
                    List.of(crm, desk),
                    run.dryRun()));
        } catch (RuntimeException e) {
            // Counting a run must never fail it: its end is written already.
            LOG.warn("{} run {}: its figures could not be counted in the metrics: {}", run.syncId(), run.runId(), e);
        }
        String line = String.format(
                java.util.Locale.ROOT,
                "%s run %d %s in %d ms: %s; api calls %s=%d %s=%d;"
                        + " 429s %s=%d %s=%d, gate closed %s=%.1fs %s=%.1fs%s",
                run.syncId(),
                run.runId(),
                status,
                ms,
                c,
                first,
                run.crmCalls(),
                second,
                run.deskCalls(),
                first,
                crm.throttled(),
                second,
                desk.throttled(),
                first,
                crm.waitedMillis() / 1000.0,
                second,
                desk.waitedMillis() / 1000.0,
                message == null ? "" : "; " + message);
        if (status == RunStatus.FAILED) {
            LOG.error(line);
        } else if (status == RunStatus.PARTIAL || status == RunStatus.STOPPED) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
        return true;
    }

    private static Runs.Throttling throttling(SystemGate.Counts counts) {
        return counts == null ? Runs.Throttling.NONE : new Runs.Throttling(counts.throttled(), counts.waitedMillis());
    }

    private ObjectNode parse(String payload) {
        try {
            return (ObjectNode) json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
