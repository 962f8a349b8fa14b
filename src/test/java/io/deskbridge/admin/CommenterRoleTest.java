package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commenter role (issue 13, item 4): the seed's users without a Desk licence may read and comment, nothing else;
 * a viewer only reads; every call that changes something, whichever it is, refuses both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommenterRoleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String COMMENTER = "commenter-token-0123456789abcdef";
    static final String VIEWER = "viewer-token-0123456789abcdef";
    static final String COMMENT_CALL = "post /api/tickets/{ticketId}/comments";

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    JsonNode doc;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", VIEWER);
        p.put("deskbridge.admin.tokens.widget.token", COMMENTER);
        p.put("deskbridge.admin.tokens.widget.role", "commenter");
        app = RunningDeskbridge.start(p);
        TicketFixture.fill(app, dir);
        doc = app.get("/openapi.json");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void aCommenterReadsTheAdminAndTicketCalls() throws Exception {
        for (String path : List.of(
                "/admin/whoami",
                "/admin/syncs",
                "/admin/syncs/contacts",
                "/admin/audit",
                "/api/crm/Contacts/C1/tickets?filter=open",
                "/api/crm/Deals/D1/stats",
                "/api/tickets/" + TicketApiTest.SEEDED)) {
            HttpResponse<String> r = app.call("GET", path, COMMENTER);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
        }
    }

    @Test
    void everyChangeButTheCommentRefusesCommentersAndViewers() throws Exception {
        List<String> changes = operations(false);
        assertTrue(changes.size() >= 8, changes.toString());
        assertTrue(
                changes.containsAll(List.of(
                        "post /api/crm/{module}/{crmId}/tickets",
                        "post /api/tickets/{ticketId}/replies",
                        "patch /api/tickets/{ticketId}",
                        "post /api/tickets/{ticketId}/close",
                        "delete /api/tickets/{ticketId}",
                        "put /api/tickets/{ticketId}/deal",
                        "delete /api/tickets/{ticketId}/deal")),
                "the ticket actions are changes: " + changes);
        int threads =
                app.sandbox().desk().tickets().threads(TicketApiTest.SEEDED).size();
        String status = app.sandbox()
                .desk()
                .tickets()
                .ticket(TicketApiTest.SEEDED)
                .orElseThrow()
                .path("status")
                .asText();
        int tickets = app.sandbox().desk().tickets().count();
        for (String op : changes) {
            String[] verbAndPath = op.split(" ", 2);
            String path = verbAndPath[1]
                    .replace("{sync}", "contacts")
                    .replace("{id}", "1")
                    .replace("{module}", "Contacts")
                    .replace("{crmId}", "5725767000000412010")
                    .replace("{ticketId}", TicketApiTest.SEEDED)
                    .replace("{agentId}", "1");
            for (String token : List.of(COMMENTER, VIEWER)) {
                HttpResponse<String> r = app.call(verbAndPath[0].toUpperCase(java.util.Locale.ROOT), path, token);
                assertEquals(403, r.statusCode(), op + " with " + token + ": " + r.body());
                assertEquals("forbidden", JSON.readTree(r.body()).path("error").asText());
                assertTrue(JSON.readTree(r.body()).path("message").asText().contains("needs an admin token"), r.body());
            }
        }
        assertEquals("ACTIVE", app.get("/admin/syncs/contacts").path("state").asText(), "nothing moved");
        assertEquals(tickets, app.sandbox().desk().tickets().count(), "no ticket opened or trashed");
        assertEquals(
                threads,
                app.sandbox().desk().tickets().threads(TicketApiTest.SEEDED).size(),
                "no reply sent");
        assertEquals(
                status,
                app.sandbox()
                        .desk()
                        .tickets()
                        .ticket(TicketApiTest.SEEDED)
                        .orElseThrow()
                        .path("status")
                        .asText(),
                "not changed nor closed");
    }

    @Test
    void aCommenterCommentsThroughTheDeskAndTheCommentIsAudited() throws Exception {
        assertEquals(List.of(COMMENT_CALL), operations(true), "the calls marked as comments");
        int before =
                app.sandbox().desk().tickets().comments(TicketApiTest.SEEDED).size();

        HttpResponse<String> viewer = app.callWithBody(
                "POST", "/api/tickets/" + TicketApiTest.SEEDED + "/comments", "{\"content\":\"x\"}", VIEWER);
        assertEquals(403, viewer.statusCode(), viewer.body());
        assertTrue(viewer.body().contains("may only read; this call needs a commenter or admin token"), viewer.body());

        HttpResponse<String> r = app.callWithBody(
                "POST",
                "/api/tickets/" + TicketApiTest.SEEDED + "/comments",
                "{\"content\":\"The customer called: renewal next week\",\"isPublic\":false}",
                COMMENTER);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode made = JSON.readTree(r.body());
        assertEquals(
                "The customer called: renewal next week", made.path("content").asText());
        assertFalse(made.path("isPublic").asBoolean());
        List<? extends JsonNode> inDesk = app.sandbox().desk().tickets().comments(TicketApiTest.SEEDED);
        assertEquals(before + 1, inDesk.size());
        assertEquals(
                made.path("id").asText(),
                inDesk.get(inDesk.size() - 1).path("id").asText());

        HttpResponse<String> admin = app.callWithBody(
                "POST",
                "/api/tickets/" + TicketApiTest.SEEDED + "/comments",
                "{\"content\":\"Seen\",\"isPublic\":true}",
                RunningDeskbridge.TOKEN);
        assertEquals(201, admin.statusCode(), admin.body());
        assertTrue(JSON.readTree(admin.body()).path("isPublic").asBoolean());

        HttpResponse<String> unknown =
                app.callWithBody("POST", "/api/tickets/1892000000999999/comments", "{\"content\":\"x\"}", COMMENTER);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(JSON.readTree(unknown.body()).path("message").asText().startsWith("Zoho Desk"), unknown.body());
        HttpResponse<String> blank = app.callWithBody(
                "POST", "/api/tickets/" + TicketApiTest.SEEDED + "/comments", "{\"content\":\" \"}", COMMENTER);
        assertEquals(400, blank.statusCode(), blank.body());
        assertTrue(blank.body().contains("'content'"), blank.body());

        List<String> audit = new ArrayList<>();
        app.get("/admin/audit").path("items").forEach(e -> {
            if (e.path("action").asText().equals("comment")) {
                audit.add(e.path("token").asText() + " " + e.path("role").asText() + " "
                        + e.path("target").asText() + " " + e.path("status").asInt() + " "
                        + e.path("detail").asText().replaceAll("[0-9]+$", "N"));
            }
        });
        String target = "tickets/" + TicketApiTest.SEEDED;
        assertEquals(
                List.of(
                        "widget COMMENTER " + target
                                + " 400 the request body needs 'content', the comment's text, not blank",
                        "widget COMMENTER tickets/1892000000999999 404 "
                                + audit.get(1).split(" 404 ", 2)[1],
                        "admin ADMIN " + target + " 201 public comment N",
                        "widget COMMENTER " + target + " 201 private comment N",
                        "viewer VIEWER " + target
                                + " 403 the token 'viewer' may only read; this call needs a commenter or admin token"),
                audit);
    }

    /** Issue 18 item 3: the status page shows the lifecycle buttons to admin tokens only, so it asks. */
    @Test
    void whoamiNamesEachTokenAndItsRoleButNeverTheToken() throws Exception {
        for (String[] token : List.of(
                new String[] {RunningDeskbridge.TOKEN, "admin", "admin"},
                new String[] {COMMENTER, "widget", "commenter"},
                new String[] {VIEWER, "viewer", "viewer"})) {
            HttpResponse<String> r = app.call("GET", "/admin/whoami", token[0]);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(JSON.createObjectNode().put("name", token[1]).put("role", token[2]), JSON.readTree(r.body()));
        }
        HttpResponse<String> wrong = app.call("GET", "/admin/whoami", "not-a-token-0123456789abcdef");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals(
                "the bearer token is not valid",
                JSON.readTree(wrong.body()).path("message").asText());
    }

    @Test
    void aRoleIsAdminCommenterOrViewer() {
        assertEquals(AdminTokens.Role.COMMENTER, AdminTokens.Role.of("deskbridge.admin.tokens.w.role", "Commenter"));
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> AdminTokens.Role.of("deskbridge.admin.tokens.w.role", "owner"));
        assertEquals(
                "deskbridge.admin.tokens.w.role = 'owner' must be one of [admin, commenter, viewer]", e.getMessage());
    }

    /** The calls that change something: the comments ({@code true}) or every other ({@code false}). */
    private List<String> operations(boolean comments) {
        List<String> out = new ArrayList<>();
        doc.path("paths")
                .fields()
                .forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
                    String key = op.getKey() + " " + p.getKey();
                    if (!op.getKey().equals("get") && key.equals(COMMENT_CALL) == comments) {
                        out.add(key);
                    }
                }));
        return out;
    }
}
