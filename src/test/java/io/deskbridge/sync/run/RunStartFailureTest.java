package io.deskbridge.sync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.model.Direction;
import io.deskbridge.model.RunStatus;
import io.deskbridge.store.Database;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.support.TestDatabase;
import io.deskbridge.sync.LeaseHeartbeat;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, review finding 3: a run claimed by "run now" or a replay that fails before its route has it (its context
 * not read while the database restarts, the send refused while Camel stops) ends FAILED with the reason, its lease
 * released and no longer renewed; before, nothing ended it and the heartbeat renewed its lease for ever.
 */
class RunStartFailureTest {

    Database db;
    Runs runs;
    SyncStates states;
    LeaseHeartbeat leases;

    @BeforeEach
    void open() {
        var store = TestDatabase.fresh("run-start-failure");
        db = Database.open(store.url(), store.user(), store.password());
        runs = new Runs(db.jdbc());
        states = new SyncStates(db.jdbc(), runs, Clock.systemUTC(), "node-a");
        states.ensure("contacts", Direction.TWO_WAY);
        leases = new LeaseHeartbeat(states, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        leases.close();
        db.close();
    }

    private SyncRuns syncRuns(Map<String, SyncDefinition> syncs) {
        return new SyncRuns(
                syncs,
                states,
                runs,
                new Mirror(db.jdbc(), Clock.systemUTC()),
                "org",
                leases,
                5,
                Clock.systemUTC(),
                new ObjectMapper());
    }

    @Test
    void aRunWhoseSendIsRefusedEndsFailedWithItsLeaseReleased() {
        SyncRuns syncRuns = syncRuns(
                Map.of("contacts", SyncDefinition.mirrorOnly(ModuleSpec.CONTACTS, Direction.TWO_WAY, "0 0 * * * ?")));
        long run = syncRuns.claim("contacts", "manual").runId();
        assertThrows(
                RejectedExecutionException.class,
                () -> syncRuns.begin("contacts", run, "manual", context -> {
                    throw new RejectedExecutionException("the Camel context is stopping");
                }));
        assertEnded(run, "the run could not start: the Camel context is stopping");
    }

    @Test
    void aRunWhoseContextCannotBeReadEndsFailedWithItsLeaseReleased() {
        // No definition: reading the run's context fails, as it does when the store cannot be reached.
        SyncRuns syncRuns = syncRuns(Map.of());
        long run = leases.claim("contacts", "org", "replay").runId();
        assertThrows(RuntimeException.class, () -> syncRuns.begin("contacts", run, "replay", context -> {}));
        assertEnded(run, "the run could not start: ");
    }

    private void assertEnded(long run, String message) {
        Runs.Run ended = runs.find("contacts", run).orElseThrow();
        assertEquals(RunStatus.FAILED, ended.status());
        assertTrue(ended.message().startsWith(message), ended.message());
        assertNull(states.find("contacts").orElseThrow().runningRunId(), "the lease is released");
        assertEquals(0, leases.renewing(), "and no longer renewed");
        assertTrue(states.claimRun("contacts", "org", "manual", Duration.ofSeconds(10))
                .started());
    }
}
