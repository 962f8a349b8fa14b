package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The tickets of a CRM record over {@code /api} (issue 13, items 3 and 5): listed with each filter and figured from
 * the mirror ({@link TicketFixture}, worked out by hand), a deal's through its links, one ticket read through from
 * the sandbox's Desk; every refusal in the one error shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VIEWER = "viewer-token-0123456789abcdef";
    /** Seeded in the sandbox's Desk: #101 of Mary Major, with 4 threads and 1 comment. */
    static final String SEEDED = "1892000000143001";

    @TempDir
    static Path dir;

    RunningDeskbridge app;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", VIEWER);
        app = RunningDeskbridge.start(p);
        TicketFixture.fill(app, dir);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void aContactsTicketsAreListedWithEachFilterNewestFirst() throws Exception {
        Map<String, List<String>> expected = Map.of(
                "all", List.of("T3", "T2", "T1", "T5"),
                "open", List.of("T3", "T1"),
                "overdue", List.of("T1"),
                "closed", List.of("T2", "T5"),
                "escalated", List.of("T3"),
                "high-priority", List.of("T3", "T1"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            JsonNode page = app.get("/api/crm/Contacts/C1/tickets?filter=" + e.getKey());
            assertEquals(e.getValue(), ids(page), e.getKey());
            assertEquals(e.getKey(), page.path("filter").asText());
        }
        assertEquals(List.of("T3", "T2", "T1", "T5"), ids(app.get("/api/crm/Contacts/C1/tickets")), "all by default");
        assertEquals(List.of("T2", "T1"), ids(app.get("/api/crm/Contacts/C1/tickets?limit=2&offset=1")));
        assertEquals(List.of("T4", "T3", "T2", "T1", "T5"), ids(app.get("/api/crm/Accounts/A1/tickets")));
        assertEquals(List.of(), ids(app.get("/api/crm/Contacts/C9/tickets")));

        JsonNode t1 = app.get("/api/crm/Contacts/C1/tickets?filter=overdue")
                .path("items")
                .path(0);
        assertEquals("Open", t1.path("status").asText());
        assertEquals("High", t1.path("priority").asText());
        assertEquals("2026-01-10T00:00:00Z", t1.path("createdAt").asText());
        assertEquals("2026-01-10T01:00:00Z", t1.path("firstResponseAt").asText());
        assertEquals("GOOD", t1.path("latestRating").asText());
        assertEquals("Quick help", t1.path("latestFeedback").asText());
        assertEquals("C1", t1.path("crmContactId").asText());
        assertTrue(t1.path("crmDealId").isNull(), t1.toString());
        assertTrue(t1.path("overdue").asBoolean());
    }

    @Test
    void aDealShowsTheTicketsLinkedToIt() throws Exception {
        JsonNode page = app.get("/api/crm/Deals/D1/tickets");
        assertEquals(List.of("T4", "T2"), ids(page));
        page.path("items").forEach(t -> assertEquals("D1", t.path("crmDealId").asText(), t.toString()));
        assertEquals(List.of("T4"), ids(app.get("/api/crm/Deals/D1/tickets?filter=open")));
        assertEquals(
                "D1",
                app.get("/api/crm/Contacts/C1/tickets?filter=closed")
                        .path("items")
                        .path(0)
                        .path("crmDealId")
                        .asText(),
                "a contact's ticket shows its deal link");
    }

    @Test
    void statisticsAreTheFiguresWorkedOutByHand() throws Exception {
        assertEquals(
                JSON.readTree("{\"module\":\"Contacts\",\"crmId\":\"C1\",\"total\":4,\"open\":2,\"overdue\":1,"
                        + "\"averageFirstResponseSeconds\":7200,\"averageResolutionSeconds\":129600,"
                        + "\"ratings\":{\"good\":1,\"okay\":0,\"bad\":1},"
                        + "\"latestFeedback\":{\"text\":\"Slow\",\"at\":\"2026-01-13T00:00:00Z\"}}"),
                app.get("/api/crm/Contacts/C1/stats"));
        JsonNode account = app.get("/api/crm/Accounts/A1/stats");
        assertEquals(
                List.of(5, 3, 1),
                List.of(
                        account.path("total").asInt(),
                        account.path("open").asInt(),
                        account.path("overdue").asInt()));
        assertEquals(5850, account.path("averageFirstResponseSeconds").asLong());
        assertEquals(129600, account.path("averageResolutionSeconds").asLong());
        assertEquals(
                "{\"good\":1,\"okay\":1,\"bad\":1}", account.path("ratings").toString());
        JsonNode deal = app.get("/api/crm/Deals/D1/stats");
        assertEquals(
                List.of(2, 1, 0),
                List.of(
                        deal.path("total").asInt(),
                        deal.path("open").asInt(),
                        deal.path("overdue").asInt()));
        assertEquals(4500, deal.path("averageFirstResponseSeconds").asLong());
        assertEquals(86400, deal.path("averageResolutionSeconds").asLong());
        assertEquals("{\"good\":0,\"okay\":1,\"bad\":1}", deal.path("ratings").toString());
        assertEquals(
                JSON.readTree("{\"module\":\"Contacts\",\"crmId\":\"C9\",\"total\":0,\"open\":0,\"overdue\":0,"
                        + "\"averageFirstResponseSeconds\":null,\"averageResolutionSeconds\":null,"
                        + "\"ratings\":{\"good\":0,\"okay\":0,\"bad\":0},\"latestFeedback\":null}"),
                app.get("/api/crm/Contacts/C9/stats"),
                "a record without tickets");
    }

    @Test
    void aTicketIsReadThroughFromTheDeskWithItsThreadsAndComments() throws Exception {
        JsonNode seeded = app.get("/api/tickets/" + SEEDED);
        assertFalse(seeded.path("mirrored").asBoolean(), "not mirrored: the summary is the Desk's");
        assertTrue(seeded.path("inDesk").asBoolean());
        assertEquals(
                "Cannot sign in to the customer portal",
                seeded.path("ticket").path("subject").asText());
        assertEquals("101", seeded.path("ticket").path("ticketNumber").asText());
        List<String> directions = new ArrayList<>();
        seeded.path("threads").forEach(t -> directions.add(t.path("direction").asText()));
        // The description, the reply of 10:30, the customer's message of 12:00.
        assertEquals(
                List.of("in", "out", "in"), directions, seeded.path("threads").toString());
        assertEquals(1, seeded.path("comments").size(), seeded.path("comments").toString());
        assertEquals(
                "Sandbox Agent",
                seeded.path("comments").path(0).path("commenter").asText());

        app.sandbox().desk().tickets().addComment(SEEDED, "Called the customer back", false);
        JsonNode again = app.get("/api/tickets/" + SEEDED);
        assertEquals(2, again.path("comments").size(), "read through, not kept: " + again.path("comments"));
        assertEquals(
                "Called the customer back",
                again.path("comments").path(1).path("content").asText());
        assertFalse(again.path("comments").path(1).path("isPublic").asBoolean());

        JsonNode linked = app.get("/api/tickets/" + TicketFixture.SEEDED_LINKED);
        assertFalse(linked.path("mirrored").asBoolean());
        assertEquals("D2", linked.path("ticket").path("crmDealId").asText(), "a deal link is shown before the sync");
        assertEquals(List.of(), ids(app.get("/api/crm/Deals/D2/tickets")), "lists read the mirror only");
    }

    @Test
    void aMirroredTicketTheDeskNoLongerHasIs404AndStaysInTheMirror() throws Exception {
        // A read changes nothing, whoever makes it: a viewer's GET of a ticket the Desk answers 404 for (deleted, or a
        // wrong Desk URL) or marks trashed must not empty the mirror; the tickets sync's trash pass removes them.
        String trashed = "1892000000143009";
        TicketFixture.mirrorOnly(app, dir, "T9");
        TicketFixture.mirrorOnly(app, dir, trashed);
        assertEquals(List.of("T9", trashed), ids(app.get("/api/crm/Contacts/C8/tickets")), "mirrored");
        error("GET", "/api/tickets/T9", VIEWER, 404, "the Desk has no ticket T9 (");
        error("GET", "/api/tickets/T9", VIEWER, 404, "the mirror still holds it until the tickets sync's pass");
        error("GET", "/api/tickets/" + trashed, VIEWER, 404, "is in the Desk's trash; the mirror still holds it");
        assertTrue(TicketFixture.mirrored(app, dir, "T9").isPresent(), "still in the mirror");
        assertTrue(TicketFixture.mirrored(app, dir, trashed).isPresent(), "still in the mirror");
        assertEquals(List.of("T9", trashed), ids(app.get("/api/crm/Contacts/C8/tickets")), "and listed");
    }

    @Test
    void refusalsHaveTheOneErrorShape() throws Exception {
        error("GET", "/api/tickets/1892000000999999", RunningDeskbridge.TOKEN, 404, "1892000000999999");
        error("GET", "/api/crm/Leads/L1/tickets", RunningDeskbridge.TOKEN, 400, "[Contacts, Accounts, Deals]");
        error("GET", "/api/crm/Leads/L1/stats", RunningDeskbridge.TOKEN, 400, "[Contacts, Accounts, Deals]");
        error(
                "GET",
                "/api/crm/Contacts/C1/tickets?filter=urgent",
                RunningDeskbridge.TOKEN,
                400,
                "[all, open, overdue, closed, escalated, high-priority]");
        error("GET", "/api/crm/Contacts/C1/tickets?limit=0", RunningDeskbridge.TOKEN, 400, "limit");
        error("GET", "/api/crm/Contacts/C1/tickets?fliter=open", RunningDeskbridge.TOKEN, 400, "fliter");
        error(
                "GET",
                "/api/crm/Contacts/C1/tickets?filter=open&filter=closed",
                RunningDeskbridge.TOKEN,
                400,
                "given 2 times");
        error("GET", "/api/crm/Contacts/C1/tickets", null, 401, "Authorization");
        error("GET", "/api/crm/Contacts/C1/stats", "not-a-token-0123456789abcdef", 401, "not valid");
        error("GET", "/api/tickets/" + SEEDED, null, 401, "Authorization");
        error("POST", "/api/tickets/" + SEEDED, RunningDeskbridge.TOKEN, 405, "GET");
        assertEquals(200, app.call("GET", "/api/crm/Contacts/C1/stats", VIEWER).statusCode(), "a viewer reads");
    }

    private void error(String method, String path, String token, int status, String mentions) throws Exception {
        HttpResponse<String> r = app.call(method, path, token);
        assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(status, body.path("status").asInt(), r.body());
        assertFalse(body.path("error").asText().isEmpty(), r.body());
        assertTrue(body.path("message").asText().contains(mentions), r.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        (page.has("items") ? page.path("items") : page)
                .forEach(t -> out.add(t.path("ticketId").asText()));
        return out;
    }
}
