package io.deskbridge.sync.dryrun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.model.DryRunPreview;
import io.deskbridge.model.RunStatus;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.run.SyncRuns;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dry runs: the sync's own route (routes/sync-pipeline.camel.yaml), run with connectors that only answer writes
 * ({@link DryRunConnector}) and inside one database transaction that is rolled back at its end.
 *
 * <p>Why a rolled-back transaction rather than a path of its own: the run pulls, stages, matches and settles exactly
 * as a run does, reading what it staged itself, so the preview is what a run would do; and every state it moves
 * (watermarks, staged records, links, the mirror, write intents, kept errors), today's and any added later, is undone
 * by the database, not by a list of places to skip. What must outlive it is written outside: the call budget
 * ({@link Jdbc#apart}), and the run's own row (its end and its preview, once the transaction is rolled back).
 */
public final class DryRuns {

    private static final Logger LOG = LoggerFactory.getLogger(DryRuns.class);

    private final CamelContext context;
    private final SyncRuns syncRuns;
    private final Jdbc jdbc;
    private final Runs runs;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService runners;
    private volatile ProducerTemplate producer;

    public DryRuns(CamelContext context, SyncRuns syncRuns, Jdbc jdbc, Runs runs, ObjectMapper json, Clock clock) {
        this.context = context;
        this.syncRuns = syncRuns;
        this.jdbc = jdbc;
        this.runs = runs;
        this.json = json;
        this.clock = clock;
        this.runners = context.getExecutorServiceManager().newCachedThreadPool(this, "DryRun");
    }

    /** Claims the sync's lease (no run of it goes on meanwhile) and starts the dry run; the claim says if it did. */
    public SyncStates.Claim start(String syncId) {
        SyncStates.Claim claim = syncRuns.claim(syncId, Runs.DRY_RUN);
        if (claim.started()) {
            syncRuns.begin(syncId, claim.runId(), Runs.DRY_RUN, run -> runners.execute(() -> dryRun(run)));
        }
        return claim;
    }

    private void dryRun(RunContext run) {
        DryRunPreview preview = new DryRunPreview();
        run.dryRun(preview, clock);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try {
            // On this thread throughout: the route's steps are direct calls, so every store access shares the
            // transaction (Desk writes go out from sender threads, but those make no store access).
            jdbc.inRolledBackTransaction(() -> {
                Exchange done =
                        producer().send("direct:sync-" + run.syncId(), e -> e.setProperty(RunContext.PROPERTY, run));
                failed.set(done.getException());
            });
        } catch (RuntimeException e) {
            failed.compareAndSet(null, e);
        }
        try {
            runs.preview(run.runId(), json.writeValueAsString(preview.byOutcome()));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("{} dry run {}: its preview could not be stored: {}", run.syncId(), run.runId(), e.toString());
        }
        Runnable end = run.endAfterRollback();
        if (end == null) {
            syncRuns.endUnlessEnded(
                    run, failed.get() != null ? failed.get() : new IllegalStateException("the dry run did not end"));
            return;
        }
        if (failed.get() != null) {
            failedAfterItsEnd(run, failed.get());
        }
        try {
            // Releases the lease and stops its renewal; after a failure the row is FAILED already and stays so (the
            // end is written only over a RUNNING row).
            end.run();
        } catch (RuntimeException e) {
            // Logged where it was written; nothing here can write it again.
        }
    }

    /**
     * The route ended the dry run, and then something failed (the rollback, the exchange): its preview may miss what
     * it did, so it ends FAILED, which no first activation takes for a dry run made (deskbridge.sync.require-dry-run).
     */
    private void failedAfterItsEnd(RunContext run, Throwable why) {
        String message =
                "the dry run failed after its end: " + (why.getMessage() == null ? why.toString() : why.getMessage());
        LOG.error("{} dry run {} FAILED: {}", run.syncId(), run.runId(), message);
        try {
            runs.finish(
                    run.runId(),
                    RunStatus.FAILED,
                    run.counters().snapshot(),
                    clock.instant(),
                    message,
                    run.crmCalls(),
                    run.deskCalls(),
                    Runs.Throttling.NONE,
                    Runs.Throttling.NONE);
        } catch (RuntimeException e) {
            LOG.error("{} dry run {}: its failure could not be written: {}", run.syncId(), run.runId(), e.toString());
        }
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = context.createProducerTemplate();
                }
            }
        }
        return producer;
    }
}
