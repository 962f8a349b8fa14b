package io.deskbridge.sync.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 5: a dry run reads and decides like a run, writes nothing to either system, moves no sync state (so
 * the next run still does everything), and its preview is what that next run does.
 */
class DryRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every table a run of a field-mapped sync changes (sync_run aside: the dry run's own row is its result). */
    private static final List<String> STATE = List.of(
            "watermark",
            "record_mirror",
            "record_link",
            "write_intent",
            "record_issue",
            "pending_lookup",
            "run_conflict",
            "sync_state");

    private static final List<String> COUNTERS =
            List.of("read", "created", "updated", "linked", "unchanged", "excluded", "failed", "conflicts", "deleted");

    @TempDir
    Path dir;

    @Test
    void aDryRunOfContactsWritesNothingMovesNoStateAndPreviewsTheNextRun() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox sandbox = app.sandbox();
            // Contacts refer to their accounts: linked first, by a run, as in a real set-up.
            assertEquals("SUCCEEDED", app.runAndWait("accounts").path("status").asText());
            Map<String, List<String>> before = state(p);
            sandbox.requests().clear();

            JsonNode dry = dryRunAndWait(app, "contacts");

            assertEquals("SUCCEEDED", dry.path("status").asText(), dry.toString());
            assertTrue(dry.path("dryRun").asBoolean(), dry.toString());
            assertEquals("dry-run", dry.path("trigger").asText());
            List<RequestLog.Entry> writes = sandbox.requests().entries().stream()
                    .filter(e -> !e.system().equals("oauth") && !e.method().equals("GET"))
                    .toList();
            assertEquals(List.of(), writes, "nothing is written to either system");
            assertEquals(before, state(p), "no watermark, staged record, link, intent or issue moved");
            System.out.println("DRY " + dry.toPrettyString());

            JsonNode real = app.runAndWait("contacts");
            assertFalse(real.path("dryRun").asBoolean(), real.toString());
            for (String c : COUNTERS) {
                assertEquals(real.path(c).asInt(), dry.path(c).asInt(), c + ": the dry run's figure is the run's");
            }
            assertTrue(real.path("created").asInt() + real.path("linked").asInt() > 0, real.toString());
            System.out.println("REAL " + real.toPrettyString());
        }
    }

    private static JsonNode dryRunAndWait(RunningDeskbridge app, String sync) throws Exception {
        HttpResponse<String> r = app.call("POST", "/admin/syncs/" + sync + "/dry-run", RunningDeskbridge.TOKEN);
        assertEquals(202, r.statusCode(), r.body());
        return app.runAndWaitFor(sync, JSON.readTree(r.body()).path("runId").asLong());
    }

    /** Every row of the state tables, sorted, per table; the lease's expiry left out (it is renewed by the clock). */
    private static Map<String, List<String>> state(Map<String, String> p) throws Exception {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(
                        p.get("deskbridge.db.url"), p.get("deskbridge.db.user"), p.get("deskbridge.db.password"));
                Statement s = c.createStatement()) {
            for (String table : STATE) {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            String column = rs.getMetaData().getColumnName(i).toLowerCase();
                            if (!column.equals("lease_until") && !column.equals("updated_at")) {
                                row.append(column).append('=').append(rs.getString(i)).append(' ');
                            }
                        }
                        out.add(row.toString());
                    }
                }
                Collections.sort(out);
                rows.put(table, out);
            }
        }
        return rows;
    }
}
