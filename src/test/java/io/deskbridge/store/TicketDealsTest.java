package io.deskbridge.store;

import static io.deskbridge.store.TicketBuilder.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.store.Tickets.Filter;
import io.deskbridge.store.Tickets.Ticket;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A ticket's deal (item 4): at most one, linked and unlinked from the CRM side, and a deal's tickets (item 3). */
class TicketDealsTest {

    static final String SYNC = "tickets";
    static final String ORG = "org1";

    Database db;
    Tickets tickets;
    TicketDeals deals;

    @BeforeEach
    void open() {
        db = TestStore.open("deals");
        tickets = new Tickets(db.jdbc(), Clock.systemUTC());
        deals = new TicketDeals(db.jdbc(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTicketIsLinkedToOneDealAtATimeAndUnlinked() {
        assertEquals(Optional.empty(), deals.link(SYNC, ORG, "t1", "D1"));
        deals.link(SYNC, ORG, "t2", "D1");
        assertEquals(Optional.of("D1"), deals.dealOf(SYNC, ORG, "t1"));
        assertEquals(List.of("t1", "t2"), deals.ticketsOfDeal(SYNC, ORG, "D1"));

        assertEquals(Optional.of("D1"), deals.link(SYNC, ORG, "t1", "D2"), "linking to another deal moves the ticket");
        assertEquals(List.of("t2"), deals.ticketsOfDeal(SYNC, ORG, "D1"));
        assertEquals(List.of("t1"), deals.ticketsOfDeal(SYNC, ORG, "D2"));

        assertTrue(deals.unlink(SYNC, ORG, "t1"));
        assertFalse(deals.unlink(SYNC, ORG, "t1"), "nothing left to unlink");
        assertEquals(Optional.empty(), deals.dealOf(SYNC, ORG, "t1"));
        assertEquals(List.of(), deals.ticketsOfDeal(SYNC, ORG, "D2"));
        assertEquals(List.of(), deals.ticketsOfDeal("other-sync", ORG, "D1"), "links are kept per sync and org");
    }

    @Test
    void aDealListsItsMirroredTicketsWithTheFilters() {
        tickets.putAll(
                SYNC,
                ORG,
                List.of(
                        ticket("t1", "2024-01-01T00:00:00Z").crm("C1", null).build(),
                        ticket("t2", "2024-01-02T00:00:00Z")
                                .crm("C2", null)
                                .closedAt("2024-01-03T00:00:00Z")
                                .build(),
                        ticket("t3", "2024-01-03T00:00:00Z").crm("C1", null).build()));
        deals.link(SYNC, ORG, "t1", "D1");
        deals.link(SYNC, ORG, "t2", "D1");
        deals.link(SYNC, ORG, "t3", "D2");

        assertEquals(List.of("t2", "t1"), ids("D1", Filter.ALL));
        assertEquals(List.of("t1"), ids("D1", Filter.OPEN));
        assertEquals(List.of("t2"), ids("D1", Filter.CLOSED));
    }

    List<String> ids(String dealId, Filter filter) {
        return tickets.forCrmRecord(SYNC, ORG, CrmModule.DEALS, dealId, filter, 10, 0).stream()
                .map(Ticket::ticketId)
                .toList();
    }
}
