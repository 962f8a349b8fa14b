package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.connector.zohodesk.ZohoDeskTickets;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 1: the Desk tickets connector speaks the Desk's wire format (zohodesk-oas Ticket.json, Search.json,
 * Thread.json, TicketComment.json, FieldOld.json; customerHappiness from the Desk's API collection), checked request by
 * request against a scripted server: paths, queries, bodies, the {@code orgId} header, the answers it reads and the
 * typed failures it makes of the Desk's error envelope.
 */
class DeskTicketsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String ORG = "777001";

    ScriptedApi api;
    final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    ApiCaller caller(SystemGate gate) {
        return new ApiCaller(
                "Zoho Desk",
                "desk",
                CallBudget.UNLIMITED,
                gate,
                ApiCaller.newHttpClient(Duration.ofSeconds(5)),
                ApiCaller.Auth.NONE,
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(5),
                waits::add);
    }

    ZohoDeskTickets tickets() {
        return new ZohoDeskTickets(caller(new SystemGate("desk", 5, waits::add)), api.uri(), ORG, JSON);
    }

    /** Tickets with ids {@code first}..{@code first+count-1}, one second apart, oldest first. */
    static String page(int first, int count) {
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 0; i < count; i++) {
            int n = first + i;
            b.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(n)
                    .append("\",\"subject\":\"Ticket ")
                    .append(n)
                    .append("\",\"statusType\":\"Open\",\"modifiedTime\":\"")
                    .append(T0.plusSeconds(n))
                    .append("\"}");
        }
        return b.append("]}").toString();
    }

    static Map<String, String> params(ScriptedApi.Seen seen) {
        Map<String, String> out = new LinkedHashMap<>();
        if (seen.query() == null) {
            return out;
        }
        for (String pair : seen.query().split("&")) {
            int eq = pair.indexOf('=');
            out.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static JsonNode body(ScriptedApi.Seen seen) throws Exception {
        return JSON.readTree(seen.body());
    }

    List<String> readIds(ZohoDeskTickets t, Instant since) {
        List<String> ids = new ArrayList<>();
        t.readChanges(
                "tickets",
                List.of(),
                since,
                p -> p.records().forEach(r -> ids.add(r.path("id").asText())));
        return ids;
    }

    @Test
    void changedTicketsAreSearchedByModifiedTimeOldestFirstAHundredAPageOverlappingByOne() throws Exception {
        api.then(200, page(1, 100)).then(200, page(100, 30));
        List<String> ids = readIds(tickets(), T0);
        assertEquals(129, ids.stream().distinct().count());
        assertEquals(2, api.seen.size());
        for (ScriptedApi.Seen seen : api.seen) {
            assertEquals("GET", seen.method());
            assertEquals("/api/v1/tickets/search", seen.path());
            assertEquals(ORG, seen.header("orgId"), "every Desk call carries the org");
            Map<String, String> q = params(seen);
            assertTrue(q.get("modifiedTimeRange").startsWith("2026-01-01T00:00:00.000Z,"), q.toString());
            assertEquals("modifiedTime", q.get("sortBy"));
            assertEquals("100", q.get("limit"));
        }
        assertEquals("0", params(api.seen.get(0)).get("from"));
        assertEquals("99", params(api.seen.get(1)).get("from"), "the second page starts on the first one's last");
    }

    @Test
    void aSearchAnsweredNoContentMeansNothingChanged() {
        api.then(204, "");
        ReadSummary s = tickets().readChanges("tickets", List.of(), T0, p -> {});
        assertEquals(new ReadSummary(1, 0, true), s);
    }

    @Test
    void aReadThatReachesTheSearchOffsetBoundStartsANewWindowAtTheLastTimeRead() {
        // zohodesk-oas Search.json: from is at most 999. Pages start at 0, 99, ..., 891; the next would start at 990
        // and end past 999, so the read starts again at the last modifiedTime it saw.
        for (int i = 0; i < 10; i++) {
            api.then(200, page(1 + 99 * i, 100));
        }
        api.then(200, page(991, 5));
        readIds(tickets(), T0);
        assertEquals(11, api.seen.size());
        assertEquals("891", params(api.seen.get(9)).get("from"));
        Map<String, String> anchored = params(api.seen.get(10));
        assertEquals("0", anchored.get("from"));
        assertTrue(
                anchored.get("modifiedTimeRange").startsWith("2026-01-01T00:16:31.000Z,"),
                "the new window starts at ticket 991's time: " + anchored);
    }

    @Test
    void theDesksErrorEnvelopeBecomesTheTypedFailureWithTheDesksOwnMessage() {
        api.then(
                        422,
                        "{\"errorCode\":\"INVALID_DATA\",\"message\":\"An invalid value has been passed in the input.\","
                                + "\"errors\":[{\"fieldName\":\"/status\",\"errorType\":\"invalid\",\"errorMessage\":\"\"}]}")
                .then(404, "{\"errorCode\":\"URL_NOT_FOUND\",\"message\":\"The URL you requested could not be found\"}")
                .then(
                        401,
                        "{\"errorCode\":\"INVALID_OAUTH\",\"message\":\"The OAuth Token you provided is invalid.\"}");
        ZohoDeskTickets t = tickets();
        RecordRefused invalid = assertThrows(
                RecordRefused.class, () -> t.updateTicket("5", new TicketChanges("Nonsense", null, null, null)));
        assertEquals("INVALID_DATA", invalid.code());
        assertEquals(422, invalid.status());
        assertTrue(
                invalid.getMessage().contains("An invalid value has been passed in the input."), invalid.getMessage());
        assertTrue(invalid.getMessage().contains("[/status invalid]"), invalid.getMessage());
        RecordRefused gone = assertThrows(RecordRefused.class, () -> t.ticket("404"));
        assertEquals(404, gone.status());
        assertEquals("URL_NOT_FOUND", gone.code());
        ApiException refused = assertThrows(ApiException.class, () -> t.comments("5"));
        assertInstanceOf(CredentialsRefused.class, refused);
        assertTrue(refused.stopsTheRun());
    }

    @Test
    void statusesAreTheOrgsOwnReadFromTheTicketFieldMetadata() throws Exception {
        api.then(
                        200,
                        "{\"data\":[{\"apiName\":\"priority\",\"allowedValues\":[{\"value\":\"High\"}]},"
                                + "{\"apiName\":\"status\",\"type\":\"Picklist\",\"allowedValues\":["
                                + "{\"value\":\"Open\",\"statusType\":\"Open\"},"
                                + "{\"value\":\"Waiting on customer\",\"statusType\":\"On Hold\"},"
                                + "{\"value\":\"Solved\",\"statusType\":\"Closed\"}]}]}")
                .then(200, "{\"data\":[{\"apiName\":\"priority\",\"allowedValues\":[{\"value\":\"High\"}]}]}");
        ZohoDeskTickets t = tickets();
        List<TicketStatus> statuses = t.statuses();
        assertEquals(
                List.of(
                        new TicketStatus("Open", "Open"),
                        new TicketStatus("Waiting on customer", "On Hold"),
                        new TicketStatus("Solved", "Closed")),
                statuses);
        assertTrue(statuses.get(2).closed() && statuses.get(1).onHold());
        assertEquals("/api/v1/organizationFields", api.seen.get(0).path());
        assertEquals(Map.of("module", "tickets"), params(api.seen.get(0)));
        assertEquals(ORG, api.seen.get(0).header("orgId"));
        ApiException none = assertThrows(ApiException.class, t::statuses);
        assertEquals("MALFORMED_RESPONSE", none.code(), "no fixed list stands in for the org's statuses");
    }

    @Test
    void ratingsAreReadFromCustomerHappinessByTicketAndByContactAPageAtATime() throws Exception {
        StringBuilder full = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 50; i++) {
            full.append(i == 0 ? "" : ",").append("{\"id\":\"r").append(i).append("\",\"rating\":\"good\"}");
        }
        api.then(200, full.append("]}").toString())
                .then(200, "{\"data\":[{\"id\":\"r50\",\"rating\":\"bad\",\"feedback\":\"Slow\",\"ticketId\":\"5\"}]}")
                .then(204, "");
        ZohoDeskTickets t = tickets();
        List<ObjectNode> ratings = t.ratings("5");
        assertEquals(51, ratings.size());
        assertEquals("Slow", ratings.get(50).path("feedback").asText());
        assertEquals("/api/v1/customerHappiness", api.seen.get(0).path());
        assertEquals(
                Map.of("department", "allDepartment", "ticketId", "5", "from", "0", "limit", "50"),
                params(api.seen.get(0)));
        assertEquals("50", params(api.seen.get(1)).get("from"));
        assertEquals(List.of(), t.ratingsOfContact("c7"), "204: the contact rated nothing");
        assertEquals(
                Map.of("department", "allDepartment", "contactId", "c7", "from", "0", "limit", "50"),
                params(api.seen.get(2)));
    }

    @Test
    void threadsAndCommentsAreReadOldestFirstAndAThreadWithItsContent() throws Exception {
        api.then(200, "{\"data\":[{\"id\":\"t1\",\"direction\":\"in\",\"summary\":\"It fails\"}]}")
                .then(200, "{\"id\":\"t1\",\"content\":\"<div>It fails since Monday</div>\"}")
                .then(200, "{\"data\":[{\"id\":\"c1\",\"isPublic\":false,\"content\":\"Looking\"}]}");
        ZohoDeskTickets t = tickets();
        assertEquals("It fails", t.threads("5").get(0).path("summary").asText());
        assertEquals("/api/v1/tickets/5/threads", api.seen.get(0).path());
        assertEquals(Map.of("sortBy", "sendDateTime", "from", "0", "limit", "100"), params(api.seen.get(0)));
        assertEquals(
                "<div>It fails since Monday</div>",
                t.thread("5", "t1").path("content").asText());
        assertEquals("/api/v1/tickets/5/threads/t1", api.seen.get(1).path());
        assertEquals("Looking", t.comments("5").get(0).path("content").asText());
        assertEquals("/api/v1/tickets/5/comments", api.seen.get(2).path());
        assertEquals(Map.of("sortBy", "commentedTime", "from", "0", "limit", "100"), params(api.seen.get(2)));
        api.seen.forEach(s -> assertEquals(ORG, s.header("orgId")));
    }

    @Test
    void aCommentCarriesItsVisibilityAndIsNotPostedTwiceAfterAServerError() throws Exception {
        api.then(200, "{\"id\":\"c9\",\"isPublic\":true,\"content\":\"Call me\"}")
                .then(500, "{\"errorCode\":\"INTERNAL_SERVER_ERROR\",\"message\":\"oops\"}");
        ZohoDeskTickets t = tickets();
        assertEquals("c9", t.comment("5", "Call me", true).path("id").asText());
        ScriptedApi.Seen post = api.seen.get(0);
        assertEquals("POST", post.method());
        assertEquals("/api/v1/tickets/5/comments", post.path());
        assertEquals(
                JSON.readTree("{\"isPublic\":true,\"contentType\":\"plainText\",\"content\":\"Call me\"}"), body(post));
        assertTrue(post.header("Content-Type").startsWith("application/json"));
        assertThrows(ServerTrouble.class, () -> t.comment("5", "Private note", false));
        assertEquals(2, api.seen.size(), "the comment that may have been posted is not posted again");
        assertEquals(false, body(api.seen.get(1)).path("isPublic").asBoolean(true));
    }

    @Test
    void aReplyIsAnEmailFromTheDesksAddressAndIsNotSentTwice() throws Exception {
        api.then(200, "{\"id\":\"t2\",\"channel\":\"EMAIL\",\"direction\":\"out\"}")
                .then(500, "{\"errorCode\":\"INTERNAL_SERVER_ERROR\",\"message\":\"oops\"}");
        ZohoDeskTickets t = tickets();
        TicketReply reply = new TicketReply("jane@acme.com", "support@deskbridge.example", "We are on it.", false);
        assertEquals("t2", t.sendReply("5", reply).path("id").asText());
        assertEquals("/api/v1/tickets/5/sendReply", api.seen.get(0).path());
        assertEquals(
                JSON.readTree("{\"channel\":\"EMAIL\",\"to\":\"jane@acme.com\","
                        + "\"fromEmailAddress\":\"support@deskbridge.example\",\"contentType\":\"plainText\","
                        + "\"content\":\"We are on it.\"}"),
                body(api.seen.get(0)));
        assertThrows(ServerTrouble.class, () -> t.sendReply("5", reply));
        assertEquals(2, api.seen.size());
    }

    /** Issue 15, item 3: a forward is sendReply with isForward, its recipients and the thread it forwards. */
    @Test
    void aForwardIsASendReplyWithIsForwardAndTheLatestThreadIsRead() throws Exception {
        api.then(200, "{\"id\":\"t3\",\"isForward\":true}").then(200, "{\"id\":\"t3\",\"cc\":\"\"}");
        ZohoDeskTickets t = tickets();
        t.sendReply(
                "5",
                new TicketReply(
                        "a@x.example,b@x.example",
                        "c@x.example",
                        "support@deskbridge.example",
                        "FYI",
                        true,
                        true,
                        "t1"));
        assertEquals(
                JSON.readTree(
                        "{\"channel\":\"EMAIL\",\"to\":\"a@x.example,b@x.example\","
                                + "\"fromEmailAddress\":\"support@deskbridge.example\",\"contentType\":\"html\","
                                + "\"content\":\"FYI\",\"cc\":\"c@x.example\",\"inReplyToThreadId\":\"t1\",\"isForward\":true}"),
                body(api.seen.get(0)));
        assertEquals("t3", t.latestThread("5").path("id").asText());
        assertEquals("GET", api.seen.get(1).method());
        assertEquals("/api/v1/tickets/5/latestThread", api.seen.get(1).path());
    }

    @Test
    void createAndUpdateSendTheDesksTicketBodiesAndOnlyTheUpdateIsRepeated() throws Exception {
        api.then(200, "{\"id\":\"5\",\"ticketNumber\":\"101\",\"status\":\"Open\"}")
                .then(503, "{\"errorCode\":\"INTERNAL_SERVER_ERROR\",\"message\":\"busy\"}")
                .then(200, "{\"id\":\"5\",\"status\":\"Waiting on customer\"}");
        ZohoDeskTickets t = tickets();
        ObjectNode created = t.createTicket(new NewTicket("c7", "d1", "Login fails", "Since Monday", "High", null));
        assertEquals("101", created.path("ticketNumber").asText());
        assertEquals("/api/v1/tickets", api.seen.get(0).path());
        assertEquals(
                JSON.readTree("{\"contactId\":\"c7\",\"departmentId\":\"d1\",\"subject\":\"Login fails\","
                        + "\"description\":\"Since Monday\",\"priority\":\"High\"}"),
                body(api.seen.get(0)));
        ObjectNode updated = t.updateTicket(
                "5", new TicketChanges("Waiting on customer", null, "a3", Instant.parse("2026-02-01T10:00:00Z")));
        assertEquals("Waiting on customer", updated.path("status").asText());
        assertEquals(3, api.seen.size(), "the update, harmless to repeat, was sent again after the 503");
        ScriptedApi.Seen patch = api.seen.get(2);
        assertEquals("PATCH", patch.method());
        assertEquals("/api/v1/tickets/5", patch.path());
        assertEquals(
                JSON.readTree("{\"status\":\"Waiting on customer\",\"assigneeId\":\"a3\","
                        + "\"dueDate\":\"2026-02-01T10:00:00.000Z\"}"),
                body(patch));
    }

    @Test
    void aCreateWhoseAnswerIsLostIsNotSentAgain() {
        api.then(502, "");
        assertThrows(
                ServerTrouble.class,
                () -> tickets().createTicket(new NewTicket("c7", "d1", "Login fails", null, null, null)));
        assertEquals(1, api.seen.size());
    }

    @Test
    void closeAndTrashSendTheIdsTheDeskExpectsAndCloseIsRepeatedAfterAServerError() throws Exception {
        api.then(502, "").then(200, "").then(204, "");
        ZohoDeskTickets t = tickets();
        t.close(List.of("5", "6"));
        assertEquals(2, api.seen.size());
        assertEquals("/api/v1/closeTickets", api.seen.get(1).path());
        assertEquals(JSON.readTree("{\"ids\":[\"5\",\"6\"]}"), body(api.seen.get(1)));
        t.delete("tickets", List.of("7"));
        assertEquals("/api/v1/tickets/moveToTrash", api.seen.get(2).path());
        assertEquals(JSON.readTree("{\"ticketIds\":[\"7\"]}"), body(api.seen.get(2)));
        t.close(List.of());
        t.trash(List.of());
        assertEquals(3, api.seen.size(), "nothing to close or trash is no call");
    }

    @Test
    void aRateLimitedTicketReadWaitsRetryAfterAndClosesTheGateEveryDeskCallerShares() throws Exception {
        SystemGate gate = new SystemGate("desk", 5, waits::add);
        api.then(new ScriptedApi.Answer(
                        429,
                        Map.of("Retry-After", "7"),
                        "{\"errorCode\":\"TOO_MANY_REQUESTS\",\"message\":\"The maximum number of Concurrent API"
                                + " Calls that can be made has been exceeded.\"}",
                        0))
                .then(200, "{\"id\":\"5\",\"subject\":\"Login fails\"}")
                .then(204, "");
        ZohoDeskTickets t = new ZohoDeskTickets(caller(gate), api.uri(), ORG, JSON);
        assertEquals("Login fails", t.ticket("5").path("subject").asText());
        assertEquals(List.of(Duration.ofSeconds(7)), waits, "the ticket read waited what the Desk asked");
        assertEquals(1, gate.counts().throttled());
        assertEquals(2, gate.limit(), "the 429 halved the calls the gate lets through");
        // The contacts connector goes through the same gate: it waits for the rest of the window too.
        new ZohoDeskClient(caller(gate), api.uri(), ORG, JSON).check("contacts");
        assertEquals(2, waits.size(), waits.toString());
        assertTrue(waits.get(1).compareTo(Duration.ofSeconds(6)) > 0, waits.toString());
    }

    @Test
    void theTicketConnectorServesTicketsAloneAndFindsByTheExactValue() {
        api.then(
                200,
                "{\"data\":[{\"id\":\"5\",\"subject\":\"Login fails\"},{\"id\":\"6\",\"subject\":\"Login fails again\"}]}");
        ZohoDeskTickets t = tickets();
        assertThrows(IllegalArgumentException.class, () -> t.readChanges("contacts", List.of(), null, p -> {}));
        List<ObjectNode> found = t.findByKey("tickets", "subject", "Login fails");
        assertEquals(
                List.of("5"), found.stream().map(n -> n.path("id").asText()).toList());
        assertEquals("/api/v1/tickets/search", api.seen.get(0).path());
        assertEquals(Map.of("subject", "Login fails", "limit", "100"), params(api.seen.get(0)));
    }
}
