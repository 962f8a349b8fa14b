package io.deskbridge.admin;

import io.deskbridge.store.Database;
import io.deskbridge.store.TicketDeals;
import io.deskbridge.store.Tickets;
import io.deskbridge.store.Tickets.Rating;
import io.deskbridge.store.Tickets.Ticket;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tickets put straight into a running Deskbridge's mirror (the tickets sync is not what these tests check), with
 * figures worked out by hand. Contact C1 of account A1 has T1, T2, T3 and T5; contact C2 of A1 has T4; deal D1 is
 * linked to T2 and T4; deal D2 to the sandbox's ticket #103, not mirrored. Times are 2026-01, UTC.
 * <pre>
 * id  contact created  status (type)        priority overdue escalated first response closed after rating feedback
 * T1  C1      10 00:00 Open (Open)          High     yes     -         1 h            -            GOOD   Quick help (11 00:00)
 * T2  C1      11 00:00 Closed (Closed)      Medium   -       -         2 h            24 h         BAD    Slow (13 00:00)
 * T3  C1      12 00:00 Escalated (Open)     Urgent   -       yes       -              -            -
 * T4  C2      13 00:00 On Hold (On Hold)    Low      -       -         30 min         -            OKAY   -
 * T5  C1      09 00:00 Closed (Closed)      Low      -       -         3 h            48 h         -
 * </pre>
 * C1: 4 tickets, 2 open, 1 overdue, first response (1 h + 2 h + 3 h) / 3 = 7200 s, resolution (24 h + 48 h) / 2 =
 * 129600 s, 1 good, 0 okay, 1 bad, latest feedback "Slow" of 13 00:00. A1: 5 tickets, 3 open, 1 overdue, first
 * response (1 h + 2 h + 30 min + 3 h) / 4 = 5850 s, resolution 129600 s, 1 good, 1 okay, 1 bad, "Slow". D1: 2
 * tickets, 1 open, 0 overdue, first response (2 h + 30 min) / 2 = 4500 s, resolution 86400 s, 0 good, 1 okay, 1 bad.
 */
final class TicketFixture {

    static final String SYNC = "tickets";
    /** The sandbox's seeded ticket #103, linked to deal D2 but not mirrored. */
    static final String SEEDED_LINKED = "1892000000143003";

    private TicketFixture() {}

    /** Puts the tickets of the class comment into the mirror of the Deskbridge whose store is under {@code dir}. */
    static void fill(RunningDeskbridge app, Path dir) {
        String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
        try (Database db = TestDatabase.storeFor(dir.resolve("data")).open()) {
            Clock clock = Clock.systemUTC();
            new Tickets(db.jdbc(), clock)
                    .putAll(
                            SYNC,
                            org,
                            List.of(
                                    ticket(
                                            "T1",
                                            "C1",
                                            "10",
                                            "Open",
                                            "Open",
                                            "High",
                                            true,
                                            false,
                                            3600,
                                            0,
                                            Rating.GOOD,
                                            "Quick help",
                                            "11"),
                                    ticket(
                                            "T2",
                                            "C1",
                                            "11",
                                            "Closed",
                                            "Closed",
                                            "Medium",
                                            false,
                                            false,
                                            7200,
                                            86400,
                                            Rating.BAD,
                                            "Slow",
                                            "13"),
                                    ticket(
                                            "T3",
                                            "C1",
                                            "12",
                                            "Escalated",
                                            "Open",
                                            "Urgent",
                                            false,
                                            true,
                                            0,
                                            0,
                                            null,
                                            null,
                                            null),
                                    ticket(
                                            "T4",
                                            "C2",
                                            "13",
                                            "On Hold",
                                            "On Hold",
                                            "Low",
                                            false,
                                            false,
                                            1800,
                                            0,
                                            Rating.OKAY,
                                            null,
                                            "14"),
                                    ticket(
                                            "T5", "C1", "09", "Closed", "Closed", "Low", false, false, 10800, 172800,
                                            null, null, null)));
            TicketDeals deals = new TicketDeals(db.jdbc(), clock);
            deals.link(SYNC, org, "T2", "D1");
            deals.link(SYNC, org, "T4", "D1");
            deals.link(SYNC, org, SEEDED_LINKED, "D2");
        }
    }

    /** What the mirror of the Deskbridge whose store is under {@code dir} holds for the ticket, if anything. */
    static java.util.Optional<Ticket> mirrored(RunningDeskbridge app, Path dir, String ticketId) {
        String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
        try (Database db = TestDatabase.storeFor(dir.resolve("data")).open()) {
            return new Tickets(db.jdbc(), Clock.systemUTC()).get(SYNC, org, ticketId);
        }
    }

    /** Puts one more ticket, of contact C8, into the mirror only (the Desk does not have it). */
    static void mirrorOnly(RunningDeskbridge app, Path dir, String ticketId) {
        String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
        try (Database db = TestDatabase.storeFor(dir.resolve("data")).open()) {
            new Tickets(db.jdbc(), Clock.systemUTC())
                    .putAll(
                            SYNC,
                            org,
                            List.of(ticket(
                                    ticketId, "C8", "15", "Open", "Open", "Low", false, false, 0, 0, null, null,
                                    null)));
        }
    }

    /** One ticket; a first response or resolution of 0 seconds is none. */
    private static Ticket ticket(
            String id,
            String contact,
            String day,
            String status,
            String statusType,
            String priority,
            boolean overdue,
            boolean escalated,
            long firstResponse,
            long resolution,
            Rating rating,
            String feedback,
            String ratedDay) {
        Instant created = Instant.parse("2026-01-" + day + "T00:00:00Z");
        return new Ticket(
                id,
                "1" + id.substring(1),
                "Subject of " + id,
                status,
                statusType,
                priority,
                "Email",
                "desk-" + contact,
                "desk-A1",
                contact,
                "A1",
                created,
                created.plus(Duration.ofHours(1)),
                resolution == 0 ? null : created.plusSeconds(resolution),
                null,
                firstResponse == 0 ? null : created.plusSeconds(firstResponse),
                overdue,
                escalated,
                2,
                1,
                rating,
                feedback,
                ratedDay == null ? null : Instant.parse("2026-01-" + ratedDay + "T00:00:00Z"),
                "https://desk.example/tickets/" + id);
    }
}
