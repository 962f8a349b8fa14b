package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activate, pause, disable: the lifecycle lives in the database and every part of the runtime honours it. */
class LifecycleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VIEWER = "viewer-token-0123456789abcdef";

    @TempDir
    Path dir;

    Map<String, String> props() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", VIEWER);
        p.put("deskbridge.sandbox.data-dir", dir.resolve("data/sandbox").toString());
        return p;
    }

    static int post(RunningDeskbridge app, String path) throws Exception {
        return app.call("POST", path, RunningDeskbridge.TOKEN).statusCode();
    }

    static String state(RunningDeskbridge app, String sync) throws Exception {
        return app.get("/admin/syncs/" + sync).path("state").asText();
    }

    @Test
    void everyTransitionIsAllowedOrRefusedAsTheLifecycleSays() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            String s = "/admin/syncs/contacts/";
            // action, expected status, state afterwards
            String[][] steps = {
                {"activate", "409", "ACTIVE"}, {"pause", "200", "PAUSED"}, {"pause", "409", "PAUSED"},
                {"run", "409", "PAUSED"}, {"activate", "200", "ACTIVE"}, {"disable", "200", "DISABLED"},
                {"pause", "409", "DISABLED"}, {"disable", "409", "DISABLED"}, {"run", "409", "DISABLED"},
                {"activate", "200", "ACTIVE"}, {"pause", "200", "PAUSED"}, {"disable", "200", "DISABLED"},
                {"activate", "200", "ACTIVE"}
            };
            for (String[] step : steps) {
                HttpResponse<String> r = app.call("POST", s + step[0], RunningDeskbridge.TOKEN);
                assertEquals(Integer.parseInt(step[1]), r.statusCode(), step[0] + ": " + r.body());
                assertEquals(step[2], state(app, "contacts"), "after " + step[0]);
                if (r.statusCode() == 409) {
                    JsonNode error = JSON.readTree(r.body());
                    assertEquals("conflict", error.path("error").asText());
                    assertTrue(error.path("message").asText().contains("contacts"), r.body());
                }
            }
            assertEquals(404, post(app, "/admin/syncs/contacts/restart"));
        }
    }

    @Test
    void theWholeIntegrationMovesTogether() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            assertEquals(200, post(app, "/admin/integration/pause"));
            assertEquals("PAUSED", state(app, "accounts"));
            assertEquals("PAUSED", state(app, "contacts"));
            assertEquals(200, post(app, "/admin/integration/disable"));
            assertEquals(200, post(app, "/admin/integration/activate"));
            assertEquals("ACTIVE", state(app, "accounts"));
            assertEquals("ACTIVE", state(app, "contacts"));
        }
    }

    @Test
    void activationChecksFirstAndReportsEveryProblem() throws Exception {
        Map<String, String> p = props();
        p.put("deskbridge.desk.org-id", "999");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(200, post(app, "/admin/syncs/contacts/disable"));
            HttpResponse<String> r = app.call("POST", "/admin/syncs/contacts/activate", RunningDeskbridge.TOKEN);
            assertEquals(422, r.statusCode(), r.body());
            JsonNode error = JSON.readTree(r.body());
            assertEquals("unprocessable", error.path("error").asText());
            assertTrue(error.path("problems").get(0).asText().contains("OAUTH_ORG_MISMATCH"), r.body());
            assertEquals("DISABLED", state(app, "contacts"), "nothing was changed");
        }
    }

    @Test
    void pausedStaysPausedAcrossARouteRestartAndARuntimeRestart() throws Exception {
        Map<String, String> p = props();
        p.put("deskbridge.sync.contacts.cron", "0/1 * * * * ?");
        p.put("deskbridge.sync.accounts.cron", "0/1 * * * * ?");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(200, post(app, "/admin/integration/pause"));
            Thread.sleep(1500);
            int runsBefore = app.get("/admin/syncs/contacts/runs").path("total").asInt();
            app.context().getRouteController().stopRoute("contacts-schedule");
            app.context().getRouteController().startRoute("contacts-schedule");
            Thread.sleep(2500);
            assertEquals(
                    runsBefore,
                    app.get("/admin/syncs/contacts/runs").path("total").asInt(),
                    "no run while paused");
            assertEquals("PAUSED", state(app, "contacts"));
        }
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals("PAUSED", state(app, "contacts"));
            int runs = app.get("/admin/syncs/contacts/runs").path("total").asInt();
            Thread.sleep(2500);
            assertEquals(
                    runs, app.get("/admin/syncs/contacts/runs").path("total").asInt());
            assertTrue(app.get("/admin/syncs/contacts").path("nextRunAt").isNull());
        }
    }

    @Test
    void aPauseDuringARunStopsAtABatchBoundaryWithNothingHalfWritten() throws Exception {
        Map<String, String> p = props();
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox s = app.sandbox();
            s.crm().generateContacts(3000, "pause");
            HttpResponse<String> started = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
            long runId = JSON.readTree(started.body()).path("runId").asLong();
            JsonNode run;
            do {
                Thread.sleep(20);
                run = app.get("/admin/syncs/contacts/runs/" + runId);
            } while (run.path("read").asInt() < 400
                    && "RUNNING".equals(run.path("status").asText()));
            assertEquals(200, post(app, "/admin/syncs/contacts/pause"));
            do {
                Thread.sleep(50);
                run = app.get("/admin/syncs/contacts/runs/" + runId);
            } while ("RUNNING".equals(run.path("status").asText()));
            assertEquals("STOPPED", run.path("status").asText(), run.toString());
            assertTrue(run.path("message").asText().contains("stopped between batches"), run.toString());
            int created = run.path("created").asInt();
            assertTrue(created > 0 && created < 3000, run.toString());
            assertEquals(created, s.desk().contactCount(), "every Desk contact written is accounted for");
            assertEquals(
                    created,
                    app.get("/admin/syncs/contacts")
                            .path("records")
                            .path("inSync")
                            .asInt(),
                    "and linked");

            assertEquals(200, post(app, "/admin/syncs/contacts/activate"));
            JsonNode rest = app.runAndWait("contacts");
            assertEquals(3000 - created, rest.path("created").asInt(), rest.toString());
            Set<String> emails = new HashSet<>();
            s.desk()
                    .contacts()
                    .forEach(c -> assertTrue(emails.add(c.path("email").asText()), "duplicate " + c));
            assertEquals(3000, emails.size());
        }
    }

    @Test
    void viewersReadAndOnlyAdminsChangeAndEveryChangeIsAudited() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            assertEquals(200, app.call("GET", "/admin/syncs", VIEWER).statusCode());
            HttpResponse<String> refused = app.call("POST", "/admin/syncs/contacts/pause", VIEWER);
            assertEquals(403, refused.statusCode());
            assertEquals(
                    "forbidden", JSON.readTree(refused.body()).path("error").asText());
            assertEquals("ACTIVE", state(app, "contacts"));
            assertEquals(200, post(app, "/admin/syncs/contacts/pause"));
            assertEquals(409, post(app, "/admin/syncs/contacts/pause"));

            JsonNode audit = app.get("/admin/audit").path("items");
            List<String> lines = new java.util.ArrayList<>();
            audit.forEach(e ->
                    lines.add(e.path("token").asText() + " " + e.path("action").asText() + " "
                            + e.path("target").asText() + " " + e.path("status").asInt()));
            assertEquals(
                    List.of("admin pause contacts 409", "admin pause contacts 200", "viewer pause contacts 403"),
                    lines);
            assertTrue(audit.get(0).path("at").asText().startsWith("20"));
            assertEquals(200, app.call("GET", "/admin/audit", VIEWER).statusCode());
        }
    }

    @Test
    void aSyncWhoseRunsKeepFailingPausesItselfWithTheReason() throws Exception {
        Map<String, String> p = props();
        p.put("deskbridge.desk.refresh-token", "1000.revoked");
        p.put("deskbridge.sync.max-failed-runs", "3");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("FAILED", app.runAndWait("contacts").path("status").asText());
            }
            JsonNode status = app.get("/admin/syncs/contacts");
            assertEquals("PAUSED", status.path("state").asText(), status.toString());
            assertTrue(status.path("stateReason").asText().contains("3 failed runs in a row"), status.toString());
            assertTrue(status.path("stateReason").asText().contains("invalid_code"), status.toString());
        }
    }

    @Test
    void aRefusedRecordIsReplayedOnceItsCauseIsFixed() throws Exception {
        Map<String, String> p = props();
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        p.put("deskbridge.sync.max-attempts", "1");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox s = app.sandbox();
            s.desk().requireContactFields(List.of("mobile"));
            JsonNode first = app.runAndWait("contacts");
            assertTrue(first.path("failed").asInt() > 0, first.toString());
            JsonNode errors = app.get("/admin/syncs/contacts/errors?kind=FAILED");
            // A refused create (refused updates of linked records are in the list too).
            JsonNode one = null;
            for (JsonNode e : errors.path("items")) {
                if (one == null && e.path("reason").asText().contains("POST contacts")) {
                    one = e;
                }
            }
            assertNotNull(one, errors.toString());
            assertTrue(one.path("reason").asText().contains("mobile"), one.toString());
            assertEquals(
                    first.path("failed").asInt(),
                    app.get("/admin/syncs/contacts/errors?reasonCode=INVALID_DATA")
                            .path("items")
                            .size());

            // The Desk admin lifts the rule; replaying one record, then all, brings them across.
            s.desk().requireContactFields(List.of());
            s.requests().clear();
            HttpResponse<String> replay = app.call(
                    "POST",
                    "/admin/syncs/contacts/errors/" + one.path("id").asLong() + "/replay",
                    RunningDeskbridge.TOKEN);
            assertEquals(202, replay.statusCode(), replay.body());
            long runId = JSON.readTree(replay.body()).path("runId").asLong();
            JsonNode replayed = awaitRun(app, runId);
            assertEquals(1, replayed.path("created").asInt(), replayed.toString());
            // A create refused outright created nothing: it is sent again without first looking for an earlier one.
            assertTrue(
                    s.requests().entries().stream()
                            .noneMatch(e -> e.path().endsWith("/search")
                                    && e.query() != null
                                    && e.query().contains("email=")),
                    s.requests().entries().toString());

            HttpResponse<String> all = app.call("POST", "/admin/syncs/contacts/errors/replay", RunningDeskbridge.TOKEN);
            assertEquals(202, all.statusCode(), all.body());
            awaitRun(app, JSON.readTree(all.body()).path("runId").asLong());
            assertEquals(
                    0,
                    app.get("/admin/syncs/contacts/errors?kind=FAILED")
                            .path("items")
                            .size());
            assertEquals(404, post(app, "/admin/syncs/contacts/errors/99999/replay"));

            HttpResponse<String> malformed =
                    app.callWithBody("POST", "/admin/syncs/contacts/errors/replay", "{kind:", RunningDeskbridge.TOKEN);
            assertEquals(400, malformed.statusCode());
            assertTrue(
                    JSON.readTree(malformed.body()).path("message").asText().contains("not valid JSON"),
                    malformed.body());
        }
    }

    @Test
    void supportCanSeeHowACustomersRecordsAreTied() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            app.runAndWait("accounts");
            app.runAndWait("contacts");
            JsonNode byEmail = app.get("/admin/syncs/contacts/links?email=%20Mary.Major@ACME.example")
                    .path("items");
            assertEquals(1, byEmail.size(), byEmail.toString());
            assertEquals("5725767000000412010", byEmail.get(0).path("crmId").asText());
            assertEquals("ACTIVE", byEmail.get(0).path("state").asText());
            String deskId = byEmail.get(0).path("deskId").asText();
            assertEquals(
                    1,
                    app.get("/admin/syncs/contacts/links?deskId=" + deskId)
                            .path("items")
                            .size());
            assertEquals(
                    400,
                    app.call("GET", "/admin/syncs/contacts/links", RunningDeskbridge.TOKEN)
                            .statusCode());
            JsonNode history = app.get("/admin/syncs/contacts/runs?limit=1");
            assertEquals(1, history.path("items").size());
            assertEquals(1, history.path("total").asInt());
        }
    }

    @Test
    void anActiveSyncKeepsItsDirectionUntilItIsPaused() throws Exception {
        Map<String, String> p = props();
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(
                    "two-way",
                    app.get("/admin/syncs/contacts").path("direction").asText());
        }
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode status = app.get("/admin/syncs/contacts");
            assertEquals("two-way", status.path("direction").asText(), status.toString());
            assertTrue(status.path("stateReason").asText().contains("once the sync is paused"), status.toString());
            assertEquals(200, post(app, "/admin/syncs/contacts/pause"));
            assertEquals(200, post(app, "/admin/syncs/contacts/activate"));
            assertEquals(
                    "crm-to-desk",
                    app.get("/admin/syncs/contacts").path("direction").asText());
        }
    }

    @Test
    void theOpenApiDocumentListsEveryAdminRoute() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            HttpResponse<String> r = app.call("GET", "/openapi.json", RunningDeskbridge.TOKEN);
            assertEquals(200, r.statusCode());
            JsonNode paths = JSON.readTree(r.body()).path("paths");
            List<String> missing = new java.util.ArrayList<>();
            int services = 0;
            for (org.apache.camel.spi.RestRegistry.RestService service :
                    app.context().getRestRegistry().listAllRestServices()) {
                String path = service.getBasePath() + service.getUriTemplate();
                services++;
                if (!paths.path(path).has(service.getMethod().toLowerCase(java.util.Locale.ROOT))) {
                    missing.add(service.getMethod() + " " + path);
                }
            }
            assertTrue(services >= 17, "admin routes found: " + services);
            assertEquals(List.of(), missing, "routes missing from /openapi.json");
        }
    }

    static JsonNode awaitRun(RunningDeskbridge app, long runId) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode run = app.get("/admin/syncs/contacts/runs/" + runId);
            if (!"RUNNING".equals(run.path("status").asText())) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }
}
