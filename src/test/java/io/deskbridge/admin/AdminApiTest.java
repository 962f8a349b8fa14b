package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.store.SyncStates;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.sync.run.SyncRuns;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The admin REST calls of DESIGN.md: authentication, JSON shapes and the errors of bad requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    RunningDeskbridge app;

    @BeforeAll
    void start() throws Exception {
        app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void everyCallNeedsTheBearerToken() throws Exception {
        for (String[] call : new String[][] {
            {"GET", "/admin/syncs"},
            {"GET", "/admin/syncs/contacts"},
            {"POST", "/admin/syncs/contacts/run"},
            {"GET", "/admin/syncs/contacts/runs/1"},
            {"GET", "/admin/syncs/contacts/errors"}
        }) {
            HttpResponse<String> none = app.call(call[0], call[1], null);
            assertEquals(401, none.statusCode(), call[1]);
            assertEquals(
                    "unauthorized", JSON.readTree(none.body()).path("error").asText());
            assertEquals(
                    401,
                    app.call(call[0], call[1], RunningDeskbridge.TOKEN + "x").statusCode(),
                    call[1]);
        }
        HttpResponse<String> ok = app.call("GET", "/admin/syncs", RunningDeskbridge.TOKEN);
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("Authorization").isEmpty(), "request headers are not echoed");
    }

    @Test
    void listsTheSyncsWithTheirState() throws Exception {
        JsonNode syncs = app.get("/admin/syncs").path("syncs");
        assertEquals(5, syncs.size());
        assertEquals("accounts", syncs.get(0).path("id").asText(), "accounts are listed first: they run first");
        // Issue 15: CRM Products and Desk products, after contacts.
        assertEquals("products", syncs.get(2).path("id").asText());
        assertEquals("two-way", syncs.get(2).path("direction").asText());
        assertEquals(
                "tickets", syncs.get(3).path("id").asText(), "tickets after: they are tied through the others' links");
        assertEquals("desk-to-crm", syncs.get(3).path("direction").asText());
        // Issue 14: Zendesk Chat into Zendesk Sell, beside the Zoho syncs.
        assertEquals("chats", syncs.get(4).path("id").asText());
        assertEquals("chat-to-crm", syncs.get(4).path("direction").asText());
        JsonNode contacts = syncs.get(1);
        assertEquals("contacts", contacts.path("id").asText());
        assertEquals("ACTIVE", contacts.path("state").asText());
        for (String field : new String[] {"id", "state", "direction", "lastRun", "nextRunAt"}) {
            assertTrue(contacts.has(field), field + " in " + contacts);
        }
    }

    @Test
    void unknownSyncsAndRunsAre404AndBadParametersAre400() throws Exception {
        HttpResponse<String> unknown = app.call("GET", "/admin/syncs/deals", RunningDeskbridge.TOKEN);
        assertEquals(404, unknown.statusCode());
        assertTrue(JSON.readTree(unknown.body()).path("message").asText().contains("deals"));
        assertEquals(
                404,
                app.call("POST", "/admin/syncs/nope/run", RunningDeskbridge.TOKEN)
                        .statusCode());
        assertEquals(
                404,
                app.call("GET", "/admin/syncs/contacts/runs/999999", RunningDeskbridge.TOKEN)
                        .statusCode());
        HttpResponse<String> badRun = app.call("GET", "/admin/syncs/contacts/runs/abc", RunningDeskbridge.TOKEN);
        assertEquals(400, badRun.statusCode());
        assertEquals(
                400,
                app.call("GET", "/admin/syncs/contacts/errors?kind=LOST", RunningDeskbridge.TOKEN)
                        .statusCode());
        HttpResponse<String> badLimit =
                app.call("GET", "/admin/syncs/contacts/errors?limit=0", RunningDeskbridge.TOKEN);
        assertEquals(400, badLimit.statusCode());
        assertTrue(JSON.readTree(badLimit.body()).path("message").asText().contains("limit"));
    }

    @Test
    void runNowIsRefusedWhileARunHoldsTheLease() throws Exception {
        SyncRuns runs = app.context().getRegistry().lookupByNameAndType("syncRuns", SyncRuns.class);
        SyncStates.Claim held = runs.claim("contacts", "test");
        assertTrue(held.started());
        HttpResponse<String> refused = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
        assertEquals(409, refused.statusCode());
        assertTrue(JSON.readTree(refused.body()).path("message").asText().contains("already running"), refused.body());
        JsonNode status = app.get("/admin/syncs/contacts");
        assertEquals(held.runId().longValue(), status.path("runningRunId").asLong());
        // let the held run go through the route, which releases the lease
        app.context()
                .createProducerTemplate()
                .send(
                        "direct:sync-contacts",
                        e -> e.setProperty(
                                io.deskbridge.sync.RunContext.PROPERTY,
                                runs.context("contacts", held.runId(), "test")));
        JsonNode run = app.get("/admin/syncs/contacts/runs/" + held.runId());
        assertFalse("RUNNING".equals(run.path("status").asText()), run.toString());
        assertEquals(
                202,
                app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN)
                        .statusCode());
    }

    @Test
    void healthIsServedOnTheManagementPort() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + app.managementPort() + "/observe/health"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("UP", JSON.readTree(r.body()).path("status").asText(), r.body());
    }

    @Test
    void withoutAConfiguredTokenOneIsGeneratedForItsOwnerOnly(@TempDir Path other) throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(other);
        p.put("deskbridge.admin.token", "");
        try (RunningDeskbridge second = RunningDeskbridge.start(p)) {
            Path file = other.resolve("data/admin.token");
            assertTrue(Files.exists(file));
            assertEquals(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
            String token = Files.readString(file).trim();
            assertTrue(token.length() >= 32);
            assertEquals(200, second.call("GET", "/admin/syncs", token).statusCode());
            assertEquals(
                    401,
                    second.call("GET", "/admin/syncs", RunningDeskbridge.TOKEN).statusCode());
        }
    }
}
