package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.model.Direction;
import io.deskbridge.model.RunCounters;
import io.deskbridge.model.RunStatus;
import io.deskbridge.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, review finding 6: a run's end written late (retried through a database outage longer than its lease) after
 * another node abandoned the run and took its sync over neither overwrites the abandoned run nor releases the
 * takeover's lease. On H2 and, with -Ddeskbridge.test.db=postgresql, on PostgreSQL.
 */
class RunEndFenceTest {

    static final Duration LEASE = Duration.ofSeconds(10);

    Database db;
    Runs runs;
    SyncStates nodeA;
    SyncStates nodeB;

    @BeforeEach
    void open() {
        var store = TestDatabase.fresh("run-end-fence");
        db = Database.open(store.url(), store.user(), store.password());
        // One Jdbc for the runs and the states, as the runtime has: a transaction of one is the other's too.
        Jdbc jdbc = db.jdbc();
        runs = new Runs(jdbc);
        nodeA = new SyncStates(jdbc, runs, Clock.systemUTC(), "node-a");
        // Node B comes after node A's lease ran out.
        nodeB = new SyncStates(jdbc, runs, Clock.offset(Clock.systemUTC(), LEASE.multipliedBy(2)), "node-b");
        nodeA.ensure("contacts", Direction.TWO_WAY);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anEndWrittenAfterAnotherNodeAbandonedTheRunDoesNotOverwriteItNorReleaseTheTakeover() {
        long first = nodeA.claimRun("contacts", "org", "schedule", LEASE).runId();
        long takeover = nodeB.claimRun("contacts", "org", "schedule", LEASE).runId();
        assertEquals(
                RunStatus.FAILED, runs.find("contacts", first).orElseThrow().status(), "abandoned by node B");

        // Node A's end, retried until the database answered again.
        runs.finish(
                first,
                RunStatus.SUCCEEDED,
                new RunCounters().snapshot(),
                Instant.now(),
                "late",
                3,
                4,
                Runs.Throttling.NONE,
                Runs.Throttling.NONE);
        nodeA.releaseRun("contacts", first);

        Runs.Run abandoned = runs.find("contacts", first).orElseThrow();
        assertEquals(RunStatus.FAILED, abandoned.status());
        assertTrue(abandoned.message().contains("stopped before it finished"), abandoned.message());
        assertEquals(
                RunStatus.RUNNING, runs.find("contacts", takeover).orElseThrow().status());
        assertEquals(takeover, nodeA.find("contacts").orElseThrow().runningRunId(), "node B's run keeps its lease");
    }

    @Test
    void aRunsEndAndItsReleasedLeaseAreSeenTogether() {
        long run = nodeA.claimRun("contacts", "org", "schedule", LEASE).runId();
        // Another node's view, on a connection of its own, while the end is being written.
        Runs othersRuns = new Runs(new Jdbc(db.jdbc().dataSource()));
        RunStatus[] seenMidway = new RunStatus[1];
        nodeA.endRun("contacts", run, () -> {
            runs.finish(
                    run,
                    RunStatus.SUCCEEDED,
                    new RunCounters().snapshot(),
                    Instant.now(),
                    null,
                    0,
                    0,
                    Runs.Throttling.NONE,
                    Runs.Throttling.NONE);
            seenMidway[0] = othersRuns.find("contacts", run).orElseThrow().status();
        });
        assertEquals(
                RunStatus.RUNNING,
                seenMidway[0],
                "until the lease is released, nobody sees the run ended (a run now right after would be refused)");
        assertEquals(
                RunStatus.SUCCEEDED, runs.find("contacts", run).orElseThrow().status());
        assertEquals(null, nodeA.find("contacts").orElseThrow().runningRunId(), "the lease is released");
        assertTrue(nodeA.claimRun("contacts", "org", "api", LEASE).started(), "the next run starts at once");
    }

    @Test
    void theRunningRunsEndIsWritten() {
        long run = nodeA.claimRun("contacts", "org", "schedule", LEASE).runId();
        runs.finish(
                run,
                RunStatus.SUCCEEDED,
                new RunCounters().snapshot(),
                Instant.now(),
                null,
                3,
                4,
                Runs.Throttling.NONE,
                Runs.Throttling.NONE);
        nodeA.releaseRun("contacts", run);
        assertEquals(
                RunStatus.SUCCEEDED, runs.find("contacts", run).orElseThrow().status());
        assertEquals(null, nodeA.find("contacts").orElseThrow().runningRunId());
    }
}
