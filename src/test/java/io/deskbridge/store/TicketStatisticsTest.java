package io.deskbridge.store;

import static io.deskbridge.store.TicketBuilder.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.store.Tickets.Rating;
import io.deskbridge.store.Tickets.Ticket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Customer statistics from the mirror (item 5), and which CRM records need their figures written again. */
class TicketStatisticsTest {

    static final String SYNC = "tickets";
    static final String ORG = "org1";

    Database db;
    Tickets tickets;
    TicketDeals deals;
    TicketStatistics statistics;

    @BeforeEach
    void open() {
        db = TestStore.open("stats");
        tickets = new Tickets(db.jdbc(), Clock.systemUTC());
        deals = new TicketDeals(db.jdbc(), Clock.systemUTC());
        statistics = new TicketStatistics(db.jdbc(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Ticket t1() {
        return ticket("T1", "2024-01-01T00:00:00Z")
                .crm("C1", "A1")
                .firstResponseAt("2024-01-01T02:00:00Z")
                .closedAt("2024-01-02T00:00:00Z")
                .rated(Rating.GOOD, "Quick help", "2024-01-02T10:00:00Z")
                .build();
    }

    static Ticket t3() {
        return ticket("T3", "2024-01-03T00:00:00Z")
                .crm("C1", "A1")
                .firstResponseAt("2024-01-03T00:30:00Z")
                .overdue()
                .rated(Rating.OKAY, null, "2024-01-07T00:00:00Z")
                .build();
    }

    /**
     * Contact C1 (account A1):
     * T1 created 01-01 00:00, answered after 2 h, closed after 24 h, rated good "Quick help" on 01-02 10:00;
     * T2 created 01-02 00:00, answered after 4 h, closed after 72 h, rated bad "Slow" on 01-06 00:00;
     * T3 created 01-03 00:00, answered after 30 min, open and overdue, rated okay without feedback on 01-07;
     * T4 created 01-04 00:00, not answered, On Hold, overdue and escalated;
     * T5 created 01-05 00:00, not answered, closed after 12 h, not rated.
     * Contact C2 (account A1): T6, open, answered after 10 h, rated bad "Never again" on 2023-12-31.
     */
    void putFixture() {
        tickets.putAll(
                SYNC,
                ORG,
                List.of(
                        t1(),
                        ticket("T2", "2024-01-02T00:00:00Z")
                                .crm("C1", "A1")
                                .firstResponseAt("2024-01-02T04:00:00Z")
                                .closedAt("2024-01-05T00:00:00Z")
                                .rated(Rating.BAD, "Slow", "2024-01-06T00:00:00Z")
                                .build(),
                        t3(),
                        ticket("T4", "2024-01-04T00:00:00Z")
                                .crm("C1", "A1")
                                .status("On Hold", "On Hold")
                                .overdue()
                                .escalated()
                                .build(),
                        ticket("T5", "2024-01-05T00:00:00Z")
                                .crm("C1", "A1")
                                .closedAt("2024-01-05T12:00:00Z")
                                .build(),
                        ticket("T6", "2023-12-30T00:00:00Z")
                                .crm("C2", "A1")
                                .firstResponseAt("2023-12-30T10:00:00Z")
                                .rated(Rating.BAD, "Never again", "2023-12-31T00:00:00Z")
                                .build()));
    }

    @Test
    void aContactsFiguresMatchTheHandComputation() {
        putFixture();
        // total 5; open T3 T4 = 2; overdue T3 T4 = 2;
        // first response over T1 T2 T3: (2 h + 4 h + 0.5 h) / 3 = 6.5 h / 3 = 2 h 10 min;
        // resolution over the closed T1 T2 T5: (24 h + 72 h + 12 h) / 3 = 36 h;
        // ratings good T1, okay T3, bad T2; the newest feedback is T2's "Slow" (T3's newer rating has none).
        assertEquals(
                new TicketStats(
                        5,
                        2,
                        2,
                        Duration.ofHours(2).plusMinutes(10),
                        Duration.ofHours(36),
                        1,
                        1,
                        1,
                        "Slow",
                        Instant.parse("2024-01-06T00:00:00Z")),
                statistics.of(SYNC, ORG, CrmModule.CONTACTS, "C1"));
    }

    @Test
    void anAccountCountsTheTicketsOfAllItsContactsAndADealThoseLinkedToIt() {
        putFixture();
        // A1: T1..T6; open T3 T4 T6 = 3; first response (2 + 4 + 0.5 + 10) h / 4 = 4 h 7 min 30 s;
        // bad T2 and T6; the newest feedback is still T2's.
        TicketStats account = statistics.of(SYNC, ORG, CrmModule.ACCOUNTS, "A1");
        assertEquals(6, account.total());
        assertEquals(3, account.open());
        assertEquals(Duration.ofHours(4).plusMinutes(7).plusSeconds(30), account.averageFirstResponse());
        assertEquals(2, account.bad());
        assertEquals("Slow", account.latestFeedback());

        deals.link(SYNC, ORG, "T4", "D1");
        deals.link(SYNC, ORG, "T5", "D1");
        // D1: T4 (open, overdue, no answer) and T5 (closed after 12 h): no first response to average.
        assertEquals(
                new TicketStats(2, 1, 1, null, Duration.ofHours(12), 0, 0, 0, null, null),
                statistics.of(SYNC, ORG, CrmModule.DEALS, "D1"));
    }

    @Test
    void averagesAreRoundedToTheSecondAndARecordWithoutTicketsHasNone() {
        tickets.putAll(
                SYNC,
                ORG,
                List.of(
                        ticket("a", "2024-01-01T00:00:00Z")
                                .crm("C9", null)
                                .firstResponseAt("2024-01-01T00:00:01Z")
                                .build(),
                        ticket("b", "2024-01-01T00:00:00Z")
                                .crm("C9", null)
                                .firstResponseAt("2024-01-01T00:00:02Z")
                                .build()));
        assertEquals(
                Duration.ofSeconds(2),
                statistics.of(SYNC, ORG, CrmModule.CONTACTS, "C9").averageFirstResponse());
        Map<String, TicketStats> both = statistics.ofAll(SYNC, ORG, CrmModule.CONTACTS, List.of("nobody", "C9"));
        assertEquals(List.of("nobody", "C9"), List.copyOf(both.keySet()));
        assertEquals(TicketStats.NONE, both.get("nobody"));
    }

    /** Writes every batch the write-back is given, as a CRM taking every record would; returns what was written. */
    Map<String, TicketStats> writeBack(CrmModule module) {
        Map<String, TicketStats> written = new java.util.LinkedHashMap<>();
        for (TicketStatistics.Batch batch; !(batch = statistics.nextChanged(SYNC, ORG, module, 100)).isEmpty(); ) {
            written.putAll(batch.changed());
            statistics.written(SYNC, batch, batch.changed().keySet());
        }
        return written;
    }

    @Test
    void onlyRecordsWhoseFiguresChangedAreWrittenAgain() {
        putFixture();
        assertEquals(Set.of("C1", "C2"), writeBack(CrmModule.CONTACTS).keySet());
        assertEquals(Set.of("A1"), writeBack(CrmModule.ACCOUNTS).keySet());
        assertEquals(Map.of(), writeBack(CrmModule.CONTACTS), "nothing changed since");

        tickets.putAll(
                SYNC, ORG, List.of(ticket("T1", "2024-01-01T00:00:00Z").build().withCrmIds(null, null)));
        tickets.putAll(SYNC, ORG, List.of(t1()));
        tickets.putAll(SYNC, ORG, List.of(withSubject(t3(), "a new subject")));
        assertEquals(Map.of(), writeBack(CrmModule.CONTACTS), "changed tickets, the same figures");

        tickets.putAll(
                SYNC,
                ORG,
                List.of(ticket("T3", "2024-01-03T00:00:00Z").crm("C2", "A1").build()));
        Map<String, TicketStats> moved = writeBack(CrmModule.CONTACTS);
        assertEquals(Set.of("C1", "C2"), moved.keySet(), "a ticket that moves changes both contacts' figures");
        assertEquals(4, moved.get("C1").total());
        assertEquals(2, moved.get("C2").total());
    }

    static Ticket withSubject(Ticket t, String subject) {
        return new Ticket(
                t.ticketId(),
                t.ticketNumber(),
                subject,
                t.status(),
                t.statusType(),
                t.priority(),
                t.channel(),
                t.deskContactId(),
                t.deskAccountId(),
                t.crmContactId(),
                t.crmAccountId(),
                t.createdAt(),
                t.modifiedAt(),
                t.closedAt(),
                t.dueAt(),
                t.firstResponseAt(),
                t.overdue(),
                t.escalated(),
                t.threadCount(),
                t.commentCount(),
                t.latestRating(),
                t.latestFeedback(),
                t.latestRatingAt(),
                t.webUrl());
    }

    @Test
    void aBatchNotHandedBackComesAgainAndARefusedRecordWaitsForItsNextChange() {
        putFixture();
        TicketStatistics.Batch first = statistics.nextChanged(SYNC, ORG, CrmModule.CONTACTS, 1);
        assertEquals(Set.of("C1"), first.changed().keySet(), "one record a batch, the first marked first");
        // The write failed: the batch is not handed back.
        assertEquals(
                first.changed(),
                statistics.nextChanged(SYNC, ORG, CrmModule.CONTACTS, 1).changed());

        statistics.written(SYNC, first, Set.of());
        assertEquals(
                Set.of("C2"),
                statistics
                        .nextChanged(SYNC, ORG, CrmModule.CONTACTS, 100)
                        .changed()
                        .keySet());
        assertEquals(
                Set.of("C1"),
                statistics
                        .changedSinceWritten(SYNC, ORG, CrmModule.CONTACTS, List.of("C1", "nobody"))
                        .keySet(),
                "C1's figures were never taken; a record never written and without tickets needs no write");
    }

    @Test
    void aChangeMadeWhileABatchIsBeingWrittenIsNotLost() {
        putFixture();
        TicketStatistics.Batch batch = statistics.nextChanged(SYNC, ORG, CrmModule.CONTACTS, 100);
        tickets.putAll(
                SYNC,
                ORG,
                List.of(ticket("T7", "2024-02-01T00:00:00Z").crm("C1", null).build()));
        statistics.written(SYNC, batch, batch.changed().keySet());

        Map<String, TicketStats> again = writeBack(CrmModule.CONTACTS);
        assertEquals(Set.of("C1"), again.keySet());
        assertEquals(6, again.get("C1").total());
    }

    @Test
    void linkingAndUnlinkingADealMarksItsFigures() {
        putFixture();
        deals.link(SYNC, ORG, "T1", "D1");
        assertEquals(1, writeBack(CrmModule.DEALS).get("D1").total());
        deals.link(SYNC, ORG, "T1", "D2");
        Map<String, TicketStats> moved = writeBack(CrmModule.DEALS);
        assertEquals(TicketStats.NONE, moved.get("D1"), "D1 lost its only ticket: its figures go back to none");
        assertEquals(1, moved.get("D2").total());

        tickets.putAll(SYNC, ORG, List.of(withSubject(t1(), "changed").withCrmIds("C1", "A1")));
        tickets.putAll(
                SYNC,
                ORG,
                List.of(ticket("T1", "2024-01-01T00:00:00Z")
                        .crm("C1", "A1")
                        .overdue()
                        .build()));
        assertEquals(1, writeBack(CrmModule.DEALS).get("D2").overdue(), "a linked ticket's change marks its deal");

        deals.unlink(SYNC, ORG, "T1");
        assertEquals(TicketStats.NONE, writeBack(CrmModule.DEALS).get("D2"));
        assertTrue(writeBack(CrmModule.DEALS).isEmpty());
    }
}
