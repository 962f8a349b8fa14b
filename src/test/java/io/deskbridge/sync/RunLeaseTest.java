package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.store.Database;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 4: the real runtime renews its run's lease while the run goes on, so one step slower than the whole
 * lease (a Desk page that takes longer to come) neither loses the lease to another node nor fails the run.
 */
class RunLeaseTest {

    @TempDir
    Path dir;

    @Test
    void aRunLongerThanItsLeaseKeepsItAndAnotherNodesClaimMeanwhileIsRefused() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.run-lease", "10s");
        try (RunningDeskbridge app = RunningDeskbridge.start(p);
                Database db = Database.open(
                        p.get("deskbridge.db.url"), p.get("deskbridge.db.user"), p.get("deskbridge.db.password"))) {
            String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
            // Every Desk answer takes 12 s: the run's first step, the Desk pull, outlasts the 10 s lease.
            app.sandbox()
                    .faults()
                    .set("desk", FaultPlan.parse(Map.of(FaultPlan.SLOW, "1.0", FaultPlan.SLOW_MS, "12000"), "desk."));
            var started = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
            assertEquals(202, started.statusCode(), started.body());
            long run = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(started.body())
                    .path("runId")
                    .asLong();
            Thread.sleep(11_500);
            SyncStates other = new SyncStates(db.jdbc(), new Runs(db.jdbc()), Clock.systemUTC(), "other-node");
            SyncStates.Claim second = other.claimRun("contacts", org, "schedule", Duration.ofSeconds(10));
            assertFalse(second.started(), "11.5 s into a run under a 10 s lease, the lease is still the run's");
            assertEquals("sync 'contacts' is already running (run " + run + ")", second.refusal());
            Instant until = other.find("contacts").orElseThrow().leaseUntil();
            assertTrue(until.isAfter(Instant.now().plusSeconds(5)), "renewed a moment ago: " + until);
            app.sandbox().faults().clear();
            JsonNode done = app.runAndWaitFor("contacts", run);
            assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
        }
    }
}
