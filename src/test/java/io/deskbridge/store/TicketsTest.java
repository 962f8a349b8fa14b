package io.deskbridge.store;

import static io.deskbridge.store.TicketBuilder.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.store.Tickets.Change;
import io.deskbridge.store.Tickets.Filter;
import io.deskbridge.store.Tickets.Ticket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ticket mirror (items 2 and 3): upserts with the rows they replace, and a CRM record's tickets by filter. */
class TicketsTest {

    static final String SYNC = "tickets";
    static final String ORG = "org1";

    Database db;
    Jdbc jdbc;
    Tickets tickets;

    @BeforeEach
    void open() {
        db = TestStore.open("tickets");
        jdbc = db.jdbc();
        tickets = new Tickets(jdbc, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Contact C1 (account A1) has six tickets, one of each kind the filters tell apart; C2 has one. */
    void putFixture() {
        tickets.putAll(
                SYNC,
                ORG,
                List.of(
                        ticket("1", "2024-01-01T00:00:00Z").crm("C1", "A1").build(),
                        ticket("2", "2024-01-02T00:00:00Z")
                                .crm("C1", "A1")
                                .closedAt("2024-01-03T00:00:00Z")
                                .build(),
                        ticket("3", "2024-01-03T00:00:00Z")
                                .crm("C1", "A1")
                                .status("Waiting on customer", "On Hold")
                                .overdue()
                                .build(),
                        ticket("4", "2024-01-04T00:00:00Z")
                                .crm("C1", "A1")
                                .status("Escalated", "Open")
                                .escalated()
                                .priority("High")
                                .build(),
                        ticket("5", "2024-01-05T00:00:00Z")
                                .crm("C1", null)
                                .priority("urgent")
                                .build(),
                        ticket("6", "2024-01-06T00:00:00Z")
                                .crm("C1", null)
                                .status("Resolved", "closed")
                                .priority("Low")
                                .build(),
                        ticket("7", "2024-01-07T00:00:00Z").crm("C2", "A1").build()));
    }

    List<String> ids(CrmModule module, String crmId, Filter filter) {
        return tickets.forCrmRecord(SYNC, ORG, module, crmId, filter, 100, 0).stream()
                .map(Ticket::ticketId)
                .toList();
    }

    @Test
    void eachFilterListsTheContactsTicketsNewestFirst() {
        putFixture();
        assertEquals(List.of("6", "5", "4", "3", "2", "1"), ids(CrmModule.CONTACTS, "C1", Filter.ALL));
        assertEquals(List.of("5", "4", "3", "1"), ids(CrmModule.CONTACTS, "C1", Filter.OPEN), "On Hold is open");
        assertEquals(
                List.of("6", "2"), ids(CrmModule.CONTACTS, "C1", Filter.CLOSED), "by status type, whatever its case");
        assertEquals(List.of("3"), ids(CrmModule.CONTACTS, "C1", Filter.OVERDUE));
        assertEquals(
                List.of("4"),
                ids(CrmModule.CONTACTS, "C1", Filter.ESCALATED),
                "by the flag, not the status named Escalated");
        assertEquals(List.of("5", "4"), ids(CrmModule.CONTACTS, "C1", Filter.HIGH_PRIORITY), "High and Urgent");
        assertEquals(List.of("7"), ids(CrmModule.CONTACTS, "C2", Filter.ALL));
        assertEquals(List.of(), ids(CrmModule.CONTACTS, "nobody", Filter.ALL));
    }

    @Test
    void anAccountListsItsTicketsAndPagesThem() {
        putFixture();
        assertEquals(List.of("7", "4", "3", "2", "1"), ids(CrmModule.ACCOUNTS, "A1", Filter.ALL));
        assertEquals(
                List.of("3", "2"),
                tickets.forCrmRecord(SYNC, ORG, CrmModule.ACCOUNTS, "A1", Filter.ALL, 2, 2).stream()
                        .map(Ticket::ticketId)
                        .toList());
        assertThrows(
                IllegalArgumentException.class,
                () -> tickets.forCrmRecord(SYNC, ORG, CrmModule.LEADS, "L1", Filter.ALL, 10, 0));
    }

    @Test
    void aContactsTicketsAreReadThroughItsIndex() {
        // With a few thousand rows, as in use; on an empty table H2 has no figures to choose by and takes the key.
        List<Ticket> many = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(ticket("m" + i, "2024-01-01T00:00:00Z")
                    .crm("C" + (i % 300), "A" + (i % 30))
                    .build());
        }
        tickets.putAll(SYNC, ORG, many);
        String plan = jdbc.queryOne(
                        "EXPLAIN SELECT t.* FROM " + CrmModule.CONTACTS.ticketSource()
                                + " WHERE t.sync_id = ? AND t.desk_org = ? AND " + CrmModule.CONTACTS.ticketKey()
                                + " = ?" + " ORDER BY t.created_at DESC",
                        rs -> rs.getString(1),
                        SYNC,
                        ORG,
                        "C1")
                .orElseThrow();
        assertTrue(plan.toUpperCase(java.util.Locale.ROOT).contains("TICKET_MIRROR_BY_CRM_CONTACT"), plan);
    }

    @Test
    void putAllReturnsTheNewAndChangedTicketsWithTheRowsTheyReplaceAndSkipsTheUnchanged() {
        putFixture();
        Ticket changed = ticket("1", "2024-01-01T00:00:00Z")
                .crm("C1", "A1")
                .comments(1)
                .modifiedAt("2024-02-01T00:00:00Z")
                .build();
        Ticket retied = ticket("7", "2024-01-07T00:00:00Z").crm("C3", "A1").build();
        Ticket unchanged = ticket("2", "2024-01-02T00:00:00Z")
                .crm("C1", "A1")
                .closedAt("2024-01-03T00:00:00Z")
                .build();
        Ticket added = ticket("8", "2024-01-08T00:00:00Z").crm("C1", "A1").build();

        List<Change> changes = tickets.putAll(SYNC, ORG, List.of(changed, retied, unchanged, added));

        assertEquals(3, changes.size());
        assertEquals(0, changes.get(0).previous().commentCount(), "the row as it was before the write");
        assertEquals(changed, changes.get(0).current());
        assertEquals("C2", changes.get(1).previous().crmContactId(), "a new CRM tie is a change");
        assertTrue(changes.get(2).isNew());
        assertEquals(changed, tickets.get(SYNC, ORG, "1").orElseThrow(), "what is read back is what was put");
        assertEquals(List.of("7"), ids(CrmModule.CONTACTS, "C3", Filter.ALL));
        assertEquals(
                Set.of("1", "8"),
                tickets.held(SYNC, ORG, List.of("1", "8", "none")).keySet());
    }

    @Test
    void aTicketListedTwiceInABatchIsWrittenOnceAsItsLastEntry() {
        List<Change> changes = tickets.putAll(
                SYNC,
                ORG,
                List.of(
                        ticket("1", "2024-01-01T00:00:00Z").subject("first").build(),
                        ticket("1", "2024-01-01T00:00:00Z").subject("second").build()));
        assertEquals(1, changes.size());
        assertEquals("second", tickets.get(SYNC, ORG, "1").orElseThrow().subject());
    }

    @Test
    void putAllCommitsWithTheCallersTransactionOrNotAtAll() {
        RuntimeException crash = new IllegalStateException("crash before the commit");
        assertThrows(
                IllegalStateException.class,
                () -> jdbc.inTransaction(() -> {
                    tickets.putAll(
                            SYNC,
                            ORG,
                            List.of(ticket("1", "2024-01-01T00:00:00Z").build()));
                    throw crash;
                }));
        assertTrue(tickets.get(SYNC, ORG, "1").isEmpty());
    }

    @Test
    void retieTiesTicketsToTheContactsAndAccountsLinkedSinceAndUntiesThoseUnlinked() {
        tickets.putAll(
                SYNC,
                ORG,
                List.of(
                        ticket("1", "2024-01-01T00:00:00Z").desk("d1", "da1").build(),
                        ticket("2", "2024-01-02T00:00:00Z")
                                .desk("d2", null)
                                .crm("C2", null)
                                .build()));
        Links links = new Links(jdbc, Clock.systemUTC());
        links.link(new Links.Link("contacts", ORG, "C1", "d1", "a@x.com", null, null, null, Links.State.ACTIVE));
        links.link(new Links.Link("accounts", ORG, "A1", "da1", "acme", null, null, null, Links.State.ACTIVE));
        links.link(new Links.Link("contacts", ORG, "C2", "d2", "b@x.com", null, null, null, Links.State.ACTIVE));
        links.mark("contacts", ORG, "C2", Links.State.CRM_DELETED);

        assertEquals(3, tickets.retie(SYNC, ORG, "contacts", "accounts"));

        Ticket one = tickets.get(SYNC, ORG, "1").orElseThrow();
        assertEquals("C1", one.crmContactId());
        assertEquals("A1", one.crmAccountId());
        assertNull(tickets.get(SYNC, ORG, "2").orElseThrow().crmContactId(), "only ACTIVE links tie");
        assertEquals(0, tickets.retie(SYNC, ORG, "contacts", "accounts"), "nothing changed since");
    }

    @Test
    void removedTicketsAreNoLongerListed() {
        putFixture();
        tickets.removeAll(SYNC, ORG, List.of("1", "2"));
        assertEquals(List.of("6", "5", "4", "3"), ids(CrmModule.CONTACTS, "C1", Filter.ALL));
    }

    @Test
    void filtersAndModulesAreNamedAsInTheApiAndAnUnknownNameIsRefusedWithTheNamesAllowed() {
        assertEquals(Filter.HIGH_PRIORITY, Filter.of("high-priority"));
        assertEquals(Filter.ALL, Filter.of(null));
        assertEquals(CrmModule.DEALS, CrmModule.of("Deals"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Filter.of("urgent"));
        assertTrue(e.getMessage().contains("'urgent'") && e.getMessage().contains("high-priority"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CrmModule.of("contacts"));
        assertTrue(e.getMessage().contains("'contacts'") && e.getMessage().contains("Contacts"), e.getMessage());
        assertEquals(Tickets.Rating.OKAY, Tickets.Rating.ofDesk("ok"));
        assertNull(Tickets.Rating.ofDesk(""));
    }

    @Test
    void blankFeedbackIsNone() {
        assertNull(ticket("1", "2024-01-01T00:00:00Z")
                .rated(Tickets.Rating.GOOD, "  ", "2024-01-02T00:00:00Z")
                .build()
                .latestFeedback());
        Map<String, Ticket> none = tickets.held(SYNC, ORG, List.of());
        assertTrue(none.isEmpty());
    }
}
