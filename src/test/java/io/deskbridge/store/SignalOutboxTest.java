package io.deskbridge.store;

import static io.deskbridge.store.TicketBuilder.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.store.SignalOutbox.Destination;
import io.deskbridge.store.SignalOutbox.Event;
import io.deskbridge.store.SignalOutbox.Kind;
import io.deskbridge.store.SignalOutbox.Pending;
import io.deskbridge.store.Tickets.Change;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signal outbox (item 6): each event queued once, kept until each destination has it. */
class SignalOutboxTest {

    static final String SYNC = "tickets";
    static final String ORG = "org1";

    Database db;
    Jdbc jdbc;
    Tickets tickets;
    SignalOutbox outbox;

    @BeforeEach
    void open() {
        db = TestStore.open("outbox");
        jdbc = db.jdbc();
        tickets = new Tickets(jdbc, Clock.systemUTC());
        outbox = new SignalOutbox(jdbc, Clock.systemUTC(), EnumSet.allOf(Destination.class));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Event event(String ticketId, Kind kind, String occurrence) {
        return new Event(
                SignalOutbox.eventId(SYNC, ORG, ticketId, kind, occurrence),
                SYNC,
                ORG,
                ticketId,
                kind,
                CrmModule.CONTACTS,
                "C1",
                "jane@acme.com",
                kind + " on ticket " + ticketId,
                "something happened",
                "https://desk.example.com/tickets/" + ticketId);
    }

    int rows(String table) {
        return jdbc.queryOne("SELECT COUNT(*) FROM " + table, rs -> rs.getInt(1))
                .orElseThrow();
    }

    @Test
    void theSameEventTwiceIsQueuedOnce() {
        Event comment = event("t1", Kind.NEW_COMMENT, "comment-1");
        assertEquals(List.of(comment), outbox.addAll(List.of(comment, comment)));
        assertEquals(List.of(), outbox.addAll(List.of(event("t1", Kind.NEW_COMMENT, "comment-1"))));
        assertEquals(1, rows("signal_event"));
        assertEquals(1, outbox.pendingCount(Destination.CRM_SIGNALS));
        assertEquals(1, outbox.pendingCount(Destination.CAMEL));

        assertNotEquals(
                comment.eventId(), event("t1", Kind.NEW_COMMENT, "comment-2").eventId());
        assertNotEquals(
                comment.eventId(), event("t1", Kind.NEW_REPLY, "comment-1").eventId());
        assertNotEquals(
                comment.eventId(), event("t2", Kind.NEW_COMMENT, "comment-1").eventId());
        assertEquals(64, comment.eventId().length());
    }

    /** One run's page, as the tickets sync will commit it: the mirror rows and the events detected from them. */
    List<Event> mirrorAndDetect(String ticketId, boolean crashBeforeCommit) {
        return jdbc.inTransaction(() -> {
            List<Change> changes = tickets.putAll(
                    SYNC, ORG, List.of(ticket(ticketId, "2024-01-01T00:00:00Z").build()));
            List<Event> added = outbox.addAll(changes.stream()
                    .filter(Change::isNew)
                    .map(c -> event(
                            c.current().ticketId(),
                            Kind.NEW_TICKET,
                            c.current().createdAt().toString()))
                    .toList());
            if (crashBeforeCommit) {
                throw new IllegalStateException("kill -9");
            }
            return added;
        });
    }

    @Test
    void aRunRepeatedAfterACrashQueuesEachEventOnce() {
        assertThrows(IllegalStateException.class, () -> mirrorAndDetect("t1", true));
        assertEquals(0, rows("signal_event"), "the events went with the mirror rows they were detected from");
        assertTrue(tickets.get(SYNC, ORG, "t1").isEmpty());

        assertEquals(1, mirrorAndDetect("t1", false).size(), "the repeated run detects the event again");
        // A crash after the commit and before delivery: the run is repeated from an older watermark and finds the
        // ticket already mirrored; were it detected again, the outbox would still hold it once.
        assertEquals(List.of(), mirrorAndDetect("t1", false));
        assertEquals(
                List.of(),
                outbox.addAll(List.of(event(
                        "t1",
                        Kind.NEW_TICKET,
                        Instant.parse("2024-01-01T00:00:00Z").toString()))));
        assertEquals(1, rows("signal_event"));
        assertEquals(1, outbox.pending(Destination.CRM_SIGNALS, 10).size());
    }

    @Test
    void deliveryIsTrackedPerDestination() {
        Event a = event("t1", Kind.NEW_TICKET, "a");
        Event b = event("t1", Kind.OVERDUE, "2024-01-02T00:00:00Z");
        Event c = event("t2", Kind.NEW_RATING, "rating-1");
        outbox.addAll(List.of(a, b, c));

        outbox.delivered(Destination.CRM_SIGNALS, List.of(a.eventId(), b.eventId()));
        assertEquals(List.of(c), events(outbox.pending(Destination.CRM_SIGNALS, 10)));
        assertEquals(3, outbox.pendingCount(Destination.CAMEL), "the other destination still waits for all three");

        outbox.failed(Destination.CAMEL, a.eventId(), "endpoint down");
        outbox.failed(Destination.CAMEL, a.eventId(), "endpoint still down");
        List<Pending> camel = outbox.pending(Destination.CAMEL, 10);
        assertEquals(3, camel.size(), "a failed event stays pending");
        assertEquals(a, camel.get(2).event(), "tried least first: a failing event does not hold back the others");
        assertEquals(2, camel.get(2).attempts());
        assertEquals("endpoint still down", camel.get(2).lastError());
        assertEquals(0, camel.get(0).attempts());
        assertNull(camel.get(0).lastError());

        outbox.refused(Destination.CAMEL, b.eventId(), "400: bad signal");
        outbox.failed(Destination.CAMEL, b.eventId(), "late failure");
        assertEquals(List.of(c, a), events(outbox.pending(Destination.CAMEL, 10)), "refused for good: not retried");
        assertEquals(List.of(c), events(outbox.pending(Destination.CAMEL, 1)));

        outbox.delivered(Destination.CAMEL, List.of(a.eventId(), c.eventId()));
        outbox.delivered(Destination.CRM_SIGNALS, List.of(c.eventId()));
        assertEquals(0, outbox.pendingCount(Destination.CAMEL));
        assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
    }

    static List<Event> events(List<Pending> pending) {
        return pending.stream().map(Pending::event).toList();
    }

    @Test
    void anEventIsQueuedOnlyForTheDestinationsInUse() {
        SignalOutbox camelOnly = new SignalOutbox(jdbc, Clock.systemUTC(), EnumSet.of(Destination.CAMEL));
        camelOnly.addAll(List.of(event("t1", Kind.ESCALATED, "x")));
        assertEquals(1, camelOnly.pendingCount(Destination.CAMEL));
        assertEquals(0, camelOnly.pendingCount(Destination.CRM_SIGNALS));
    }

    @Test
    void subjectAndMessageAreCutToTheSignalsApiLimitsWithoutSplittingACharacter() {
        String face = "\uD83D\uDE00"; // one character, two UTF-16 units
        Event e = new Event(
                "id", SYNC, ORG, "t1", Kind.NEW_REPLY, null, null, "a@b.c", face.repeat(150), "m".repeat(1500), null);
        // Shortened text ends in an ellipsis (review item 7; it was cut bare before).
        assertEquals(face.repeat(49) + "\u2026", e.subject());
        assertEquals(
                "x" + face.repeat(49) + "\u2026",
                new Event("id", SYNC, ORG, "t1", Kind.NEW_REPLY, null, null, null, "x" + face.repeat(60), null, null)
                        .subject(),
                "the character that would not fit whole is left out");
        assertEquals(1000, e.message().length());
        assertTrue(e.message().endsWith("m\u2026"), e.message());
        outbox.addAll(List.of(e));
        assertEquals(e, outbox.pending(Destination.CRM_SIGNALS, 1).get(0).event(), "stored whole, read back alike");
    }

    @Test
    void eventsNoDestinationWaitsForAreForgottenOnceOld() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        SignalOutbox then = new SignalOutbox(jdbc, Clock.fixed(t0, ZoneOffset.UTC), EnumSet.allOf(Destination.class));
        Event done = event("t1", Kind.NEW_TICKET, "done");
        Event waiting = event("t1", Kind.NEW_COMMENT, "waiting");
        then.addAll(List.of(done, waiting));
        then.delivered(Destination.CRM_SIGNALS, List.of(done.eventId(), waiting.eventId()));
        then.delivered(Destination.CAMEL, List.of(done.eventId()));

        assertEquals(0, outbox.forgetDoneBefore(t0), "not older than the cut");
        assertEquals(1, outbox.forgetDoneBefore(t0.plusSeconds(1)));
        assertEquals(List.of(waiting), events(outbox.pending(Destination.CAMEL, 10)));
        assertEquals(1, rows("signal_event"));
    }
}
