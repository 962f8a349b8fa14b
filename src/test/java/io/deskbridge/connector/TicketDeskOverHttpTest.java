package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohocrm.ZohoCrmSignals;
import io.deskbridge.connector.zohodesk.ZohoDeskTickets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tickets connector and the CRM's Signals call against the sandbox over real HTTP: the two were written
 * apart, each to the vendor's wire format, and this is where they must agree.
 */
class TicketDeskOverHttpTest {

    static final String DEPARTMENT = "1892000000006907";
    final ZohoConnectorsTest sandbox = new ZohoConnectorsTest();
    TicketDesk desk;

    @BeforeEach
    void start() throws Exception {
        sandbox.start();
        ApiCaller caller = new ApiCaller(
                "Zoho Desk",
                sandbox.http,
                sandbox.oauth("1000.test.refresh"),
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(10),
                d -> {});
        desk = new ZohoDeskTickets(
                caller, URI.create(sandbox.server.base + "/sandbox/desk"), "777001", ZohoConnectorsTest.JSON);
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.stop();
    }

    @Test
    void aTicketIsOpenedWorkedOnClosedAndTrashedThroughTheContract() throws Exception {
        String contactId = sandbox.server
                .sandbox
                .desk()
                .createContact(ZohoConnectorsTest.JSON
                        .createObjectNode()
                        .put("lastName", "Roe")
                        .put("email", "jane@example.com"))
                .path("id")
                .asText();
        Instant before = Instant.now().minusSeconds(1);

        ObjectNode created = desk.createTicket(
                new NewTicket(contactId, DEPARTMENT, "Login fails", "Since this morning", "High", "Email"));
        String id = created.path("id").asText();
        assertEquals("Login fails", created.path("subject").asText());

        List<String> changed = new ArrayList<>();
        desk.readChanges(
                TicketDesk.MODULE,
                List.of(),
                before,
                p -> p.records().forEach(r -> {
                    assertTrue(desk.changedAt(r) != null, r.toString());
                    changed.add(r.path("id").asText());
                }));
        assertEquals(List.of(id), changed);

        List<TicketStatus> statuses = desk.statuses();
        assertTrue(statuses.stream().anyMatch(s -> s.statusType().equals("Closed")), statuses.toString());
        assertTrue(statuses.size() > 4, "the org's own statuses, a custom one among them: " + statuses);

        desk.comment(id, "Called the customer back", false);
        assertEquals(1, desk.comments(id).size());
        desk.sendReply(id, new TicketReply("jane@example.com", "support@example.com", "We are on it", false));
        assertTrue(desk.threads(id).stream()
                .anyMatch(t -> "out".equals(t.path("direction").asText())));
        assertEquals(
                "Low",
                desk.updateTicket(id, new TicketChanges(null, "Low", null, null))
                        .path("priority")
                        .asText());

        RecordRefused unknownStatus = assertThrows(
                RecordRefused.class, () -> desk.updateTicket(id, new TicketChanges("Nope", null, null, null)));
        assertTrue(unknownStatus.getMessage().contains("/status"), unknownStatus.getMessage());

        desk.close(List.of(id));
        assertEquals("Closed", desk.ticket(id).path("statusType").asText());
        desk.trash(List.of(id));
        List<String> afterTrash = new ArrayList<>();
        desk.readChanges(
                TicketDesk.MODULE,
                List.of(),
                before,
                p -> p.records().forEach(r -> afterTrash.add(r.path("id").asText())));
        assertFalse(afterTrash.contains(id), "a trashed ticket leaves the change read");
        assertTrue(desk.ratings(id).isEmpty());
    }

    /** Issue 15, item 3: the latest thread's recipients, a reply with cc, and a forward, on the Desk's wire. */
    @Test
    void theLatestThreadIsReadAndAReplyWithCcAndAForwardAreSent() {
        String contactId = sandbox.server
                .sandbox
                .desk()
                .createContact(ZohoConnectorsTest.JSON
                        .createObjectNode()
                        .put("lastName", "Roe")
                        .put("email", "jane@example.com"))
                .path("id")
                .asText();
        String id = desk.createTicket(new NewTicket(contactId, DEPARTMENT, "Invoice", "Wrong total", null, null))
                .path("id")
                .asText();
        String in = sandbox.server
                .sandbox
                .desk()
                .tickets()
                .addCustomerReply(id, "Still wrong", "boss@example.com")
                .path("id")
                .asText();
        ObjectNode latest = desk.latestThread(id);
        assertEquals(in, latest.path("id").asText());
        assertEquals("jane@example.com", latest.path("fromEmailAddress").asText());
        assertEquals("boss@example.com", latest.path("cc").asText());

        ObjectNode all = desk.sendReply(
                id,
                new TicketReply(
                        "jane@example.com", "boss@example.com", "support@example.com", "Fixed", false, false, in));
        assertEquals("boss@example.com", all.path("cc").asText());
        assertFalse(all.path("isForward").asBoolean());
        assertEquals(all.path("id").asText(), desk.latestThread(id).path("id").asText());

        ObjectNode forward = desk.sendReply(
                id,
                new TicketReply(
                        "legal@example.com,ops@example.com", null, "support@example.com", "FYI", true, true, in));
        assertTrue(forward.path("isForward").asBoolean(), forward.toString());
        assertEquals("private", forward.path("visibility").asText(), "forwarded threads are always private");
        assertEquals("legal@example.com,ops@example.com", forward.path("to").asText());

        RecordRefused noThread = assertThrows(
                RecordRefused.class,
                () -> desk.sendReply(
                        id,
                        new TicketReply(
                                "a@example.com", null, "support@example.com", "x", false, true, "1892000009999999")));
        assertTrue(noThread.getMessage().contains("inReplyToThreadId"), noThread.getMessage());
    }

    @Test
    void aSignalReachesTheCrmAndAnOverlongOneIsShortenedNotRefused() {
        ApiCaller caller = new ApiCaller(
                "Zoho CRM",
                sandbox.http,
                sandbox.oauth("1000.test.refresh"),
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(10),
                d -> {});
        SalesSignals signals =
                new ZohoCrmSignals(caller, URI.create(sandbox.server.base + "/sandbox/zoho"), ZohoConnectorsTest.JSON);
        sandbox.server
                .sandbox
                .crm()
                .insert(
                        "Contacts",
                        ZohoConnectorsTest.JSON
                                .createObjectNode()
                                .put("Last_Name", "Roe")
                                .put("Email", "jane@example.com"));
        List<WriteResult> results = signals.notify(List.of(new SalesSignals.Signal(
                "deskbridge.tickets",
                "jane@example.com",
                null,
                "New ticket: " + "x".repeat(200),
                "Login fails",
                List.of(new SalesSignals.Link("Open the ticket", "https://desk.example.com/tickets/1")))));
        assertTrue(results.get(0).success(), results.toString());
        List<ObjectNode> received = sandbox.server.sandbox.crm().signals().received();
        assertEquals(1, received.size());
        assertTrue(received.get(0).toString().length() > 0);
    }
}
