package io.deskbridge.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Marks CRM records whose ticket figures may have changed, in the transaction that changes them, so the
 * statistics write-back finds them after a crash as well; see {@link TicketStatistics#nextChanged}.
 */
final class StatsMarks {

    /** A marked record, with its newest mark: clearing up to it leaves any mark made since. */
    record Marked(String crmId, long upTo) {}

    private final Jdbc jdbc;
    private final Clock clock;

    StatsMarks(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void mark(String syncId, CrmModule module, Collection<String> crmIds) {
        Set<String> ids = new LinkedHashSet<>(crmIds);
        ids.remove(null);
        Instant now = clock.instant();
        jdbc.batch(
                "INSERT INTO crm_stats_dirty (sync_id, module, crm_id, marked_at) VALUES (?, ?, ?, ?)",
                ids.stream()
                        .map(id -> new Object[] {syncId, module.apiName(), id, now})
                        .toList());
    }

    /** Marks the deals these tickets are linked to. */
    void markDealsOf(String syncId, String deskOrg, Collection<String> ticketIds) {
        Instant now = clock.instant();
        jdbc.batch(
                "INSERT INTO crm_stats_dirty (sync_id, module, crm_id, marked_at) SELECT d.sync_id, '"
                        + CrmModule.DEALS.apiName() + "', d.crm_deal_id, CAST(? AS TIMESTAMP WITH TIME ZONE)"
                        + " FROM ticket_deal d WHERE d.sync_id = ? AND d.desk_org = ? AND d.ticket_id = ?",
                ticketIds.stream()
                        .filter(Objects::nonNull)
                        .distinct()
                        .map(id -> new Object[] {now, syncId, deskOrg, id})
                        .toList());
    }

    /**
     * Up to {@code limit} marked records, those marked first first. Read through the indexes in mark order, not
     * grouped over every mark: after an initial sync there is a mark for every ticket.
     */
    List<Marked> next(String syncId, CrmModule module, int limit) {
        Set<String> ids = new LinkedHashSet<>(jdbc.query(
                "SELECT crm_id FROM crm_stats_dirty WHERE sync_id = ? AND module = ? ORDER BY sync_id, module, mark_id"
                        + " FETCH FIRST " + (limit * 10) + " ROWS ONLY",
                rs -> rs.getString(1),
                syncId,
                module.apiName()));
        return jdbc.queryEach(
                "SELECT crm_id, MAX(mark_id) FROM crm_stats_dirty WHERE sync_id = ? AND module = ? AND crm_id = ?"
                        + " GROUP BY crm_id",
                rs -> new Marked(rs.getString(1), rs.getLong(2)),
                ids.stream()
                        .limit(limit)
                        .map(id -> new Object[] {syncId, module.apiName(), id})
                        .toList());
    }

    void clear(String syncId, CrmModule module, Collection<Marked> marked) {
        jdbc.batch(
                "DELETE FROM crm_stats_dirty WHERE sync_id = ? AND module = ? AND crm_id = ? AND mark_id <= ?",
                marked.stream()
                        .map(m -> new Object[] {syncId, module.apiName(), m.crmId(), m.upTo()})
                        .toList());
    }

    /** Marks every record of the module that has tickets. */
    int markAll(String syncId, String deskOrg, CrmModule module) {
        return jdbc.update(
                "INSERT INTO crm_stats_dirty (sync_id, module, crm_id, marked_at) SELECT DISTINCT CAST(? AS VARCHAR(64)),"
                        + " CAST(? AS VARCHAR(16)), " + module.ticketKey()
                        + ", CAST(? AS TIMESTAMP WITH TIME ZONE) FROM "
                        + module.ticketSource() + " WHERE t.sync_id = ? AND t.desk_org = ? AND " + module.ticketKey()
                        + " IS NOT NULL",
                syncId,
                module.apiName(),
                clock.instant(),
                syncId,
                deskOrg);
    }

    /** Removes every mark of the module. */
    int clearAll(String syncId, CrmModule module) {
        return jdbc.update("DELETE FROM crm_stats_dirty WHERE sync_id = ? AND module = ?", syncId, module.apiName());
    }
}
