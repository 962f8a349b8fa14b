package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ticket writes over real HTTP: create, update, status rules, close, reply, comment and trash. */
class DeskTicketWritesApiTest {

    static SandboxServer s;
    static final String KEN = "1892000000042032";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private static SandboxServer.Resp get(String path) throws Exception {
        return s.desk("GET", path, null);
    }

    private static SandboxServer.Resp send(String method, String path, String body) throws Exception {
        return s.desk(method, path, body);
    }

    /** A new ticket of Ken's, as a client creates it. */
    private static JsonNode newTicket(String subject) throws Exception {
        SandboxServer.Resp r = send(
                "POST",
                "/tickets",
                "{\"subject\":\"" + subject + "\",\"departmentId\":\"" + DeskTickets.DEPARTMENT_ID
                        + "\",\"contactId\":\"" + KEN + "\",\"description\":\"Help, please.\"}");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static List<String> fieldNames(SandboxServer.Resp r) {
        List<String> out = new ArrayList<>();
        r.json().get("errors").forEach(e -> out.add(e.get("fieldName").asText()));
        return out;
    }

    @Test
    void createNeedsSubjectDepartmentAndContact() throws Exception {
        int before = s.sandbox.desk().tickets().count();
        SandboxServer.Resp empty = send("POST", "/tickets", "{\"priority\":\"High\"}");
        assertEquals(422, empty.status());
        assertEquals("INVALID_DATA", empty.json().get("errorCode").asText());
        assertEquals(List.of("/contactId", "/departmentId", "/subject"), fieldNames(empty));
        assertEquals(
                "missing", empty.json().get("errors").get(0).get("errorType").asText());
        SandboxServer.Resp badValues = send(
                "POST",
                "/tickets",
                "{\"subject\":\"x\",\"departmentId\":\"1\","
                        + "\"contactId\":\"1892000009999999\",\"status\":\"Pending\",\"priority\":\"Urgent\","
                        + "\"mood\":1}");
        assertEquals(422, badValues.status());
        assertEquals(List.of("/departmentId", "/contactId", "/status", "/priority", "/mood"), fieldNames(badValues));
        String statusError =
                badValues.json().get("errors").get(2).get("errorMessage").asText();
        assertTrue(statusError.contains("Waiting on customer"), "the refusal lists the org's statuses: " + statusError);
        SandboxServer.Resp badContact = send(
                "POST",
                "/tickets",
                "{\"subject\":\"x\",\"departmentId\":\"" + DeskTickets.DEPARTMENT_ID
                        + "\",\"contact\":{\"lastName\":\"No Mail\"}}");
        assertEquals(List.of("/contact/email"), fieldNames(badContact));
        assertEquals(before, s.sandbox.desk().tickets().count(), "refusals write nothing");
    }

    @Test
    void createWithANewContactCreatesTheContactAndADescriptionThread() throws Exception {
        int contacts = s.sandbox.desk().contactCount();
        SandboxServer.Resp r = send(
                "POST",
                "/tickets",
                "{\"subject\":\"Where is my order?\",\"departmentId\":\""
                        + DeskTickets.DEPARTMENT_ID + "\",\"description\":\"Ordered a week ago.\",\"priority\":\"low\","
                        + "\"contact\":{\"lastName\":\"Newman\",\"firstName\":\"Nina\","
                        + "\"email\":\"nina@new.example\"}}");
        assertEquals(200, r.status(), r.body());
        JsonNode t = r.json();
        assertEquals(contacts + 1, s.sandbox.desk().contactCount());
        String contactId = t.get("contactId").asText();
        assertEquals(
                "nina@new.example",
                s.sandbox.desk().contact(contactId).orElseThrow().get("email").asText());
        assertEquals("nina@new.example", t.get("email").asText());
        assertEquals("Open", t.get("status").asText());
        assertEquals("Low", t.get("priority").asText(), "picklist values in Desk's spelling");
        assertEquals("1", t.get("threadCount").asText());
        assertEquals(t.get("createdTime").asText(), t.get("modifiedTime").asText());
        assertEquals(
                t.get("createdTime").asText(), t.get("customerResponseTime").asText());
        assertTrue(Integer.parseInt(t.get("ticketNumber").asText()) > 109);
        SandboxServer.Resp again = send(
                "POST",
                "/tickets",
                "{\"subject\":\"Second\",\"departmentId\":\"" + DeskTickets.DEPARTMENT_ID
                        + "\",\"contact\":{\"lastName\":\"N\",\"email\":\"NINA@new.example\"}}");
        assertEquals(contactId, again.json().get("contactId").asText(), "the contact is matched by e-mail");
        assertEquals("0", again.json().get("threadCount").asText(), "no description, no thread");
    }

    @Test
    void statusChangesMoveTheStatusTimesAndFlags() throws Exception {
        String id = newTicket("Status walk").get("id").asText();
        JsonNode held = send("PATCH", "/tickets/" + id, "{\"status\":\"waiting on customer\"}")
                .json();
        assertEquals("Waiting on customer", held.get("status").asText());
        assertEquals("On Hold", held.get("statusType").asText());
        assertFalse(held.get("onholdTime").isNull());
        SandboxServer.Resp bogus = send("PATCH", "/tickets/" + id, "{\"status\":\"Pending\"}");
        assertEquals(422, bogus.status());
        assertEquals(List.of("/status"), fieldNames(bogus));
        JsonNode escalated = send("PATCH", "/tickets/" + id, "{\"status\":\"Escalated\",\"priority\":\"High\"}")
                .json();
        assertTrue(escalated.get("isEscalated").asBoolean());
        assertEquals("Open", escalated.get("statusType").asText());
        assertTrue(escalated.get("onholdTime").isNull());
        JsonNode overdue = send("PATCH", "/tickets/" + id, "{\"dueDate\":\"2026-02-01T00:00:00.000Z\"}")
                .json();
        assertTrue(overdue.get("isOverDue").asBoolean(), "due in the past, not closed");
        JsonNode closed =
                send("PATCH", "/tickets/" + id, "{\"status\":\"Closed\"}").json();
        assertEquals("Closed", closed.get("statusType").asText());
        assertFalse(closed.get("closedTime").isNull());
        assertFalse(closed.get("isOverDue").asBoolean());
        assertFalse(closed.get("isEscalated").asBoolean());
        JsonNode reopened =
                send("PATCH", "/tickets/" + id, "{\"status\":\"Open\"}").json();
        assertTrue(reopened.get("closedTime").isNull());
        assertTrue(reopened.get("isOverDue").asBoolean());
        assertEquals(
                422, send("PATCH", "/tickets/" + id, "{\"assigneeId\":\"42\"}").status());
        assertEquals(
                422,
                send("PATCH", "/tickets/" + id, "{\"dueDate\":\"tomorrow\"}").status());
        JsonNode ignored =
                send("PATCH", "/tickets/" + id, "{\"isEscalated\":true}").json();
        assertFalse(
                ignored.get("isEscalated").asBoolean(),
                "escalation is Desk's (SLA rules, the Escalated status); a read-only field sent back is ignored");
        JsonNode assigned = send("PATCH", "/tickets/" + id, "{\"assigneeId\":\"1892000000042002\",\"dueDate\":null}")
                .json();
        assertEquals("1892000000042002", assigned.get("assigneeId").asText());
        assertFalse(assigned.get("isOverDue").asBoolean());
        assertEquals(
                404,
                send("PATCH", "/tickets/1892000009999999", "{\"status\":\"Open\"}")
                        .status());
    }

    @Test
    void closeTicketsClosesAllOrNothing() throws Exception {
        String a = newTicket("Close me A").get("id").asText();
        String b = newTicket("Close me B").get("id").asText();
        SandboxServer.Resp bad = send("POST", "/closeTickets", "{\"ids\":[\"" + a + "\",\"1892000009999999\"]}");
        assertEquals(422, bad.status());
        assertEquals("/ids/1", fieldNames(bad).get(0));
        assertEquals("Open", get("/tickets/" + a).json().get("statusType").asText(), "nothing closed");
        SandboxServer.Resp ok = send("POST", "/closeTickets", "{\"ids\":[\"" + a + "\",\"" + b + "\"]}");
        assertEquals(200, ok.status(), ok.body());
        assertTrue(ok.body().isEmpty());
        for (String id : List.of(a, b)) {
            JsonNode t = get("/tickets/" + id).json();
            assertEquals("Closed", t.get("status").asText());
            assertFalse(t.get("closedTime").isNull());
        }
        assertEquals(422, send("POST", "/closeTickets", "{\"ids\":[]}").status());
        assertEquals(405, send("GET", "/closeTickets", null).status());
    }

    @Test
    void sendReplyAddsAnOutgoingThreadAndIsTheFirstResponse() throws Exception {
        JsonNode t = newTicket("Reply to me");
        String id = t.get("id").asText();
        SandboxServer.Resp missing = send("POST", "/tickets/" + id + "/sendReply", "{\"channel\":\"EMAIL\"}");
        assertEquals(422, missing.status());
        assertEquals(List.of("/content", "/fromEmailAddress"), fieldNames(missing));
        SandboxServer.Resp badStatus = send(
                "POST",
                "/tickets/" + id + "/sendReply",
                "{\"channel\":\"EMAIL\","
                        + "\"content\":\"x\",\"fromEmailAddress\":\"support@sandbox.example\","
                        + "\"ticketStatus\":\"Gone\"}");
        assertEquals(List.of("/ticketStatus"), fieldNames(badStatus));
        assertEquals("1", get("/tickets/" + id).json().get("threadCount").asText(), "a refused reply adds nothing");
        Thread.sleep(5);
        SandboxServer.Resp r = send(
                "POST",
                "/tickets/" + id + "/sendReply",
                "{\"channel\":\"EMAIL\",\"content\":"
                        + "\"<p>We are on it.</p>\",\"contentType\":\"html\","
                        + "\"fromEmailAddress\":\"support@sandbox.example\","
                        + "\"ticketStatus\":\"Waiting on customer\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals("out", r.json().get("direction").asText());
        assertEquals("text/html", r.json().get("contentType").asText());
        assertEquals("ken@oldmail.example", r.json().get("to").asText(), "to defaults to the ticket's e-mail");
        assertEquals("<p>We are on it.</p>", r.json().get("content").asText());
        JsonNode after = get("/tickets/" + id).json();
        assertEquals("2", after.get("threadCount").asText());
        assertTrue(Instant.parse(after.get("modifiedTime").asText())
                .isAfter(Instant.parse(t.get("modifiedTime").asText())));
        assertEquals("Waiting on customer", after.get("status").asText());
        assertEquals(
                t.get("customerResponseTime").asText(),
                after.get("customerResponseTime").asText(),
                "customerResponseTime moves with the customer's messages only");
        JsonNode metrics = get("/tickets/" + id + "/metrics").json();
        assertEquals(1, metrics.get("outgoingCount").asInt());
        assertEquals("00:00 hrs", metrics.get("firstResponseTime").asText(), "answered within the minute");
        assertEquals(
                404, send("POST", "/tickets/1892000009999999/sendReply", "{}").status());
    }

    /** Issue 15, item 3: a forward names its recipients and is private; latestThread is the newest thread. */
    @Test
    void aForwardNeedsToAndIsPrivateAndLatestThreadIsTheNewest() throws Exception {
        String id = newTicket("Forward me").get("id").asText();
        String reply = "{\"channel\":\"EMAIL\",\"content\":\"FYI\",\"fromEmailAddress\":\"support@sandbox.example\"";
        SandboxServer.Resp noTo = send("POST", "/tickets/" + id + "/sendReply", reply + ",\"isForward\":true}");
        assertEquals(422, noTo.status(), noTo.body());
        assertEquals(List.of("/to"), fieldNames(noTo), "a forward does not default to the ticket's e-mail");
        SandboxServer.Resp badCc =
                send("POST", "/tickets/" + id + "/sendReply", reply + ",\"cc\":\"nobody\",\"isForward\":\"yes\"}");
        assertEquals(List.of("/isForward", "/cc"), fieldNames(badCc));
        SandboxServer.Resp forward = send(
                "POST",
                "/tickets/" + id + "/sendReply",
                reply + ",\"isForward\":true,\"to\":\"legal@partner.example\",\"cc\":\"ops@partner.example\"}");
        assertEquals(200, forward.status(), forward.body());
        assertTrue(forward.json().get("isForward").asBoolean());
        assertEquals("private", forward.json().get("visibility").asText());
        assertEquals("ops@partner.example", forward.json().get("cc").asText());
        SandboxServer.Resp latest = get("/tickets/" + id + "/latestThread");
        assertEquals(200, latest.status(), latest.body());
        assertEquals(forward.json().get("id").asText(), latest.json().get("id").asText());
        assertEquals("legal@partner.example", latest.json().get("to").asText());
        assertEquals("FYI", latest.json().get("content").asText());
        assertTrue(get("/tickets/" + id).json().toString().contains("\"threadCount\":\"2\""));
        assertEquals(405, send("POST", "/tickets/" + id + "/latestThread", "{}").status());
        assertEquals(422, get("/tickets/" + id + "/latestThread?limit=1").status(), "it takes no parameter");
    }

    @Test
    void commentsArePublicOrPrivateAndCounted() throws Exception {
        String id = newTicket("Comment on me").get("id").asText();
        SandboxServer.Resp none = send("POST", "/tickets/" + id + "/comments", "{\"isPublic\":true}");
        assertEquals(422, none.status());
        assertEquals(List.of("/content"), fieldNames(none));
        SandboxServer.Resp r = send(
                "POST",
                "/tickets/" + id + "/comments",
                "{\"content\":\"Customer called back.\",\"isPublic\":false,\"contentType\":\"plainText\"}");
        assertEquals(200, r.status(), r.body());
        assertFalse(r.json().get("isPublic").asBoolean());
        assertEquals("plainText", r.json().get("contentType").asText());
        SandboxServer.Resp pub =
                send("POST", "/tickets/" + id + "/comments", "{\"content\":\"<b>Shipped</b>\"," + "\"isPublic\":true}");
        assertEquals("html", pub.json().get("contentType").asText(), "html is the default");
        assertEquals("2", get("/tickets/" + id).json().get("commentCount").asText());
        JsonNode list = get("/tickets/" + id + "/comments").json().get("data");
        assertEquals(2, list.size());
        assertEquals(
                200,
                get("/tickets/" + id + "/comments/" + r.json().get("id").asText())
                        .status());
    }

    @Test
    void movedToTrashTicketsLeaveSearchAndListAndShowInTheRecycleBin() throws Exception {
        String id = newTicket("Trash me").get("id").asText();
        String range = Times.desk(Instant.now().minusSeconds(600).toEpochMilli()) + ","
                + Times.desk(Instant.now().plusSeconds(600).toEpochMilli());
        SandboxServer.Resp found = get("/tickets/search?modifiedTimeRange=" + range + "&limit=100");
        assertTrue(found.body().contains(id), found.status() + " " + found.body());
        SandboxServer.Resp bad = send("POST", "/tickets/moveToTrash", "{\"ids\":[\"" + id + "\"]}");
        assertEquals(422, bad.status());
        assertEquals(List.of("/ticketIds"), fieldNames(bad));
        SandboxServer.Resp r = send("POST", "/tickets/moveToTrash", "{\"ticketIds\":[\"" + id + "\"]}");
        assertEquals(204, r.status(), r.body());
        assertFalse(get("/tickets/search?modifiedTimeRange=" + range + "&limit=100")
                .body()
                .contains(id));
        assertFalse(get("/tickets?limit=100").body().contains(id));
        assertTrue(get("/tickets/" + id).json().get("isTrashed").asBoolean());
        JsonNode bin =
                get("/recycleBin?module=tickets&sortBy=-deletedTime").json().get("data");
        assertEquals(id, bin.get(0).get("id").asText());
        assertEquals("Tickets", bin.get(0).get("type").asText());
        assertEquals("Trash me", bin.get(0).get("displayName").asText());
        assertEquals("1892000000143009", bin.get(1).get("id").asText(), "the seeded duplicate was trashed before");
    }

    @Test
    void deskFaultsApplyToTheTicketEndpoints() throws Exception {
        String id = newTicket("Faulty line").get("id").asText();
        try {
            s.sandbox.faults().set("desk", FaultPlan.parse(java.util.Map.of(FaultPlan.SERVER_ERRORS, "1.0"), "desk."));
            SandboxServer.Resp search = get("/tickets/search?id=" + id);
            assertEquals(500, search.status());
            assertEquals("INTERNAL_SERVER_ERROR", search.json().get("errorCode").asText());
            s.sandbox.faults().set("desk", FaultPlan.parse(java.util.Map.of(FaultPlan.LOST_ANSWERS, "1.0"), "desk."));
            SandboxServer.Resp lost = send("POST", "/tickets/" + id + "/comments", "{\"content\":\"Lost answer\"}");
            assertEquals(502, lost.status());
        } finally {
            s.sandbox.faults().clear();
        }
        assertEquals(
                "1",
                get("/tickets/" + id).json().get("commentCount").asText(),
                "the comment was applied though its answer was lost");
    }

    private static void awaitNextMillisecond(String deskTime) {
        java.time.Instant t = java.time.Instant.parse(deskTime);
        while (!java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                .isAfter(t)) {
            Thread.onSpinWait();
        }
    }

    @Test
    void javaApiRatesEscalatesAndAnswersAsTheCustomer() {
        DeskTickets tickets = s.sandbox.desk().tickets();
        String id = tickets.create(Json.obj()
                        .put("subject", "Java side")
                        .put("departmentId", DeskTickets.DEPARTMENT_ID)
                        .put("contactId", KEN))
                .get("id")
                .asText();
        String before = tickets.ticket(id).orElseThrow().get("modifiedTime").asText();
        // Change times have milliseconds: let the clock pass the create's, or a change within it cannot show.
        awaitNextMillisecond(before);
        tickets.addCustomerReply(id, "Any news?");
        tickets.rate(id, "ok", "Fine");
        tickets.escalate(id);
        JsonNode t = tickets.ticket(id).orElseThrow();
        assertEquals("1", t.get("threadCount").asText());
        assertTrue(t.get("isEscalated").asBoolean());
        assertNotEquals(before, t.get("modifiedTime").asText());
        assertEquals(
                "OK",
                tickets.ratings()
                        .get(tickets.ratings().size() - 1)
                        .get("rating")
                        .asText());
        assertEquals(3, tickets.generate(3).size());
    }
}
