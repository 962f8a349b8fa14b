package io.deskbridge.sync.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.model.DryRunPreview;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.Database;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.SyncFigures;
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
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 5: a dry run reads and decides like a run, writes nothing to either system, moves no sync state (so
 * the next run still does everything), and its preview is what that next run does.
 */
class DryRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARY = "5725767000000412010";
    /**
     * The tables a dry run may change: its own row (its result), the day's call count (its reads were made), the
     * audit of the call that started it; and what the runtime changes meanwhile on its own (its scheduler, its
     * node's check-in, the migrations' history). Every other table is state a run moves, and a dry run must not.
     */
    private static final java.util.function.Predicate<String> MAY_CHANGE = java.util.regex.Pattern.compile(
                    "sync_run|api_usage|audit_log|flyway_schema_history|qrtz_.*|node.*")
            .asMatchPredicate();

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
            assertEquals(
                    java.util.Set.of("crm", "desk"),
                    sandbox.requests().entries().stream()
                            .map(RequestLog.Entry::system)
                            .filter(system -> !system.equals("oauth"))
                            .collect(java.util.stream.Collectors.toSet()),
                    "both systems were read");
            assertEquals(before, state(p), "no watermark, staged record, link, intent or issue moved");
            JsonNode preview = dry.path("preview");
            assertEquals(dry.path("created").asInt(), preview.path("created").size(), preview.toString());
            assertEquals(dry.path("linked").asInt(), preview.path("linked").size(), preview.toString());
            // Conflicts count among the excluded; each says why it would be written nothing.
            assertEquals(
                    dry.path("excluded").asInt(),
                    preview.path("excluded").size() + preview.path("conflict").size(),
                    preview.toString());
            assertTrue(dry.path("excluded").asInt() > 0, dry.toString());
            for (JsonNode item : preview.path("excluded")) {
                assertFalse(item.path("reason").asText().isBlank(), item.toString());
            }
            for (JsonNode item : preview.path("created")) {
                assertEquals(0, linkOf(app, item).size(), "not linked by the dry run: " + item);
            }

            JsonNode real = app.runAndWait("contacts");
            assertFalse(real.path("dryRun").asBoolean(), real.toString());
            for (String c : COUNTERS) {
                assertEquals(real.path(c).asInt(), dry.path(c).asInt(), c + ": the dry run's figure is the run's");
            }
            assertTrue(real.path("created").asInt() > 0 && real.path("linked").asInt() > 0, real.toString());
            // What the preview said each record would get is what the run gave it: the record it was linked to or
            // created as, on the side written, holds every field the preview named, with the value it named.
            int checked = 0;
            for (String outcome : List.of("created", "linked")) {
                for (JsonNode item : preview.path(outcome)) {
                    JsonNode link = linkOf(app, item);
                    assertEquals(1, link.size(), outcome + " by the run: " + item);
                    String crmId = link.get(0).path("crmId").asText();
                    String deskId = link.get(0).path("deskId").asText();
                    if (outcome.equals("linked")) {
                        assertEquals(
                                item.path("crmId").asText() + "/"
                                        + item.path("deskId").asText(),
                                crmId + "/" + deskId,
                                item.toString());
                    }
                    JsonNode onDesk = sandbox.desk().contact(deskId).orElseThrow();
                    JsonNode inCrm = sandbox.crm().get("Contacts", crmId).orElseThrow();
                    for (var f : (Iterable<Map.Entry<String, JsonNode>>)
                            () -> item.path("fields").fields()) {
                        String[] sideField = f.getKey().split("\\.", 2);
                        JsonNode written = sideField[0].equals("desk") ? onDesk : inCrm;
                        if (outcome.equals("created")) {
                            assertEquals(
                                    f.getValue().path("to").asText(null),
                                    DryRunPreview.Change.of(null, written.path(sideField[1]))
                                            .to(),
                                    outcome + " " + f.getKey() + " of " + item);
                            checked++;
                        } else if (sideField[0].equals("desk")) {
                            // A pair's fields are named canonically, which are the Desk's names.
                            assertEquals(
                                    f.getValue().path("to").asText(null),
                                    DryRunPreview.Change.of(null, written.path(sideField[1]))
                                            .to(),
                                    outcome + " " + f.getKey() + " of " + item);
                            checked++;
                        }
                    }
                }
            }
            assertTrue(checked > 10, "fields compared: " + checked);
        }
    }

    /** An update is previewed field by field, from what the other side holds to what it would get. */
    @Test
    void anUpdateIsPreviewedFieldByFieldFromTheValueHeldToTheValueWritten() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox sandbox = app.sandbox();
            app.runAndWait("accounts");
            app.runAndWait("contacts");
            String maryDesk = links(app, MARY).get(0).path("deskId").asText();
            String phoneBefore =
                    sandbox.desk().contact(maryDesk).orElseThrow().path("phone").asText();
            sandbox.crm().update("Contacts", MARY, JSON.createObjectNode().put("Phone", "+81 3 0000 1111"));
            Map<String, List<String>> before = state(p);
            sandbox.requests().clear();

            JsonNode dry = dryRunAndWait(app, "contacts");

            assertEquals(1, dry.path("updated").asInt(), dry.toString());
            // Review finding 2: the preview only in the one run's answer, not in what the status page polls.
            JsonNode listed =
                    app.get("/admin/syncs/contacts/runs?limit=1").path("items").get(0);
            JsonNode lastRun = app.get("/admin/syncs/contacts").path("lastRun");
            for (JsonNode shown : List.of(listed, lastRun)) {
                assertEquals(dry.path("runId").asLong(), shown.path("runId").asLong(), shown.toString());
                assertTrue(shown.path("dryRun").asBoolean(), shown.toString());
                assertTrue(shown.path("preview").isMissingNode(), shown.toString());
            }
            JsonNode updated = dry.path("preview").path("updated");
            assertEquals(1, updated.size(), dry.toString());
            assertEquals(
                    MARY + "/" + maryDesk + "/desk",
                    updated.get(0).path("crmId").asText() + "/"
                            + updated.get(0).path("deskId").asText() + "/"
                            + updated.get(0).path("writes").asText());
            assertEquals(
                    JSON.readTree("{\"desk.phone\":{\"from\":\"" + phoneBefore + "\",\"to\":\"+81 3 0000 1111\"}}"),
                    updated.get(0).path("fields"));
            assertEquals(
                    0,
                    sandbox.requests().entries().stream()
                            .filter(e ->
                                    !e.system().equals("oauth") && !e.method().equals("GET"))
                            .count(),
                    "nothing written");
            assertEquals(before, state(p), "the change is still to be synced");

            JsonNode real = app.runAndWait("contacts");
            assertEquals(1, real.path("updated").asInt(), real.toString());
            assertEquals(
                    "+81 3 0000 1111",
                    sandbox.desk().contact(maryDesk).orElseThrow().path("phone").asText());
        }
    }

    /**
     * With deskbridge.sync.require-dry-run a sync that never ran is activated only after a dry run; the dry run
     * itself runs while the sync is disabled.
     */
    @Test
    void requireDryRunRefusesTheFirstActivationUntilADryRunWasMade() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.require-dry-run", "true");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/accounts/disable", RunningDeskbridge.TOKEN)
                            .statusCode());

            HttpResponse<String> refused = app.call("POST", "/admin/syncs/accounts/activate", RunningDeskbridge.TOKEN);
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("deskbridge.sync.require-dry-run"), refused.body());

            JsonNode dry = dryRunAndWait(app, "accounts");
            assertEquals("SUCCEEDED", dry.path("status").asText(), dry.toString());
            assertEquals(
                    "DISABLED", app.get("/admin/syncs/accounts").path("state").asText(), "a dry run activates nothing");

            HttpResponse<String> activated =
                    app.call("POST", "/admin/syncs/accounts/activate", RunningDeskbridge.TOKEN);
            assertEquals(200, activated.statusCode(), activated.body());
        }
    }

    /**
     * Review finding 1: from a fresh start with deskbridge.sync.require-dry-run, a field-mapped sync waits PAUSED for
     * its dry run (the schedule and "run now" are refused naming the key), the others are active; after the dry run it
     * is activated and runs.
     */
    @Test
    void requireDryRunHoldsAFreshSyncPausedAndRefusesItsRunsUntilADryRunWasMade() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.require-dry-run", "true");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode accounts = app.get("/admin/syncs/accounts");
            assertEquals("PAUSED", accounts.path("state").asText(), accounts.toString());
            assertEquals(
                    "deskbridge.sync.require-dry-run: make a dry run (POST /admin/syncs/accounts/dry-run), then"
                            + " activate",
                    accounts.path("stateReason").asText(),
                    accounts.toString());
            assertEquals("ACTIVE", app.get("/admin/syncs/tickets").path("state").asText(), "no field map, no dry run");

            HttpResponse<String> run = app.call("POST", "/admin/syncs/accounts/run", RunningDeskbridge.TOKEN);
            assertEquals(409, run.statusCode(), run.body());
            assertTrue(run.body().contains("deskbridge.sync.require-dry-run"), run.body());
            HttpResponse<String> activate = app.call("POST", "/admin/syncs/accounts/activate", RunningDeskbridge.TOKEN);
            assertEquals(409, activate.statusCode(), activate.body());
            assertTrue(activate.body().contains("deskbridge.sync.require-dry-run"), activate.body());
            assertEquals(0, app.get("/admin/syncs/accounts/runs").path("total").asInt(), "no run was made");

            assertEquals(
                    "SUCCEEDED", dryRunAndWait(app, "accounts").path("status").asText());
            HttpResponse<String> activated =
                    app.call("POST", "/admin/syncs/accounts/activate", RunningDeskbridge.TOKEN);
            assertEquals(200, activated.statusCode(), activated.body());
            JsonNode real = app.runAndWait("accounts");
            assertEquals("SUCCEEDED", real.path("status").asText(), real.toString());
            assertTrue(real.path("created").asInt() + real.path("linked").asInt() > 0, real.toString());
        }
    }

    /**
     * A dry run is no run of the sync where that would mislead: the metrics count its calls but not it nor its records,
     * the last success age ignores it, and failed dry runs do not pause the sync (nor fill the look-back of the
     * automatic pause: review finding 5).
     */
    @Test
    void aDryRunIsNoRunForTheMetricsTheLastSuccessAndTheAutomaticPause() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.max-failed-runs", "2");
        try (RunningDeskbridge app = RunningDeskbridge.start(p);
                Database db = Database.open(
                        p.get("deskbridge.db.url"), p.get("deskbridge.db.user"), p.get("deskbridge.db.password"))) {
            Map<String, Double> before = metrics(app);
            JsonNode dry = dryRunAndWait(app, "accounts");
            assertEquals("SUCCEEDED", dry.path("status").asText(), dry.toString());
            assertTrue(dry.path("linked").asInt() + dry.path("created").asInt() > 0, dry.toString());
            Map<String, Double> after = metrics(app);
            for (String series : after.keySet()) {
                if (series.contains("sync=\"accounts\"")
                        && (series.startsWith("deskbridge_runs_total")
                                || series.startsWith("deskbridge_records_total")
                                || series.startsWith("deskbridge_run_duration"))) {
                    assertEquals(before.get(series), after.get(series), series + ": a dry run is not counted");
                }
            }
            assertEquals(
                    dry.path("apiCalls").path("crm").path("calls").asDouble(),
                    after.get("deskbridge_api_calls_total{sync=\"accounts\",system=\"crm\"}")
                            - before.get("deskbridge_api_calls_total{sync=\"accounts\",system=\"crm\"}"),
                    "its calls were made");
            String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
            assertEquals(
                    null,
                    new SyncFigures(db.jdbc(), org).of("accounts").lastCompleted(),
                    "a dry run is no successful run");

            // Every Desk token refused: a failed run, then failing dry runs leave the sync active with
            // max-failed-runs = 2, and the next failed run pauses it (the dry runs between do not hide the first).
            app.sandbox().faults().set("desk", FaultPlan.parse(Map.of(FaultPlan.TOKEN_REVOCATIONS, "1"), "desk."));
            assertEquals("FAILED", app.runAndWait("accounts").path("status").asText());
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        "FAILED", dryRunAndWait(app, "accounts").path("status").asText());
            }
            assertEquals(
                    "ACTIVE", app.get("/admin/syncs/accounts").path("state").asText(), "not paused by dry runs");
            assertEquals("FAILED", app.runAndWait("accounts").path("status").asText());
            assertEquals(
                    "PAUSED", app.get("/admin/syncs/accounts").path("state").asText(), "a run's failure counts");
        }
    }

    /**
     * Review finding 3: a dry run whose route ended it and that failed after that (here its rollback, on a connection
     * gone) ends FAILED with why, and is no dry run made for deskbridge.sync.require-dry-run.
     */
    @Test
    void aDryRunThatFailsAfterItsRouteEndedItEndsFailed() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.require-dry-run", "true");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Jdbc jdbc = jdbcOf(app.context().getRegistry().lookupByName("signalOutbox"));
            // After the route's last step (its end): the transaction's connection is closed, so its rollback fails.
            AdviceWith.adviceWith(
                    app.context(),
                    "sync-accounts",
                    a -> a.weaveAddLast().process(e -> {
                        try {
                            jdbc.queryOne("SELECT 1", rs -> {
                                rs.getStatement().getConnection().close();
                                return 1;
                            });
                        } catch (RuntimeException closed) {
                            // The query's own statement went with its connection.
                        }
                    }));

            JsonNode dry = dryRunAndWait(app, "accounts");

            assertEquals("FAILED", dry.path("status").asText(), dry.toString());
            assertTrue(dry.path("message").asText().contains("failed after its end"), dry.toString());
            HttpResponse<String> activate = app.call("POST", "/admin/syncs/accounts/activate", RunningDeskbridge.TOKEN);
            assertEquals(409, activate.statusCode(), activate.body());
            assertTrue(activate.body().contains("deskbridge.sync.require-dry-run"), activate.body());
            assertEquals(
                    0, app.get("/admin/syncs/accounts").path("runningRunId").asLong(0), "its lease is released");
        }
    }

    /** The runtime's own store access, kept by one of its beans. */
    private static Jdbc jdbcOf(Object bean) throws ReflectiveOperationException {
        java.lang.reflect.Field field = bean.getClass().getDeclaredField("jdbc");
        field.setAccessible(true);
        return (Jdbc) field.get(bean);
    }

    @Test
    void aSyncWithoutAFieldMapHasNoDryRun() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            HttpResponse<String> r = app.call("POST", "/admin/syncs/tickets/dry-run", RunningDeskbridge.TOKEN);
            assertEquals(409, r.statusCode(), r.body());
            assertTrue(r.body().contains("has no dry run"), r.body());
        }
    }

    /** The deskbridge_* samples of /observe/metrics, by series as written. */
    private static Map<String, Double> metrics(RunningDeskbridge app) throws Exception {
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://127.0.0.1:" + app.managementPort() + "/observe/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Map<String, Double> samples = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("deskbridge_")) {
                int cut = line.lastIndexOf(' ');
                samples.put(
                        line.substring(0, cut),
                        Double.parseDouble(line.substring(cut + 1).replace("+Inf", "Infinity")));
            }
        }
        return samples;
    }

    private static JsonNode links(RunningDeskbridge app, String crmId) throws Exception {
        return app.get("/admin/syncs/contacts/links?crmId=" + crmId).path("items");
    }

    /** The links of the record a preview item came from. */
    private static JsonNode linkOf(RunningDeskbridge app, JsonNode item) throws Exception {
        String by = item.path("source").asText().equals("crm") ? "crmId" : "deskId";
        return app.get("/admin/syncs/contacts/links?" + by + "=" + item.path(by).asText())
                .path("items");
    }

    private static JsonNode dryRunAndWait(RunningDeskbridge app, String sync) throws Exception {
        HttpResponse<String> r = app.call("POST", "/admin/syncs/" + sync + "/dry-run", RunningDeskbridge.TOKEN);
        assertEquals(202, r.statusCode(), r.body());
        return app.runAndWaitFor(sync, JSON.readTree(r.body()).path("runId").asLong());
    }

    /**
     * Every row of every state table, sorted, per table; the lease's expiry and the times of change left out (the
     * heartbeat renews the lease).
     */
    private static Map<String, List<String>> state(Map<String, String> p) throws Exception {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(
                        p.get("deskbridge.db.url"), p.get("deskbridge.db.user"), p.get("deskbridge.db.password"));
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT LOWER(table_name) FROM information_schema.tables"
                    + " WHERE LOWER(table_schema) = 'public' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            tables.removeIf(MAY_CHANGE);
            assertTrue(
                    tables.containsAll(List.of("watermark", "record_mirror", "record_link", "record_issue")),
                    tables.toString());
            for (String table : tables) {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            String column = rs.getMetaData().getColumnName(i).toLowerCase();
                            if (!column.equals("lease_until") && !column.equals("updated_at")) {
                                row.append(column)
                                        .append('=')
                                        .append(rs.getString(i))
                                        .append(' ');
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
