package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.model.ConfigurationException;
import io.deskbridge.model.Direction;
import io.deskbridge.model.RunStatus;
import io.deskbridge.store.Database;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.support.MovableClock;
import io.deskbridge.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 4: the run lease is renewed while the run's node is alive, not only at batch boundaries, so a run may
 * outlast its lease, and a node that stopped renewing loses it a lease later. Two nodes on one store, a short lease
 * (6 s, renewed every 1.5 s: a stall of several seconds on a loaded machine loses nothing). A run silent for too long
 * (a stuck thread) is no longer renewed.
 */
class LeaseHeartbeatTest {

    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration SILENCE = LEASE.multipliedBy(3);

    Database db;
    SyncStates nodeA;
    SyncStates nodeB;
    LeaseHeartbeat heartbeatA;
    MovableClock heartbeatClock = new MovableClock(Instant.now());
    java.util.concurrent.atomic.AtomicLong apiCalls = new java.util.concurrent.atomic.AtomicLong();

    @BeforeEach
    void open() {
        var store = TestDatabase.fresh("lease-heartbeat");
        db = Database.open(store.url(), store.user(), store.password());
        nodeA = new SyncStates(db.jdbc(), new Runs(db.jdbc()), Clock.systemUTC(), "node-a");
        nodeB = new SyncStates(db.jdbc(), new Runs(db.jdbc()), Clock.systemUTC(), "node-b");
        nodeA.ensure("contacts", Direction.TWO_WAY);
        heartbeatA = new LeaseHeartbeat(nodeA, LEASE, SILENCE, heartbeatClock);
        heartbeatA.watchActivity(apiCalls::get);
    }

    @AfterEach
    void close() {
        heartbeatA.close();
        db.close();
    }

    @Test
    void aRunLongerThanItsLeaseKeepsItAndASecondClaimMeanwhileIsRefused() throws Exception {
        long run = heartbeatA.claim("contacts", "org", "schedule").runId();
        Thread.sleep(LEASE.multipliedBy(3).toMillis() / 2);
        SyncStates.Claim second = nodeB.claimRun("contacts", "org", "schedule", LEASE);
        assertFalse(second.started(), "a lease and a half into the run, its lease is still held");
        assertEquals("sync 'contacts' is already running (run " + run + ")", second.refusal());
        assertEquals(
                RunStatus.RUNNING,
                new Runs(db.jdbc()).find("contacts", run).orElseThrow().status());
        heartbeatA.stop(run);
        assertEquals(0, heartbeatA.renewing());
    }

    @Test
    void aRunWhoseNodeStoppedRenewingIsTakenOverAfterTheLease() throws Exception {
        long run = heartbeatA.claim("contacts", "org", "schedule").runId();
        heartbeatA.close(); // node A dies: nothing renews its run's lease any more
        assertFalse(nodeB.claimRun("contacts", "org", "schedule", LEASE).started(), "within the lease");
        Thread.sleep(LEASE.toMillis() + 500);
        SyncStates.Claim taken = nodeB.claimRun("contacts", "org", "schedule", LEASE);
        assertTrue(taken.started(), "a lease after the last renewal: " + taken.refusal());
        var abandoned = new Runs(db.jdbc()).find("contacts", run).orElseThrow();
        assertEquals(RunStatus.FAILED, abandoned.status());
        assertEquals("node-b", owner());
    }

    @Test
    void aRunWhoseSyncWasTakenOverStopsRenewingTheLease() throws Exception {
        heartbeatA.claim("contacts", "org", "schedule");
        // Node B's clock is two leases ahead, as after a stall of node A longer than its lease.
        SyncStates late = new SyncStates(
                db.jdbc(), new Runs(db.jdbc()), Clock.offset(Clock.systemUTC(), LEASE.multipliedBy(2)), "node-b");
        long taken = late.claimRun("contacts", "org", "schedule", LEASE).runId();
        assertTrue(
                stopsRenewingWithin(LEASE.multipliedBy(2)),
                "the renewal is fenced on the run: node A stopped renewing");
        assertEquals("node-b", owner());
        assertEquals(taken, nodeA.find("contacts").orElseThrow().runningRunId());
    }

    @Test
    void aLeaseBelowTheMinimumIsRefusedNamingTheKey() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> LeaseHeartbeat.checked(Duration.ofSeconds(5)));
        assertEquals(
                "deskbridge.sync.run-lease = 5s is shorter than the minimum 10s: a live run could lose its lease"
                        + " between two renewals",
                e.getMessage());
        assertEquals(Duration.ofSeconds(10), LeaseHeartbeat.checked(Duration.ofSeconds(10)));
    }

    @Test
    void aRunSilentLongerThanAllowedIsNoLongerRenewedAndIsTakenOverALeaseLater() throws Exception {
        long run = heartbeatA.claim("contacts", "org", "schedule").runId();
        Thread.sleep(LEASE.toMillis() / 2); // a beat or more
        assertEquals(1, heartbeatA.renewing());
        heartbeatClock.jump(SILENCE.plusSeconds(1)); // its thread is stuck: no record, batch, page or call since
        assertTrue(stopsRenewingWithin(LEASE), "a run silent for longer than allowed is no longer renewed");
        Instant until = nodeB.find("contacts").orElseThrow().leaseUntil();
        assertEquals(run, nodeB.find("contacts").orElseThrow().runningRunId(), "the lease runs out, not taken back");
        Thread.sleep(Duration.between(Instant.now(), until).toMillis() + 500);
        assertTrue(nodeB.claimRun("contacts", "org", "schedule", LEASE).started(), "a lease after the last renewal");
    }

    @Test
    void aRunShowingProgressOrWhoseNodeMakesCallsKeepsItsLeaseHoweverLongItRuns() throws Exception {
        long run = heartbeatA.claim("contacts", "org", "schedule").runId();
        for (int i = 0; i < 4; i++) {
            heartbeatClock.jump(SILENCE.dividedBy(2));
            // Alternately a record or batch of the run, and an API call (a page pulled, a write) of this node.
            if (i % 2 == 0) {
                heartbeatA.progress(run);
            } else {
                apiCalls.incrementAndGet();
            }
            Thread.sleep(LEASE.toMillis() / 2); // a beat or more sees it
        }
        assertEquals(1, heartbeatA.renewing(), "two silences allowed have passed, but never one without progress");
        heartbeatA.stop(run);
    }

    @Test
    void aHealthyRunWaitingOutTheLongestRetryAfterIsNotSilentForTooLong() {
        Duration allowed =
                LeaseHeartbeat.silenceAllowed(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertTrue(
                allowed.compareTo(Duration.ofMinutes(5).plusSeconds(30)) > 0,
                "a Retry-After at deskbridge.http.max-retry-after and the call after it fit: " + allowed);
        assertEquals(
                Duration.ofMinutes(10),
                LeaseHeartbeat.silenceAllowed(Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(30)),
                "otherwise " + LeaseHeartbeat.SILENT_LEASES + " leases");
    }

    private boolean stopsRenewingWithin(Duration d) throws InterruptedException {
        long giveUp = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < giveUp) {
            if (heartbeatA.renewing() == 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return heartbeatA.renewing() == 0;
    }

    private String owner() {
        return db.jdbc()
                .queryOne("SELECT lease_owner FROM sync_state WHERE sync_id = ?", rs -> rs.getString(1), "contacts")
                .orElseThrow();
    }
}
