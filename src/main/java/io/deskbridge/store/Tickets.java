package io.deskbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Desk tickets' summaries, as last read by the tickets sync: a CRM record's tickets and statistics are read
 * from here, not from the Desk. Each row carries the CRM contact and account the ticket belongs to, resolved
 * through the ACTIVE links of the contacts and accounts syncs, so reads need no join with the links.
 */
public final class Tickets {

    /** A happiness rating; the Desk says {@code good}, {@code ok} (or {@code okay}) and {@code bad}. */
    public enum Rating {
        GOOD,
        OKAY,
        BAD;

        /** The rating of a Desk value, or null for none; fails on a value that is not a rating. */
        public static Rating ofDesk(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "good" -> GOOD;
                case "ok", "okay" -> OKAY;
                case "bad" -> BAD;
                default ->
                    throw new IllegalArgumentException(
                            "unknown happiness rating '" + value + "': expected good, ok or bad");
            };
        }
    }

    /**
     * Which of a record's tickets to list. Open and closed go by the status type, as the statuses themselves are
     * the org's own; the Desk's status types are Open, On Hold and Closed, so On Hold counts as open.
     * High priority is High or Urgent: the Desk's priorities are an org picklist whose defaults are High, Medium
     * and Low (the reference shows {@code "priority":"High"}); Urgent is taken too for orgs that add it. Compared
     * without case.
     */
    public enum Filter {
        ALL("all", ""),
        OPEN("open", " AND " + Tickets.NOT_CLOSED),
        OVERDUE("overdue", " AND t.is_overdue = TRUE"),
        CLOSED("closed", " AND " + Tickets.CLOSED),
        ESCALATED("escalated", " AND t.is_escalated = TRUE"),
        HIGH_PRIORITY("high-priority", " AND UPPER(t.priority) IN ('HIGH', 'URGENT')");

        private final String apiName;
        private final String sql;

        Filter(String apiName, String sql) {
            this.apiName = apiName;
            this.sql = sql;
        }

        public String apiName() {
            return apiName;
        }

        /** The filter of an API name ({@code high-priority}), ALL for none; fails with the names allowed. */
        public static Filter of(String apiName) {
            if (apiName == null || apiName.isEmpty()) {
                return ALL;
            }
            return Arrays.stream(values())
                    .filter(f -> f.apiName.equals(apiName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown ticket filter '" + apiName
                            + "': expected one of "
                            + Arrays.stream(values()).map(Filter::apiName).toList()));
        }
    }

    /** SQL conditions on the mirror aliased {@code t}, shared with the statistics so both count alike. */
    static final String CLOSED = "UPPER(t.status_type) = 'CLOSED'";

    static final String NOT_CLOSED = "COALESCE(UPPER(t.status_type), '') <> 'CLOSED'";

    /**
     * A ticket's summary. {@code firstResponseAt} is when the ticket was first answered (null until then);
     * {@code latestRating*} describe the ticket's latest happiness rating. Blank feedback is none.
     */
    public record Ticket(
            String ticketId,
            String ticketNumber,
            String subject,
            String status,
            String statusType,
            String priority,
            String channel,
            String deskContactId,
            String deskAccountId,
            String crmContactId,
            String crmAccountId,
            Instant createdAt,
            Instant modifiedAt,
            Instant closedAt,
            Instant dueAt,
            Instant firstResponseAt,
            boolean overdue,
            boolean escalated,
            int threadCount,
            int commentCount,
            Rating latestRating,
            String latestFeedback,
            Instant latestRatingAt,
            String webUrl) {

        public Ticket {
            Objects.requireNonNull(ticketId, "ticketId");
            Objects.requireNonNull(createdAt, "createdAt of ticket " + ticketId);
            latestFeedback = latestFeedback == null || latestFeedback.isBlank() ? null : latestFeedback;
        }

        public boolean closed() {
            return "CLOSED".equalsIgnoreCase(statusType);
        }

        /** The same ticket tied to these CRM records. */
        public Ticket withCrmIds(String contactId, String accountId) {
            return new Ticket(
                    ticketId,
                    ticketNumber,
                    subject,
                    status,
                    statusType,
                    priority,
                    channel,
                    deskContactId,
                    deskAccountId,
                    contactId,
                    accountId,
                    createdAt,
                    modifiedAt,
                    closedAt,
                    dueAt,
                    firstResponseAt,
                    overdue,
                    escalated,
                    threadCount,
                    commentCount,
                    latestRating,
                    latestFeedback,
                    latestRatingAt,
                    webUrl);
        }

        /** A hash of what the Desk says of the ticket (not of the CRM ids, which Deskbridge resolves). */
        public String contentHash() {
            return Fingerprint.of(
                    ticketId,
                    ticketNumber,
                    subject,
                    status,
                    statusType,
                    priority,
                    channel,
                    deskContactId,
                    deskAccountId,
                    createdAt,
                    modifiedAt,
                    closedAt,
                    dueAt,
                    firstResponseAt,
                    overdue,
                    escalated,
                    threadCount,
                    commentCount,
                    latestRating,
                    latestFeedback,
                    latestRatingAt,
                    webUrl);
        }

        private Object[] values() {
            return new Object[] {
                ticketNumber,
                subject,
                status,
                statusType,
                priority,
                channel,
                deskContactId,
                deskAccountId,
                crmContactId,
                crmAccountId,
                createdAt,
                modifiedAt,
                closedAt,
                dueAt,
                firstResponseAt,
                overdue,
                escalated,
                threadCount,
                commentCount,
                latestRating == null ? null : latestRating.name(),
                latestFeedback,
                latestRatingAt,
                webUrl
            };
        }
    }

    /** The columns of {@link Ticket#values()}, in its order. */
    private static final List<String> COLUMNS = List.of(
            "ticket_number",
            "subject",
            "status",
            "status_type",
            "priority",
            "channel",
            "desk_contact_id",
            "desk_account_id",
            "crm_contact_id",
            "crm_account_id",
            "created_at",
            "modified_at",
            "closed_at",
            "due_at",
            "first_response_at",
            "is_overdue",
            "is_escalated",
            "thread_count",
            "comment_count",
            "latest_rating",
            "latest_feedback",
            "latest_rating_at",
            "web_url");

    private static final String INSERT = "INSERT INTO ticket_mirror (" + String.join(", ", COLUMNS)
            + ", content_hash, mirrored_at, sync_id, desk_org, ticket_id) VALUES ("
            + "?, ".repeat(COLUMNS.size() + 4) + "?)";

    private static final String UPDATE = "UPDATE ticket_mirror SET " + String.join(" = ?, ", COLUMNS)
            + " = ?, content_hash = ?, mirrored_at = ? WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?";

    /** A ticket that is new ({@code previous} null) or whose summary or CRM ids changed, with what was held before. */
    public record Change(Ticket previous, Ticket current) {
        public boolean isNew() {
            return previous == null;
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final StatsMarks marks;

    public Tickets(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.marks = new StatsMarks(jdbc, clock);
    }

    /** The CRM records these tickets count for have figures to write again (see {@link TicketStatistics}). */
    private void markFiguresOf(String syncId, String deskOrg, List<Ticket> tickets) {
        marks.mark(
                syncId,
                CrmModule.CONTACTS,
                tickets.stream().map(Ticket::crmContactId).toList());
        marks.mark(
                syncId,
                CrmModule.ACCOUNTS,
                tickets.stream().map(Ticket::crmAccountId).toList());
        marks.markDealsOf(
                syncId, deskOrg, tickets.stream().map(Ticket::ticketId).toList());
    }

    /**
     * Inserts or replaces the tickets of a batch in one commit (the caller's, if it has one open, so the signals
     * detected from the changes commit with them). A ticket read again unchanged is not written. A ticket listed
     * twice counts as its last entry.
     *
     * @return the new and changed tickets, each with the row it replaces, read in the same transaction
     */
    public List<Change> putAll(String syncId, String deskOrg, List<Ticket> tickets) {
        if (tickets.isEmpty()) {
            return List.of();
        }
        Map<String, Ticket> latest = new LinkedHashMap<>();
        tickets.forEach(t -> latest.put(t.ticketId(), t));
        return jdbc.inTransaction(() -> {
            Map<String, Held> held = new LinkedHashMap<>();
            heldRows(syncId, deskOrg, latest.keySet())
                    .forEach(h -> held.put(h.ticket().ticketId(), h));
            Instant now = clock.instant();
            List<Change> changes = new ArrayList<>();
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            for (Ticket t : latest.values()) {
                Held old = held.get(t.ticketId());
                String hash = t.contentHash();
                if (old != null
                        && old.hash().equals(hash)
                        && Objects.equals(old.ticket().crmContactId(), t.crmContactId())
                        && Objects.equals(old.ticket().crmAccountId(), t.crmAccountId())) {
                    continue;
                }
                changes.add(new Change(old == null ? null : old.ticket(), t));
                (old == null ? inserts : updates).add(row(t, hash, now, syncId, deskOrg));
            }
            jdbc.batch(UPDATE, updates);
            jdbc.batch(INSERT, inserts);
            markFiguresOf(
                    syncId,
                    deskOrg,
                    changes.stream()
                            .flatMap(c -> Stream.of(c.previous(), c.current()))
                            .filter(Objects::nonNull)
                            .toList());
            return changes;
        });
    }

    private static Object[] row(Ticket t, String hash, Instant now, String syncId, String deskOrg) {
        Object[] values = t.values();
        Object[] row = Arrays.copyOf(values, values.length + 5);
        row[values.length] = hash;
        row[values.length + 1] = now;
        row[values.length + 2] = syncId;
        row[values.length + 3] = deskOrg;
        row[values.length + 4] = t.ticketId();
        return row;
    }

    /**
     * What the mirror holds now for these tickets, by id: for deciding, before reading more of a ticket (its threads,
     * comments, ratings), whether it changed at all.
     */
    public Map<String, Ticket> held(String syncId, String deskOrg, Collection<String> ticketIds) {
        Map<String, Ticket> held = new LinkedHashMap<>();
        heldRows(syncId, deskOrg, ticketIds).forEach(h -> held.put(h.ticket().ticketId(), h.ticket()));
        return held;
    }

    private record Held(Ticket ticket, String hash) {}

    private List<Held> heldRows(String syncId, String deskOrg, Collection<String> ticketIds) {
        return jdbc.queryEach(
                "SELECT * FROM ticket_mirror WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?",
                rs -> new Held(ticket(rs), rs.getString("content_hash")),
                ticketIds.stream().map(id -> new Object[] {syncId, deskOrg, id}).toList());
    }

    public Optional<Ticket> get(String syncId, String deskOrg, String ticketId) {
        return jdbc.queryOne(
                "SELECT * FROM ticket_mirror WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?",
                Tickets::ticket,
                syncId,
                deskOrg,
                ticketId);
    }

    /**
     * The tickets of a CRM contact, account or deal that pass the filter, newest (by creation) first, a page of
     * {@code limit} after skipping {@code offset}. A deal's are the tickets linked to it (see {@link TicketDeals}).
     */
    public List<Ticket> forCrmRecord(
            String syncId, String deskOrg, CrmModule module, String crmId, Filter filter, int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException(
                    "limit must be at least 1 and offset at least 0, not " + limit + " and " + offset);
        }
        return jdbc.query(
                "SELECT t.* FROM " + module.ticketSource() + " WHERE t.sync_id = ? AND t.desk_org = ? AND "
                        + module.ticketKey() + " = ?" + filter.sql + " ORDER BY t.created_at DESC, t.ticket_id DESC"
                        + " OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY",
                Tickets::ticket,
                syncId,
                deskOrg,
                crmId);
    }

    /**
     * Ties every ticket to the CRM contact and account its Desk contact and account are linked to now (ACTIVE links
     * of the given syncs), where that changed since the ticket was mirrored: a contact linked after its tickets were
     * read, a link gone. Returns how many ties (a ticket's contact, a ticket's account) changed. A pass over all the
     * org's tickets, one indexed link lookup each: for the start of a run, not for every page.
     */
    public int retie(String syncId, String deskOrg, String contactsSyncId, String accountsSyncId) {
        return jdbc.inTransaction(() -> retie(syncId, deskOrg, CrmModule.CONTACTS, contactsSyncId)
                + retie(syncId, deskOrg, CrmModule.ACCOUNTS, accountsSyncId));
    }

    private int retie(String syncId, String deskOrg, CrmModule module, String linksSyncId) {
        String crmColumn = module == CrmModule.CONTACTS ? "crm_contact_id" : "crm_account_id";
        String deskColumn = module == CrmModule.CONTACTS ? "desk_contact_id" : "desk_account_id";
        List<String[]> moved = jdbc.query(
                "SELECT t.ticket_id, t." + crmColumn + ", l.crm_id FROM ticket_mirror t LEFT JOIN record_link l"
                        + " ON l.sync_id = ? AND l.desk_org = t.desk_org AND l.desk_id = t." + deskColumn
                        + " AND l.link_state = 'ACTIVE' WHERE t.sync_id = ? AND t.desk_org = ? AND t." + crmColumn
                        + " IS DISTINCT FROM l.crm_id",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                linksSyncId,
                syncId,
                deskOrg);
        jdbc.batch(
                "UPDATE ticket_mirror SET " + crmColumn + " = ? WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?",
                moved.stream()
                        .map(m -> new Object[] {m[2], syncId, deskOrg, m[0]})
                        .toList());
        marks.mark(
                syncId,
                module,
                moved.stream().flatMap(m -> Stream.of(m[1], m[2])).toList());
        return moved.size();
    }

    /**
     * Open tickets whose due time has passed but which the mirror does not hold as overdue: the Desk turns
     * {@code isOverDue} on without changing {@code modifiedTime}, so an incremental read never brings them back.
     */
    public List<Ticket> dueButNotOverdue(String syncId, String deskOrg, Instant now) {
        return jdbc.query(
                "SELECT t.* FROM ticket_mirror t WHERE t.sync_id = ? AND t.desk_org = ? AND t.due_at < ?"
                        + " AND t.is_overdue = FALSE AND " + NOT_CLOSED + " ORDER BY t.ticket_id",
                Tickets::ticket,
                syncId,
                deskOrg,
                now);
    }

    /**
     * Keeps the email each of these tickets was raised with (ticket id to email; null for none), in the caller's
     * commit. Kept apart from the summary: only a sales signal raised from the mirror needs it.
     */
    public void keepEmails(String syncId, String deskOrg, Map<String, String> emailByTicket) {
        jdbc.batch(
                "UPDATE ticket_mirror SET contact_email = ? WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?",
                emailByTicket.entrySet().stream()
                        .map(e -> new Object[] {e.getValue(), syncId, deskOrg, e.getKey()})
                        .toList());
    }

    /** The emails these tickets were raised with, by ticket id (tickets without one are left out). */
    public Map<String, String> emails(String syncId, String deskOrg, Collection<String> ticketIds) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.queryEach(
                        "SELECT ticket_id, contact_email FROM ticket_mirror WHERE sync_id = ? AND desk_org = ?"
                                + " AND ticket_id = ? AND contact_email IS NOT NULL",
                        rs -> new String[] {rs.getString(1), rs.getString(2)},
                        ticketIds.stream()
                                .map(id -> new Object[] {syncId, deskOrg, id})
                                .toList())
                .forEach(r -> out.put(r[0], r[1]));
        return out;
    }

    /** Tickets gone from the Desk (moved to the trash). Their deal links stay: a ticket can be restored. */
    public void removeAll(String syncId, String deskOrg, List<String> ticketIds) {
        jdbc.inTransaction(() -> {
            markFiguresOf(
                    syncId,
                    deskOrg,
                    List.copyOf(held(syncId, deskOrg, ticketIds).values()));
            jdbc.batch(
                    "DELETE FROM ticket_mirror WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?",
                    ticketIds.stream()
                            .map(id -> new Object[] {syncId, deskOrg, id})
                            .toList());
        });
    }

    static Ticket ticket(ResultSet rs) throws SQLException {
        String rating = rs.getString("latest_rating");
        return new Ticket(
                rs.getString("ticket_id"),
                rs.getString("ticket_number"),
                rs.getString("subject"),
                rs.getString("status"),
                rs.getString("status_type"),
                rs.getString("priority"),
                rs.getString("channel"),
                rs.getString("desk_contact_id"),
                rs.getString("desk_account_id"),
                rs.getString("crm_contact_id"),
                rs.getString("crm_account_id"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "modified_at"),
                Jdbc.instant(rs, "closed_at"),
                Jdbc.instant(rs, "due_at"),
                Jdbc.instant(rs, "first_response_at"),
                rs.getBoolean("is_overdue"),
                rs.getBoolean("is_escalated"),
                rs.getInt("thread_count"),
                rs.getInt("comment_count"),
                rating == null ? null : Rating.valueOf(rating),
                rs.getString("latest_feedback"),
                Jdbc.instant(rs, "latest_rating_at"),
                rs.getString("web_url"));
    }
}
