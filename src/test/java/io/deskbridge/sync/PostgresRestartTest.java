package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.store.Database;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store's PostgreSQL is restarted while a contacts run is writing (issue 17, item 5): the run ends at once,
 * FAILED with the state store named (not RUNNING until its lease expires), nothing is half-written, and the next run
 * finishes the job with every contact in the Desk once and linked. Runs in the postgresql pass of the build.
 */
class PostgresRestartTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CONTACTS = 2000;
    static final Duration DOWN = Duration.ofSeconds(12);

    @TempDir
    Path dir;

    @Test
    void aRunCutOffByARestartedDatabaseEndsFailedAndTheNextRunFinishesWithoutDuplicates() throws Exception {
        assumeTrue(TestDatabase.onPostgres(), "the state store is H2 here: run with -Ddeskbridge.test.db=postgresql");
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        // The lease a run left RUNNING would hold the sync for: far longer than this test may wait.
        p.put("deskbridge.sync.run-lease", "30m");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().crm().generateContacts(CONTACTS, "restart");
            HttpResponse<String> started = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
            assertEquals(202, started.statusCode(), started.body());
            long runId = JSON.readTree(started.body()).path("runId").asLong();
            JsonNode before;
            do {
                Thread.sleep(20);
                before = app.get("/admin/syncs/contacts/runs/" + runId);
            } while (before.path("created").asInt() < 400
                    && "RUNNING".equals(before.path("status").asText()));
            assertEquals("RUNNING", before.path("status").asText(), "the run is cut off mid-way: " + before);

            // Down for longer than a connection is waited for (Database: 10 s): the run's statements fail, and so do
            // its first attempts to write its end.
            TestDatabase.postgres().stop();
            Thread.sleep(DOWN.toMillis());
            TestDatabase.postgres().start();

            JsonNode cut = awaitEnd(app, runId, Duration.ofSeconds(90));
            String status = cut.path("status").asText();
            assertTrue(
                    status.equals("FAILED") && cut.path("message").asText().contains("state store")
                            || status.equals("SUCCEEDED"),
                    "the run fails naming the state store, or goes on: " + cut);

            JsonNode next = app.runAndWait("contacts");
            System.out.printf("PostgreSQL down %d s mid-run: the run %s, the next %s%n", DOWN.toSeconds(), cut, next);
            assertEquals("SUCCEEDED", next.path("status").asText(), next.toString());
            JsonNode settled = app.runAndWait("contacts");
            assertEquals(0, settled.path("read").asInt(), "nothing is left staged: " + settled);

            Map<String, Integer> desk = new HashMap<>();
            app.sandbox()
                    .desk()
                    .contacts()
                    .forEach(c -> desk.merge(c.path("email").asText(), 1, Integer::sum));
            int duplicates = 0;
            int lost = 0;
            for (int i = 1; i <= CONTACTS; i++) {
                int n = desk.getOrDefault("restart" + i + "@bulk.example", 0);
                duplicates += Math.max(0, n - 1);
                lost += n == 0 ? 1 : 0;
            }
            assertEquals(0, duplicates, "contacts written twice to the Desk");
            assertEquals(0, lost, "contacts missing in the Desk");
            try (Database db = TestDatabase.storeFor(dir.resolve("data")).open()) {
                assertEquals(CONTACTS, count(db, "SELECT COUNT(*) FROM record_link WHERE sync_id = 'contacts'"));
                assertEquals(
                        0,
                        count(db, "SELECT COUNT(*) FROM record_mirror WHERE sync_id = 'contacts' AND pending = TRUE"));
                System.out.println(db.jdbc()
                        .query(
                                "SELECT w.source_id, l.desk_id FROM write_intent w LEFT JOIN record_link l ON l.crm_id = w.source_id",
                                rs -> rs.getString(1) + "=" + rs.getString(2)));
                assertEquals(0, count(db, "SELECT COUNT(*) FROM write_intent WHERE sync_id = 'contacts'"));
                assertEquals(0, count(db, "SELECT COUNT(*) FROM sync_run WHERE status = 'RUNNING'"));
            }
        }
    }

    /** The run's end, read over the admin API, which answers errors itself while the store is away. */
    private static JsonNode awaitEnd(RunningDeskbridge app, long runId, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        JsonNode run = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = app.call("GET", "/admin/syncs/contacts/runs/" + runId, RunningDeskbridge.TOKEN);
            if (r.statusCode() == 200) {
                run = JSON.readTree(r.body());
                if (!"RUNNING".equals(run.path("status").asText())) {
                    return run;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "run " + runId + " still RUNNING " + within.toSeconds() + " s after the restart: " + run);
    }

    private static int count(Database db, String sql) {
        return db.jdbc().queryOne(sql, rs -> rs.getInt(1)).orElseThrow();
    }
}
