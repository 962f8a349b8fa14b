package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.connector.TicketReply;
import io.deskbridge.sandbox.DeskTickets;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SignalOutbox.Destination;
import io.deskbridge.store.SignalOutbox.Kind;
import io.deskbridge.store.TicketDeals;
import io.deskbridge.store.Tickets;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The tickets sync end to end (issue 13, items 2 and 6 detection): the runtime against its sandbox over HTTP, after the
 * accounts and contacts syncs have linked the demo contacts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TicketsSyncTest {

    static final String MARY_CRM = "5725767000000412010";
    static final String KEN_CRM = "5725767000000412004";
    static final String NEWCORP_DEAL = "5725767000000414002";

    static String ticket(int number) {
        return Long.toString(1892000000143000L + number - 100);
    }

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    Sandbox sandbox;
    DeskTickets desk;
    Tickets mirror;
    SignalOutbox outbox;
    String org;
    JsonNode firstRun;

    @BeforeAll
    void start() throws Exception {
        app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir));
        sandbox = app.sandbox();
        desk = sandbox.desk().tickets();
        mirror = app.context().getRegistry().lookupByNameAndType("ticketMirror", Tickets.class);
        outbox = app.context().getRegistry().lookupByNameAndType("signalOutbox", SignalOutbox.class);
        org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
        assertEquals("SUCCEEDED", app.runAndWait("accounts").path("status").asText());
        assertEquals("SUCCEEDED", app.runAndWait("contacts").path("status").asText());
        firstRun = app.runAndWait("tickets");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    /** Item 2: the seeded tickets are mirrored, tied to the CRM contacts the contacts sync linked. */
    @Test
    @Order(1)
    void theSeededTicketsAreMirroredWithTheirCrmContacts() {
        assertEquals("SUCCEEDED", firstRun.path("status").asText(), firstRun.toString());
        assertEquals(8, firstRun.path("created").asInt(), firstRun.toString());
        for (int n : new int[] {101, 102, 103}) {
            assertEquals(MARY_CRM, held(n).crmContactId(), "ticket " + n);
        }
        for (int n : new int[] {104, 105}) {
            assertEquals(KEN_CRM, held(n).crmContactId(), "ticket " + n);
        }
        assertTrue(mirror.get("tickets", org, ticket(109)).isEmpty(), "a trashed ticket is not mirrored");
        Tickets.Ticket t101 = held(101);
        assertEquals(Instant.parse("2026-01-13T10:30:00Z"), t101.firstResponseAt());
        assertTrue(t101.overdue());
        assertEquals("High", t101.priority());
        assertEquals(3, t101.threadCount());
        assertEquals(1, t101.commentCount());
        assertEquals(Tickets.Rating.GOOD, held(102).latestRating());
        assertTrue(held(103).escalated());
        assertNotNull(held(102).closedAt());
        assertNotNull(t101.webUrl());
        // The first run fills the mirror only: the Desk's history is not news.
        assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
    }

    /** Item 2: a run with nothing changed reads the changes and the trash once each, and queues nothing. */
    @Test
    @Order(2)
    void aRunWithNothingChangedMakesTheFewestCalls() throws Exception {
        sandbox.requests().clear();
        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(0, run.path("created").asInt() + run.path("updated").asInt(), run.toString());
        List<String> calls = deskCalls();
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.contains("tickets/search")), calls.toString());
        assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
    }

    /** Item 6: each kind of event is queued exactly once across three runs, tied to the contact, with the ticket's link. */
    @Test
    @Order(3)
    void eachEventKindIsQueuedExactlyOnceAcrossThreeRuns() throws Exception {
        String maryDesk =
                desk.ticket(ticket(101)).orElseThrow().path("contactId").asText();
        String newTicket = desk.create(obj().put("subject", "A new question")
                        .put("departmentId", "1892000000006907")
                        .put("contactId", maryDesk))
                .path("id")
                .asText();
        desk.addComment(ticket(104), "Called the customer back", false);
        app.context()
                .getRegistry()
                .lookupByNameAndType("ticketDeals", TicketDeals.class)
                .link("tickets", org, ticket(105), NEWCORP_DEAL);
        desk.addComment(ticket(105), "Replacement shipped", true);
        TicketDesk ticketDesk = app.context().getRegistry().lookupByNameAndType("ticketDesk", TicketDesk.class);
        ticketDesk.sendReply(
                ticket(104),
                new TicketReply(
                        desk.ticket(ticket(104)).orElseThrow().path("email").asText(),
                        "support@sandbox.example",
                        "We are on it",
                        false));
        desk.escalate(ticket(104));
        desk.rate(ticket(101), "BAD", "Still cannot sign in");
        desk.update(ticket(106), obj().put("dueDate", "2026-02-01T00:00:00.000Z"));
        // Becomes overdue between two runs, without the Desk changing it.
        Instant due = Instant.now().plusSeconds(2);
        desk.update(ticket(104), obj().put("dueDate", due.toString()));

        JsonNode a = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", a.path("status").asText(), a.toString());
        while (Instant.now().isBefore(due.plusMillis(200))) {
            Thread.sleep(100);
        }
        sandbox.requests().clear();
        JsonNode b = app.runAndWait("tickets");
        assertEquals(1, b.path("updated").asInt(), "the overdue ticket, from the mirror: " + b);
        assertTrue(
                deskCalls().stream().noneMatch(c -> c.contains(ticket(104))),
                deskCalls().toString());
        JsonNode c = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", c.path("status").asText(), c.toString());

        List<SignalOutbox.Pending> queued = outbox.pending(Destination.CRM_SIGNALS, 100);
        Map<String, Long> byKindAndTicket = new TreeMap<>(queued.stream()
                .collect(Collectors.groupingBy(
                        p -> p.event().kind() + " " + p.event().ticketId(), Collectors.counting())));
        assertEquals(
                new TreeMap<>(Map.of(
                        "NEW_TICKET " + newTicket, 1L,
                        "NEW_COMMENT " + ticket(104), 1L,
                        "NEW_COMMENT " + ticket(105), 1L,
                        "NEW_REPLY " + ticket(104), 1L,
                        "ESCALATED " + ticket(104), 1L,
                        "OVERDUE " + ticket(104), 1L,
                        "OVERDUE " + ticket(106), 1L,
                        "NEW_RATING " + ticket(101), 1L)),
                byKindAndTicket);
        SignalOutbox.Event onDeal = queued.stream()
                .map(SignalOutbox.Pending::event)
                .filter(e -> e.kind() == Kind.NEW_COMMENT && e.ticketId().equals(ticket(105)))
                .findFirst()
                .orElseThrow();
        assertEquals(CrmModule.DEALS, onDeal.crmModule(), "a ticket linked to a deal signals on the deal");
        assertEquals(NEWCORP_DEAL, onDeal.crmId());
        SignalOutbox.Event comment = queued.stream()
                .map(SignalOutbox.Pending::event)
                .filter(e -> e.kind() == Kind.NEW_COMMENT && e.ticketId().equals(ticket(104)))
                .findFirst()
                .orElseThrow();
        assertEquals(CrmModule.CONTACTS, comment.crmModule());
        assertEquals(KEN_CRM, comment.crmId());
        assertEquals(held(104).webUrl(), comment.linkUrl());
        assertTrue(comment.message().contains("Called the customer back"), comment.message());
        assertTrue(comment.subject().length() <= 100);
        // Info's contact is not linked (two CRM contacts share its email): its signal goes by email.
        SignalOutbox.Event overdue = queued.stream()
                .map(SignalOutbox.Pending::event)
                .filter(e -> e.kind() == Kind.OVERDUE && e.ticketId().equals(ticket(106)))
                .findFirst()
                .orElseThrow();
        assertNull(overdue.crmId());
        assertNotNull(overdue.email());
        assertEquals(Tickets.Rating.BAD, held(101).latestRating());
    }

    /**
     * Item 2/6: a page is mirrored, its signals queued and its watermark moved in one commit: when the store refuses the
     * page, none of the three happens, and the next run queues the event once.
     */
    @Test
    @Order(4)
    void aPageTheStoreRefusesQueuesNothingAndIsReadAgain() throws Exception {
        int before = outbox.pendingCount(Destination.CRM_SIGNALS);
        desk.addComment(ticket(103), "Looking into the export", false);
        String tooLong = "Waiting for a reply from the vendor ".repeat(8); // over the mirror's 200 characters
        desk.addStatus(tooLong, "On Hold");
        desk.update(ticket(102), obj().put("status", tooLong));
        JsonNode failed = app.runAndWait("tickets");
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertEquals(before, outbox.pendingCount(Destination.CRM_SIGNALS), "no event without its page");
        assertEquals(2, held(103).commentCount(), "the page was not mirrored");

        desk.update(ticket(102), obj().put("status", "Closed"));
        JsonNode again = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", again.path("status").asText(), again.toString());
        assertEquals(3, held(103).commentCount());
        assertEquals(before + 1, outbox.pendingCount(Destination.CRM_SIGNALS));
    }

    /**
     * Item 6 with an action taken through the API: a comment and a rating the customer made after the last run, then
     * a PATCH of the ticket. The action does not move the mirror's change time, the next run's cut-off for new
     * comments and ratings: each is queued once, and the latest rating is the new one.
     */
    @Test
    @Order(5)
    void aCommentAndARatingMadeBeforeAnApiActionAreSignalledOnce() throws Exception {
        long ratings = queued(Kind.NEW_RATING, ticket(101));
        assertEquals(0, queued(Kind.NEW_COMMENT, ticket(101)));
        desk.addComment(ticket(101), "Any news on this?", true);
        desk.rate(ticket(101), "OK", "Better now");
        Thread.sleep(5);
        var patched = app.callWithBody(
                "PATCH", "/api/tickets/" + ticket(101), "{\"priority\":\"Low\"}", RunningDeskbridge.TOKEN);
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("Low", held(101).priority(), "the action reached the mirror at once");

        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(1, queued(Kind.NEW_COMMENT, ticket(101)));
        assertEquals(ratings + 1, queued(Kind.NEW_RATING, ticket(101)));
        assertEquals(Tickets.Rating.OKAY, held(101).latestRating());
        assertEquals("Better now", held(101).latestFeedback());
    }

    private long queued(Kind kind, String ticketId) {
        return outbox.pending(Destination.CRM_SIGNALS, 1000).stream()
                .filter(p -> p.event().kind() == kind && p.event().ticketId().equals(ticketId))
                .count();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode obj() {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    }

    private Tickets.Ticket held(int number) {
        return mirror.get("tickets", org, ticket(number)).orElseThrow(() -> new AssertionError("ticket " + number));
    }

    private List<String> deskCalls() {
        return sandbox.requests().entries().stream()
                .filter(e -> e.system().equals("desk"))
                .map(e -> e.method() + " " + e.path() + (e.query() == null ? "" : "?" + e.query()))
                .toList();
    }
}
