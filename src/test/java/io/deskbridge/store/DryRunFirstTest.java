package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.model.Direction;
import io.deskbridge.model.RunCounters;
import io.deskbridge.model.RunStatus;
import io.deskbridge.model.SyncState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, review findings 1, 5 and 7 on the store: with deskbridge.sync.require-dry-run a field-mapped sync makes no
 * real run before a dry run that did not fail, whether its row is new or was active before the key was set; the dry
 * runs and runs of a Desk org count for that org only; and runs that do not count towards the automatic pause do not
 * fill its look-back. On H2 and, with -Ddeskbridge.test.db=postgresql, on PostgreSQL.
 */
class DryRunFirstTest {

    static final Duration LEASE = Duration.ofSeconds(30);
    static final String ORG = "org-1";

    Database db;
    Runs runs;
    SyncStates states;

    @BeforeEach
    void open() {
        db = TestStore.open("dry-run-first");
        runs = new Runs(db.jdbc());
        states = new SyncStates(db.jdbc(), runs, Clock.systemUTC(), "node-a");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aNewFieldMappedSyncStartsPausedNamingTheKeyAndTheOthersActive() {
        states.requireDryRunFirst(Set.of("contacts"));
        states.ensure("contacts", Direction.TWO_WAY);
        states.ensure("tickets", Direction.CRM_TO_DESK);

        SyncStates.Row contacts = states.find("contacts").orElseThrow();
        assertEquals(SyncState.PAUSED, contacts.state());
        assertEquals(
                "deskbridge.sync.require-dry-run: make a dry run (POST /admin/syncs/contacts/dry-run), then activate",
                contacts.reason());
        assertEquals(SyncState.ACTIVE, states.find("tickets").orElseThrow().state());
    }

    @Test
    void anActiveSyncThatNeverRanMakesNoRealRunUntilADryRunDidNotFail() {
        // Active before the key was set (an existing install switching it on).
        states.ensure("contacts", Direction.TWO_WAY);
        states.requireDryRunFirst(Set.of("contacts"));
        assertEquals(SyncState.ACTIVE, states.find("contacts").orElseThrow().state());

        for (String trigger : List.of("schedule", "admin", "replay")) {
            SyncStates.Claim refused = states.claimRun("contacts", ORG, trigger, LEASE);
            assertFalse(refused.started(), trigger);
            assertTrue(refused.refusal().contains("deskbridge.sync.require-dry-run"), refused.refusal());
        }
        // A ticket action's one write is no run of the sync.
        end(states.claimRun("contacts", ORG, Runs.API, LEASE), RunStatus.SUCCEEDED);

        end(states.claimRun("contacts", ORG, Runs.DRY_RUN, LEASE), RunStatus.FAILED);
        assertFalse(states.claimRun("contacts", ORG, "schedule", LEASE).started(), "a failed dry run is no preview");
        // A dry run against another Desk org previewed other records.
        end(states.claimRun("contacts", "org-2", Runs.DRY_RUN, LEASE), RunStatus.SUCCEEDED);
        assertFalse(states.claimRun("contacts", ORG, "schedule", LEASE).started(), "another org's dry run");
        assertNull(states.dryRunMissing("contacts", "org-2"));

        end(states.claimRun("contacts", ORG, Runs.DRY_RUN, LEASE), RunStatus.SUCCEEDED);
        end(states.claimRun("contacts", ORG, "schedule", LEASE), RunStatus.SUCCEEDED);
    }

    @Test
    void aSyncThatRanForRealInItsOrgNeedsNoDryRunThere() {
        states.ensure("contacts", Direction.TWO_WAY);
        end(states.claimRun("contacts", "org-2", "schedule", LEASE), RunStatus.FAILED);

        states.requireDryRunFirst(Set.of("contacts"));
        assertNull(states.dryRunMissing("contacts", "org-2"), "ran for real there (a failed run is a run)");
        assertTrue(
                states.dryRunMissing("contacts", ORG).startsWith("deskbridge.sync.require-dry-run"),
                "never ran against this org");
    }

    @Test
    void dryRunsAndTicketActionsDoNotFillTheLookBackOfTheAutomaticPause() {
        states.ensure("contacts", Direction.TWO_WAY);
        end(states.claimRun("contacts", ORG, "schedule", LEASE), RunStatus.FAILED);
        for (int i = 0; i < 3; i++) {
            end(states.claimRun("contacts", ORG, Runs.DRY_RUN, LEASE), RunStatus.SUCCEEDED);
            end(states.claimRun("contacts", ORG, Runs.API, LEASE), RunStatus.SUCCEEDED);
        }
        end(states.claimRun("contacts", ORG, "schedule", LEASE), RunStatus.FAILED);

        assertEquals(2, runs.failedInARow("contacts", 2));
        end(states.claimRun("contacts", ORG, "admin", LEASE), RunStatus.SUCCEEDED);
        assertEquals(0, runs.failedInARow("contacts", 2), "a run that did not fail breaks the count");
    }

    private void end(SyncStates.Claim claim, RunStatus status) {
        assertTrue(claim.started(), claim.refusal());
        states.endRun(
                "contacts",
                claim.runId(),
                () -> runs.finish(
                        claim.runId(),
                        status,
                        new RunCounters().snapshot(),
                        Instant.now(),
                        null,
                        0,
                        0,
                        Runs.Throttling.NONE,
                        Runs.Throttling.NONE));
    }
}
