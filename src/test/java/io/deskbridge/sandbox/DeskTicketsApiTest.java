package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads of the seeded Desk tickets over real HTTP: search, list, one ticket, threads, comments, metrics, the org's
 * ticket fields, departments and customer happiness. Nothing here writes, so the seeded figures hold.
 */
class DeskTicketsApiTest {

    static SandboxServer s;
    static final String T1 = "1892000000143001";
    static final String T2 = "1892000000143002";
    static final String T3 = "1892000000143003";
    static final String T7 = "1892000000143007";
    static final String T9 = "1892000000143009";
    static final String MARY = "1892000000042034";
    static final String JANUARY = "2026-01-01T00:00:00.000Z,2026-01-31T23:59:59.999Z";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static SandboxServer.Resp get(String path) throws Exception {
        return s.desk("GET", path, null);
    }

    private static List<String> ids(SandboxServer.Resp r) {
        List<String> out = new ArrayList<>();
        r.json().get("data").forEach(d -> out.add(d.get("id").asText()));
        return out;
    }

    private static String ticket(int n) {
        return Long.toString(1892000000143000L + n);
    }

    @Test
    void searchByModifiedTimeRangeIsSortedPagedAndCounted() throws Exception {
        SandboxServer.Resp p1 = get("/tickets/search?modifiedTimeRange=" + JANUARY + "&sortBy=modifiedTime&limit=3");
        assertEquals(200, p1.status(), p1.body());
        assertEquals(8, p1.json().get("count").asInt(), "the trashed ticket is not found");
        assertEquals(List.of(ticket(1), ticket(2), ticket(3)), ids(p1));
        JsonNode first = p1.json().get("data").get(0);
        assertEquals("2026-01-13T12:00:00.000Z", first.get("modifiedTime").asText());
        assertEquals(
                "Mary.Major@ACME.example", first.get("contact").get("email").asText());
        assertEquals(
                "Acme Corporation",
                first.get("contact").get("account").get("accountName").asText());
        assertTrue(first.get("isOverDue").asBoolean());
        SandboxServer.Resp p3 =
                get("/tickets/search?modifiedTimeRange=" + JANUARY + "&sortBy=modifiedTime&limit=3" + "&from=6");
        assertEquals(List.of(ticket(5), ticket(8)), ids(p3), "T6 and T7 were modified before T5");
        assertEquals(
                204,
                get("/tickets/search?modifiedTimeRange=" + JANUARY + "&from=8").status());
        SandboxServer.Resp desc = get("/tickets/search?modifiedTimeRange=" + JANUARY + "&sortBy=-modifiedTime&limit=1");
        assertEquals(List.of(ticket(8)), ids(desc));
        assertEquals(8, desc.json().get("count").asInt());
        assertEquals(
                204,
                get("/tickets/search?modifiedTimeRange=2020-01-01T00:00:00.000Z,2020-02-01T00:00:00.000Z")
                        .status());
    }

    @Test
    void searchFiltersByContactAccountStatusAndPriority() throws Exception {
        String q = "/tickets/search?modifiedTimeRange=" + JANUARY + "&sortBy=createdTime&limit=100";
        assertEquals(List.of(T1, T2, T3), ids(get(q + "&contactId=" + MARY)));
        assertEquals(List.of(T1, T2, T3), ids(get(q + "&accountId=1892000000975382")));
        assertEquals(List.of(ticket(2), ticket(5), ticket(8)), ids(get(q + "&status=%24%7Bclosed%7D")));
        assertEquals(List.of(ticket(4), ticket(6)), ids(get(q + "&status=On%20Hold,waiting%20on%20customer")));
        assertEquals(List.of(T1, T3, ticket(8)), ids(get(q + "&priority=High")));
        assertEquals(List.of(T3), ids(get("/tickets/search?subject=Export*")));
        assertEquals(204, get(q + "&contactId=1892000000042035&status=Open").status());
    }

    @Test
    void searchParametersAreValidatedAsDeskDoes() throws Exception {
        SandboxServer.Resp from = get("/tickets/search?modifiedTimeRange=" + JANUARY + "&from=1000");
        assertEquals(422, from.status());
        assertEquals("UNPROCESSABLE_ENTITY", from.json().get("errorCode").asText());
        assertTrue(from.json().get("message").asText().contains("'0-999'"), from.body());
        assertEquals(
                422,
                get("/tickets/search?modifiedTimeRange=" + JANUARY + "&limit=101")
                        .status());
        assertEquals(
                422,
                get("/tickets/search?modifiedTimeRange=" + JANUARY + "&limit=0").status());
        assertEquals(422, get("/tickets/search?from=0").status(), "at least one criteria");
        assertEquals(
                422, get("/tickets/search?modifiedTimeRange=yesterday,today").status());
        assertEquals(
                422,
                get("/tickets/search?modifiedTimeRange=" + JANUARY + "&sortBy=bogus")
                        .status());
        SandboxServer.Resp extra = get("/tickets/search?modifiedTimeRange=" + JANUARY + "&sortOrder=asc");
        assertEquals(
                "Extra query parameter 'sortOrder' is present in the input.",
                extra.json().get("message").asText());
        SandboxServer.Resp unsupported = get("/tickets/search?tag=vip");
        assertEquals(422, unsupported.status());
        assertTrue(unsupported.json().get("message").asText().contains("'tag'"));
    }

    @Test
    void oneTicketHasTheFlagsCountsAndTimes() throws Exception {
        SandboxServer.Resp r = get("/tickets/" + T1 + "?include=contacts,assignee");
        assertEquals(200, r.status(), r.body());
        JsonNode t = r.json();
        assertEquals("101", t.get("ticketNumber").asText());
        assertEquals("Open", t.get("status").asText());
        assertEquals("Open", t.get("statusType").asText());
        assertEquals("High", t.get("priority").asText());
        assertEquals("3", t.get("threadCount").asText(), "description, reply, customer answer");
        assertEquals("1", t.get("commentCount").asText());
        assertEquals("2026-01-13T09:00:00.000Z", t.get("createdTime").asText());
        assertEquals("2026-01-13T12:00:00.000Z", t.get("customerResponseTime").asText());
        assertEquals("2026-01-14T09:00:00.000Z", t.get("dueDate").asText());
        assertTrue(t.get("isOverDue").asBoolean(), "due 2026-01-14 and not closed");
        assertFalse(t.get("isEscalated").asBoolean());
        assertTrue(t.get("closedTime").isNull());
        assertEquals(MARY, t.get("contactId").asText());
        assertEquals("Mary.Major@ACME.example", t.get("contact").get("email").asText());
        assertEquals("Sandbox", t.get("assignee").get("firstName").asText());
        t.fieldNames().forEachRemaining(f -> assertFalse(f.startsWith("_"), f));

        JsonNode closed = get("/tickets/" + T2).json();
        assertEquals("Closed", closed.get("statusType").asText());
        assertEquals("2026-01-15T08:00:00.000Z", closed.get("closedTime").asText());
        assertFalse(closed.get("isOverDue").asBoolean(), "a closed ticket is never overdue");
        JsonNode escalated = get("/tickets/" + T3).json();
        assertTrue(escalated.get("isEscalated").asBoolean());
        assertEquals("Escalated", escalated.get("status").asText());
        assertEquals("Open", escalated.get("statusType").asText());
        JsonNode onHold = get("/tickets/" + ticket(6)).json();
        assertEquals("Waiting on customer", onHold.get("status").asText());
        assertEquals("On Hold", onHold.get("statusType").asText());
        assertEquals("2026-01-18T08:45:00.000Z", onHold.get("onholdTime").asText());
        assertFalse(get("/tickets/" + T7).json().get("isOverDue").asBoolean(), "due in 2036");
        JsonNode trashed = get("/tickets/" + T9).json();
        assertTrue(trashed.get("isTrashed").asBoolean());
        SandboxServer.Resp missing = get("/tickets/1892000009999999");
        assertEquals(404, missing.status());
        assertEquals("URL_NOT_FOUND", missing.json().get("errorCode").asText());
        assertEquals(422, get("/tickets/" + T1 + "?include=everything").status());
    }

    @Test
    void listHasNoModifiedTimeAndPagesFromOne() throws Exception {
        SandboxServer.Resp r = get("/tickets?from=1&limit=2&sortBy=createdTime");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().size(), "only data");
        assertEquals(List.of(T1, T2), ids(r));
        for (JsonNode t : r.json().get("data")) {
            assertFalse(t.has("modifiedTime"), t.toString());
            assertFalse(t.has("description"));
            assertTrue(t.has("lastThread"));
        }
        assertEquals(
                "in",
                r.json().get("data").get(0).get("lastThread").get("direction").asText());
        assertEquals(List.of(ticket(3), ticket(4)), ids(get("/tickets?from=3&limit=2")));
        assertEquals(List.of(ticket(8)), ids(get("/tickets?limit=1&sortBy=-createdTime")));
        assertEquals(List.of(ticket(2), ticket(5), ticket(8)), ids(get("/tickets?status=Closed")));
        assertEquals(List.of(T7), ids(get("/tickets?assignee=Unassigned")));
        assertEquals(204, get("/tickets?from=100").status());
        assertEquals(422, get("/tickets?limit=101").status());
        assertEquals(422, get("/tickets?sortBy=modifiedTime").status());
        assertEquals(422, get("/tickets?viewId=1").status(), "views are not simulated");
        assertEquals(
                MARY,
                get("/tickets?limit=1&include=contacts")
                        .json()
                        .get("data")
                        .get(0)
                        .get("contact")
                        .get("id")
                        .asText());
    }

    @Test
    void threadsAreNewestFirstWithContentOnlyOnTheSingleRead() throws Exception {
        SandboxServer.Resp r = get("/tickets/" + T1 + "/threads");
        assertEquals(200, r.status(), r.body());
        JsonNode data = r.json().get("data");
        assertEquals(3, data.size());
        assertEquals("in", data.get(0).get("direction").asText(), "the customer's answer is the newest");
        assertEquals("2026-01-13T12:00:00.000Z", data.get(0).get("createdTime").asText());
        assertFalse(data.get(0).has("content"));
        JsonNode reply = data.get(1);
        assertEquals("out", reply.get("direction").asText());
        assertEquals("EMAIL", reply.get("channel").asText());
        assertEquals("01:30:00", reply.get("respondedIn").asText());
        assertEquals("AGENT", reply.get("author").get("type").asText());
        assertTrue(data.get(2).get("isDescriptionThread").asBoolean());
        SandboxServer.Resp asc = get("/tickets/" + T1 + "/threads?sortBy=sendDateTime&from=1&limit=1");
        assertEquals(
                reply.get("id").asText(),
                asc.json().get("data").get(0).get("id").asText());
        assertEquals(204, get("/tickets/" + T1 + "/threads?from=3").status());
        SandboxServer.Resp one =
                get("/tickets/" + T1 + "/threads/" + reply.get("id").asText() + "?include=plainText");
        assertEquals(200, one.status());
        assertEquals(
                "We are looking into it. Which browser do you use?",
                one.json().get("content").asText());
        assertEquals("mary.major@acme.example", one.json().get("to").asText().toLowerCase());
        assertTrue(one.json().has("plainText"));
        assertEquals(
                404,
                get("/tickets/" + T2 + "/threads/" + reply.get("id").asText()).status(),
                "a thread is read under its own ticket");
    }

    @Test
    void commentsAreOldestFirst() throws Exception {
        SandboxServer.Resp r = get("/tickets/" + T3 + "/comments");
        assertEquals(200, r.status(), r.body());
        JsonNode data = r.json().get("data");
        assertEquals(2, data.size());
        assertFalse(data.get(0).get("isPublic").asBoolean());
        assertTrue(data.get(1).get("isPublic").asBoolean());
        assertEquals(
                "2026-01-15T14:00:00.000Z", data.get(0).get("commentedTime").asText());
        assertEquals("AGENT", data.get(0).get("commenter").get("type").asText());
        assertEquals(DeskSimulator.AGENT_ID, data.get(0).get("commenterId").asText());
        assertEquals(
                "2026-01-15T16:00:00.000Z",
                get("/tickets/" + T3 + "/comments?sortBy=-commentedTime")
                        .json()
                        .get("data")
                        .get(0)
                        .get("commentedTime")
                        .asText());
        assertEquals(204, get("/tickets/" + T7 + "/comments").status());
        assertEquals(422, get("/tickets/" + T3 + "/comments?limit=101").status());
    }

    @Test
    void metricsGiveFirstResponseAndResolution() throws Exception {
        JsonNode m = get("/tickets/" + T2 + "/metrics").json();
        assertEquals("01:00 hrs", m.get("firstResponseTime").asText());
        assertEquals("24:00 hrs", m.get("resolutionTime").asText());
        assertEquals(1, m.get("outgoingCount").asInt());
        assertEquals(
                "01:30 hrs",
                get("/tickets/" + T1 + "/metrics")
                        .json()
                        .get("firstResponseTime")
                        .asText());
    }

    @Test
    void ticketFieldsListTheOrgsStatusesWithTheirTypes() throws Exception {
        SandboxServer.Resp r = get("/organizationFields?module=tickets");
        assertEquals(200, r.status(), r.body());
        JsonNode status = null;
        for (JsonNode f : r.json().get("data")) {
            if (f.get("apiName").asText().equals("status")) {
                status = f;
            }
        }
        assertEquals("Picklist", status.get("type").asText());
        List<String> values = new ArrayList<>();
        status.get("allowedValues")
                .forEach(v -> values.add(
                        v.get("value").asText() + "/" + v.get("statusType").asText()));
        assertEquals(
                List.of(
                        "Open/Open",
                        "On Hold/On Hold",
                        "Escalated/Open",
                        "Waiting on customer/On Hold",
                        "Closed/Closed"),
                values);
        assertEquals(422, get("/organizationFields").status());
        assertEquals(
                1,
                get("/organizationFields?module=tickets&apiNames=priority")
                        .json()
                        .get("data")
                        .size());
        JsonNode dept = get("/departments").json().get("data").get(0);
        assertEquals(DeskTickets.DEPARTMENT_ID, dept.get("id").asText());
        assertTrue(dept.get("isDefault").asBoolean());
    }

    @Test
    void customerHappinessNarrowsByOneSubjectAndRating() throws Exception {
        SandboxServer.Resp missing = get("/customerHappiness");
        assertEquals(422, missing.status());
        assertTrue(missing.json().get("message").asText().contains("'department'"));
        SandboxServer.Resp all = get("/customerHappiness?department=allDepartment");
        assertEquals(200, all.status(), all.body());
        List<String> ratings = new ArrayList<>();
        all.json().get("data").forEach(r -> ratings.add(r.get("rating").asText()));
        assertEquals(List.of("GOOD", "BAD", "OK"), ratings, "oldest first");
        JsonNode good = all.json().get("data").get(0);
        assertEquals(T2, good.get("ticketId").asText());
        assertEquals(MARY, good.get("contactId").asText());
        assertEquals("Quick fix, thank you!", good.get("feedback").asText());
        assertEquals("2026-01-15T10:00:00.000Z", good.get("ratedTime").asText());
        assertEquals(
                "OK",
                get("/customerHappiness?department=allDepartment&sortBy=-ratedTime&limit=1")
                        .json()
                        .get("data")
                        .get(0)
                        .get("rating")
                        .asText());
        assertEquals(
                1,
                get("/customerHappiness?department=allDepartment&contactId=" + MARY)
                        .json()
                        .get("data")
                        .size());
        assertEquals(
                1,
                get("/customerHappiness?department=allDepartment&accountId=1892000000975382")
                        .json()
                        .get("data")
                        .size());
        assertEquals(
                "BAD",
                get("/customerHappiness?department=" + DeskTickets.DEPARTMENT_ID + "&rating=bad")
                        .json()
                        .get("data")
                        .get(0)
                        .get("rating")
                        .asText());
        assertEquals(
                204,
                get("/customerHappiness?department=allDepartment&ticketId=" + T1)
                        .status());
        assertEquals(
                422,
                get("/customerHappiness?department=allDepartment&ticketId=" + T1 + "&contactId=" + MARY)
                        .status());
        assertEquals(
                422,
                get("/customerHappiness?department=allDepartment&rating=okay").status());
        JsonNode included = get("/customerHappiness?department=allDepartment&limit=1&include=tickets,contacts")
                .json()
                .get("data")
                .get(0);
        assertEquals("102", included.get("ticket").get("ticketNumber").asText());
        assertEquals("Major", included.get("contact").get("lastName").asText());
    }
}
