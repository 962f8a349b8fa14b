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
import io.deskbridge.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 4: the run lease is renewed while the run's node is alive, not only at batch boundaries, so a run may
 * outlast its lease, and a node that stopped renewing loses it a lease later. Two nodes on one store, a short lease.
 */
class LeaseHeartbeatTest {

    static final Duration LEASE = Duration.ofSeconds(2);

    Database db;
    SyncStates nodeA;
    SyncStates nodeB;
    LeaseHeartbeat heartbeatA;

    @BeforeEach
    void open() {
        var store = TestDatabase.fresh("lease-heartbeat");
        db = Database.open(store.url(), store.user(), store.password());
        nodeA = new SyncStates(db.jdbc(), new Runs(db.jdbc()), Clock.systemUTC(), "node-a");
        nodeB = new SyncStates(db.jdbc(), new Runs(db.jdbc()), Clock.systemUTC(), "node-b");
        nodeA.ensure("contacts", Direction.TWO_WAY);
        heartbeatA = new LeaseHeartbeat(nodeA, LEASE);
    }

    @AfterEach
    void close() {
        heartbeatA.close();
        db.close();
    }

    @Test
    void aRunLongerThanItsLeaseKeepsItAndASecondClaimMeanwhileIsRefused() throws Exception {
        long run = heartbeatA.claim("contacts", "org", "schedule").runId();
        Thread.sleep(LEASE.multipliedBy(5).toMillis() / 2);
        SyncStates.Claim second = nodeB.claimRun("contacts", "org", "schedule", LEASE);
        assertFalse(second.started(), "two and a half leases into the run, its lease is still held");
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
        Thread.sleep(LEASE.toMillis());
        assertEquals(0, heartbeatA.renewing(), "the renewal is fenced on the run: node A stopped renewing");
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

    private String owner() {
        return db.jdbc()
                .queryOne("SELECT lease_owner FROM sync_state WHERE sync_id = ?", rs -> rs.getString(1), "contacts")
                .orElseThrow();
    }
}
