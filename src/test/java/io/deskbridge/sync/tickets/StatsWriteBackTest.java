package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.TicketDeals;
import io.deskbridge.store.TicketStatistics;
import io.deskbridge.support.RunningDeskbridge;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 5, the write-back: with a statistics map, the tickets sync writes each CRM record's support figures
 * into its CRM fields, only when they changed, 100 records a call. The runtime against its sandbox over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsWriteBackTest {

    static final String MARY_CRM = TicketsSyncTest.MARY_CRM;
    static final String NEWCORP_DEAL = TicketsSyncTest.NEWCORP_DEAL;

    /** Every figure into the sandbox CRM's custom fields. */
    static final String EVERY_FIGURE = """
            modules:
              Contacts:
                total: Desk_Tickets_Total
                open: Desk_Tickets_Open
                overdue: Desk_Tickets_Overdue
                averageFirstResponse: Desk_First_Response_Hours
                averageResolution: Desk_Resolution_Hours
                good: Desk_Ratings_Good
                okay: Desk_Ratings_Okay
                bad: Desk_Ratings_Bad
                latestFeedback: Desk_Latest_Feedback
                latestFeedbackAt: Desk_Latest_Feedback_At
              Accounts:
                total: Desk_Tickets_Total
                open: Desk_Tickets_Open
                averageResolution: Desk_Resolution_Hours
              Deals:
                open: Desk_Tickets_Open
                overdue: Desk_Tickets_Overdue
            """;

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    Sandbox sandbox;
    String org;

    static Map<String, String> withStatsMap(Path dir, String yaml) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("test.statsmap.yaml");
        Files.writeString(file, yaml);
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.tickets.statsmap", "file:" + file);
        return p;
    }

    @BeforeAll
    void start() throws Exception {
        app = RunningDeskbridge.start(withStatsMap(dir, EVERY_FIGURE));
        sandbox = app.sandbox();
        org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
        // Contacts without tickets yet, linked by the first run: they get one each in the test of 100 a call.
        sandbox.crm().generateContacts(250, "stats");
        assertEquals("SUCCEEDED", app.runAndWait("accounts").path("status").asText());
        assertEquals("SUCCEEDED", app.runAndWait("contacts").path("status").asText());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    /** The CRM writes (PUT) of a module since the request log was cleared. */
    static List<RequestLog.Entry> crmWrites(Sandbox sandbox, String module) {
        return sandbox.requests().entries().stream()
                .filter(e -> e.system().equals("crm")
                        && e.method().equals("PUT")
                        && e.path().endsWith("/" + module))
                .toList();
    }

    /** The CRM records of a module whose support fields are set, by id. */
    static Map<String, ObjectNode> withFigures(Sandbox sandbox, String module, String field) {
        return sandbox.crm().list(module).stream()
                .filter(r -> r.hasNonNull(field))
                .collect(Collectors.toMap(r -> r.path("id").asText(), r -> r));
    }

    /** The record's CRM fields hold what GET .../stats answers, in the units the README gives. */
    void assertFieldsHoldTheStats(String id) throws Exception {
        JsonNode stats = app.get("/api/crm/Contacts/" + id + "/stats");
        ObjectNode crm = sandbox.crm().get("Contacts", id).orElseThrow();
        assertEquals(stats.path("total").asInt(), crm.path("Desk_Tickets_Total").asInt(), crm.toString());
        assertEquals(stats.path("open").asInt(), crm.path("Desk_Tickets_Open").asInt(), crm.toString());
        assertEquals(
                stats.path("overdue").asInt(), crm.path("Desk_Tickets_Overdue").asInt(), crm.toString());
        assertHours(stats.path("averageFirstResponseSeconds"), crm.path("Desk_First_Response_Hours"));
        assertHours(stats.path("averageResolutionSeconds"), crm.path("Desk_Resolution_Hours"));
        assertEquals(
                stats.at("/ratings/good").asInt(), crm.path("Desk_Ratings_Good").asInt(), crm.toString());
        assertEquals(
                stats.at("/ratings/okay").asInt(), crm.path("Desk_Ratings_Okay").asInt(), crm.toString());
        assertEquals(
                stats.at("/ratings/bad").asInt(), crm.path("Desk_Ratings_Bad").asInt(), crm.toString());
        JsonNode feedback = stats.path("latestFeedback");
        if (feedback.isNull() || feedback.isMissingNode()) {
            assertFalse(crm.hasNonNull("Desk_Latest_Feedback"), crm.toString());
        } else {
            assertEquals(
                    feedback.path("text").asText(),
                    crm.path("Desk_Latest_Feedback").asText());
            // The CRM keeps date-times to the second.
            assertEquals(
                    Instant.parse(feedback.path("at").asText()).truncatedTo(ChronoUnit.SECONDS),
                    OffsetDateTime.parse(crm.path("Desk_Latest_Feedback_At").asText())
                            .toInstant());
        }
    }

    static void assertHours(JsonNode seconds, JsonNode hours) {
        if (seconds.isNull()) {
            assertTrue(hours.isNull() || hours.isMissingNode(), "no average, an empty field: " + hours);
            return;
        }
        BigDecimal expected =
                BigDecimal.valueOf(seconds.asLong()).divide(BigDecimal.valueOf(3600), 1, RoundingMode.HALF_UP);
        assertEquals(
                0, expected.compareTo(hours.decimalValue()), "hours with one decimal: " + hours + " for " + seconds);
    }

    @Test
    @Order(1)
    void aRunWritesTheFiguresOfEveryRecordWithTickets() throws Exception {
        sandbox.requests().clear();
        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        Map<String, ObjectNode> written = withFigures(sandbox, "Contacts", "Desk_Tickets_Total");
        assertTrue(written.containsKey(MARY_CRM), "Mary's contact has her figures: " + written.keySet());
        for (String id : written.keySet()) {
            assertFieldsHoldTheStats(id);
        }
        assertEquals(
                3,
                app.get("/api/crm/Contacts/" + MARY_CRM + "/stats")
                        .path("total")
                        .asInt());
        assertEquals(1, crmWrites(sandbox, "Contacts").size(), "the seeded contacts fit one call");
        assertFalse(withFigures(sandbox, "Accounts", "Desk_Tickets_Total").isEmpty(), "accounts are written too");
        assertTrue(run.at("/apiCalls/crm/calls").asInt() >= 2, "the writes count on the run: " + run);
    }

    @Test
    @Order(2)
    void aRunWithNothingChangedWritesNothing() throws Exception {
        sandbox.requests().clear();
        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(List.of(), crmWrites(sandbox, "Contacts"));
        assertEquals(List.of(), crmWrites(sandbox, "Accounts"));
        assertEquals(List.of(), crmWrites(sandbox, "Deals"));
    }

    @Test
    @Order(3)
    void oneTicketChangedWritesOnlyItsRecords() throws Exception {
        Map<String, ObjectNode> before = withFigures(sandbox, "Contacts", "Desk_Tickets_Total");
        String marysOpenTicket = TicketsSyncTest.ticket(103);
        sandbox.desk().tickets().rate(marysOpenTicket, "BAD", "Still waiting for the export");
        sandbox.requests().clear();
        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(1, crmWrites(sandbox, "Contacts").size());
        assertEquals(List.of(), crmWrites(sandbox, "Accounts"), "the account's mapped figures are as they were");
        Map<String, ObjectNode> after = withFigures(sandbox, "Contacts", "Desk_Tickets_Total");
        for (String id : before.keySet()) {
            if (!id.equals(MARY_CRM)) {
                assertEquals(before.get(id), after.get(id), "another contact is not written: " + id);
            }
        }
        assertEquals(
                1,
                after.get(MARY_CRM).path("Desk_Ratings_Bad").asInt(),
                after.get(MARY_CRM).toString());
        assertEquals(
                "Still waiting for the export",
                after.get(MARY_CRM).path("Desk_Latest_Feedback").asText());
        assertFieldsHoldTheStats(MARY_CRM);
    }

    @Test
    @Order(4)
    void aDealsFiguresAreWrittenOnceATicketIsLinkedToIt() throws Exception {
        app.context()
                .getRegistry()
                .lookupByNameAndType("ticketDeals", TicketDeals.class)
                .link("tickets", org, TicketsSyncTest.ticket(103), NEWCORP_DEAL);
        sandbox.requests().clear();
        app.runAndWait("tickets");
        assertEquals(1, crmWrites(sandbox, "Deals").size());
        ObjectNode deal = sandbox.crm().get("Deals", NEWCORP_DEAL).orElseThrow();
        assertEquals(1, deal.path("Desk_Tickets_Open").asInt(), deal.toString());
        assertEquals(0, deal.path("Desk_Tickets_Overdue").asInt(), deal.toString());
    }

    @Test
    @Order(5)
    void twoHundredFiftyRecordsChangedAreWrittenInThreeCalls() throws Exception {
        int deskContacts = sandbox.desk().contacts().size();
        assertTrue(deskContacts > 250, "the generated contacts are in the Desk: " + deskContacts);
        // One new ticket for every Desk contact: the 250 generated ones and the demo contacts. The generator dates
        // them in the past, before the sync's watermark: a change brings them to now.
        for (String id : sandbox.desk().tickets().generate(deskContacts)) {
            sandbox.desk().tickets().update(id, JSON.createObjectNode().put("priority", "High"));
        }
        Thread.sleep(1100); // past the watermark's margin
        sandbox.requests().clear();
        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        Map<String, ObjectNode> written = withFigures(sandbox, "Contacts", "Desk_Tickets_Total");
        assertTrue(written.size() > 250 && written.size() <= 300, "records written: " + written.size());
        assertEquals(3, crmWrites(sandbox, "Contacts").size(), "100 records a call");
        assertTrue(run.at("/apiCalls/crm/calls").asInt() >= 3, "the calls count on the run: " + run);
        TicketStatistics statistics =
                app.context().getRegistry().lookupByNameAndType("ticketStatistics", TicketStatistics.class);
        assertEquals(0, statistics.pendingMarks("tickets", CrmModule.CONTACTS), "every mark is settled");
        assertNotNull(written.get(MARY_CRM));
    }

    @Test
    @Order(6)
    void aRecordTheCrmRefusesIsKeptWithItsReasonAndTheOthersAreWritten() throws Exception {
        sandbox.crm().delete("Contacts", MARY_CRM);
        // Mary's open ticket closes: her contact's and her account's figures change.
        sandbox.desk()
                .tickets()
                .update(TicketsSyncTest.ticket(103), JSON.createObjectNode().put("status", "Closed"));
        sandbox.requests().clear();
        JsonNode run = app.runAndWait("tickets");
        assertEquals("PARTIAL", run.path("status").asText(), run.toString());
        assertEquals(1, run.path("failed").asInt(), run.toString());
        JsonNode errors = app.get("/admin/syncs/tickets/errors");
        assertTrue(errors.toString().contains(MARY_CRM), errors.toString());
        assertTrue(errors.toString().contains("support figures"), errors.toString());
        assertEquals(1, crmWrites(sandbox, "Accounts").size(), "Mary's account is written all the same");
        TicketStatistics statistics =
                app.context().getRegistry().lookupByNameAndType("ticketStatistics", TicketStatistics.class);
        assertEquals(0, statistics.pendingMarks("tickets", CrmModule.CONTACTS), "a refusal is not retried each run");
        sandbox.requests().clear();
        app.runAndWait("tickets");
        assertEquals(List.of(), crmWrites(sandbox, "Contacts"), "nor written again until its figures change");
    }

    /**
     * Second review, item 4: a feedback longer than the CRM field's length (its metadata's {@code length}; the sandbox
     * refuses a longer text, as the CRM does) is cut to it, ending in an ellipsis, rather than refused every run.
     */
    @Test
    @Order(7)
    void aFeedbackLongerThanItsFieldIsCutToTheFieldsLength() throws Exception {
        String feedback = "The courier left it at the wrong door again. ".repeat(50);
        assertTrue(feedback.length() > 2000, "longer than the sandbox field's 2,000: " + feedback.length());
        sandbox.desk().tickets().rate(TicketsSyncTest.ticket(104), "BAD", feedback);
        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        String written = sandbox.crm()
                .get("Contacts", TicketsSyncTest.KEN_CRM)
                .orElseThrow()
                .path("Desk_Latest_Feedback")
                .asText();
        assertEquals(2000, written.length());
        assertEquals(feedback.substring(0, 1999) + "\u2026", written);
    }
}
