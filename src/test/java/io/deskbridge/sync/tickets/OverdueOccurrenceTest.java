package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.deskbridge.store.Tickets.Ticket;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Review item 7: what tells one OVERDUE of a ticket from another. With a due time, that time; without one (the Desk can
 * flag a ticket overdue on an SLA's own clock) never the text "null", which would make every such OVERDUE of the ticket
 * one event, but the change time at which it was seen overdue, which a page read again gives again.
 */
class OverdueOccurrenceTest {

    static final Instant CREATED = Instant.parse("2026-01-10T09:00:00Z");

    static Ticket overdue(Instant due, Instant modified) {
        return new Ticket(
                "7",
                "107",
                "Printer on fire",
                "Open",
                "Open",
                "High",
                "Email",
                "c1",
                null,
                null,
                null,
                CREATED,
                modified,
                null,
                due,
                null,
                true,
                false,
                1,
                0,
                null,
                null,
                null,
                null);
    }

    @Test
    void theDueTimeTellsThemApartAndNoneNeverReadsNull() {
        Instant due = Instant.parse("2026-01-12T09:00:00Z");
        Instant seen = Instant.parse("2026-01-13T10:00:00Z");
        assertEquals(due.toString(), TicketEvents.overdueOccurrence(overdue(due, seen)));

        String withoutDue = TicketEvents.overdueOccurrence(overdue(null, seen));
        assertFalse(withoutDue.contains("null"), withoutDue);
        assertEquals(withoutDue, TicketEvents.overdueOccurrence(overdue(null, seen)), "read again: the same id");
        assertNotEquals(
                withoutDue,
                TicketEvents.overdueOccurrence(overdue(null, seen.plusSeconds(3600))),
                "flagged again later: a new event");
        assertFalse(TicketEvents.overdueOccurrence(overdue(null, null)).contains("null"));
    }
}
