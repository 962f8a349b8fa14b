package io.deskbridge.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A CRM record's support figures ({@link TicketStats}), computed by the store from the ticket mirror, one query
 * per record; and the write-back's bookkeeping: which records' figures changed since they were last written.
 */
public final class TicketStatistics {

    /**
     * Seconds between two times, the same on H2 and PostgreSQL (both take EXTRACT(EPOCH FROM a timestamp with time
     * zone)); null when either time is.
     */
    private static String seconds(String from, String to) {
        return "EXTRACT(EPOCH FROM " + to + ") - EXTRACT(EPOCH FROM " + from + ")";
    }

    private static String count(String condition) {
        return "COALESCE(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0)";
    }

    private static final String FIGURES = "SELECT COUNT(*) AS total, " + count(Tickets.NOT_CLOSED) + " AS open_count, "
            + count("t.is_overdue = TRUE") + " AS overdue_count, AVG(" + seconds("t.created_at", "t.first_response_at")
            + ") AS first_response, AVG(CASE WHEN " + Tickets.CLOSED + " THEN " + seconds("t.created_at", "t.closed_at")
            + " END) AS resolution, " + count("t.latest_rating = 'GOOD'") + " AS good, "
            + count("t.latest_rating = 'OKAY'") + " AS okay, " + count("t.latest_rating = 'BAD'") + " AS bad FROM ";

    /**
     * A batch for the write-back: up to its limit of records marked as possibly changed, and of those the ones whose
     * figures differ from what was last written, with their figures.
     */
    public static final class Batch {
        private final CrmModule module;
        private final List<StatsMarks.Marked> marked;
        private final Map<String, TicketStats> changed;
        private final Function<TicketStats, String> fingerprint;

        private Batch(
                CrmModule module,
                List<StatsMarks.Marked> marked,
                Map<String, TicketStats> changed,
                Function<TicketStats, String> fingerprint) {
            this.module = module;
            this.marked = marked;
            this.changed = changed;
            this.fingerprint = fingerprint;
        }

        public CrmModule module() {
            return module;
        }

        /** The records to write, by CRM id, in the order they were marked. */
        public Map<String, TicketStats> changed() {
            return changed;
        }

        /** True when no record was marked: the write-back is done. */
        public boolean isEmpty() {
            return marked.isEmpty();
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final StatsMarks marks;

    public TicketStatistics(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.marks = new StatsMarks(jdbc, clock);
    }

    public TicketStats of(String syncId, String deskOrg, CrmModule module, String crmId) {
        return ofAll(syncId, deskOrg, module, List.of(crmId)).get(crmId);
    }

    /** The figures of each record, by CRM id in the order given; {@link TicketStats#NONE} for a record without tickets. */
    public Map<String, TicketStats> ofAll(String syncId, String deskOrg, CrmModule module, Collection<String> crmIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(crmIds));
        String where =
                module.ticketSource() + " WHERE t.sync_id = ? AND t.desk_org = ? AND " + module.ticketKey() + " = ?";
        List<Object[]> params =
                ids.stream().map(id -> new Object[] {syncId, deskOrg, id}).toList();
        // Each record's query reads its tickets through the index on its CRM id; one query over an IN list would not.
        List<Figures> figures = jdbc.queryEach(FIGURES + where, TicketStatistics::figures, params);
        Map<String, Feedback> feedback = new HashMap<>();
        jdbc.queryEach(
                        "SELECT " + module.ticketKey() + " AS crm_id, t.latest_feedback, t.latest_rating_at FROM "
                                + where
                                + " AND t.latest_feedback IS NOT NULL"
                                + " ORDER BY t.latest_rating_at DESC NULLS LAST, t.ticket_id DESC FETCH FIRST 1 ROWS ONLY",
                        rs -> new Feedback(
                                rs.getString("crm_id"),
                                rs.getString("latest_feedback"),
                                Jdbc.instant(rs, "latest_rating_at")),
                        params)
                .forEach(f -> feedback.put(f.crmId(), f));
        Map<String, TicketStats> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Figures f = figures.get(i);
            Feedback latest = feedback.get(ids.get(i));
            out.put(
                    ids.get(i),
                    f.total() == 0
                            ? TicketStats.NONE
                            : new TicketStats(
                                    f.total(),
                                    f.open(),
                                    f.overdue(),
                                    f.firstResponse(),
                                    f.resolution(),
                                    f.good(),
                                    f.okay(),
                                    f.bad(),
                                    latest == null ? null : latest.text(),
                                    latest == null ? null : latest.at()));
        }
        return out;
    }

    private record Figures(
            int total,
            int open,
            int overdue,
            Duration firstResponse,
            Duration resolution,
            int good,
            int okay,
            int bad) {}

    private record Feedback(String crmId, String text, Instant at) {}

    private static Figures figures(ResultSet rs) throws SQLException {
        return new Figures(
                rs.getInt("total"),
                rs.getInt("open_count"),
                rs.getInt("overdue_count"),
                wholeSeconds(rs.getBigDecimal("first_response")),
                wholeSeconds(rs.getBigDecimal("resolution")),
                rs.getInt("good"),
                rs.getInt("okay"),
                rs.getInt("bad"));
    }

    private static Duration wholeSeconds(BigDecimal seconds) {
        return seconds == null
                ? null
                : Duration.ofSeconds(seconds.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /**
     * Of these records, those whose figures differ from what was last written into them, with their figures. A
     * record never written counts as written without tickets: one that still has none is not written.
     */
    public Map<String, TicketStats> changedSinceWritten(
            String syncId, String deskOrg, CrmModule module, Collection<String> crmIds) {
        return changedSinceWritten(syncId, deskOrg, module, crmIds, TicketStats::hash);
    }

    /**
     * As {@link #changedSinceWritten(String, String, CrmModule, Collection)}, comparing the figures by
     * {@code fingerprint} (at most 64 characters): the figures a write-back writes, not all of them, so a change of a
     * figure it does not write costs no call.
     */
    public Map<String, TicketStats> changedSinceWritten(
            String syncId,
            String deskOrg,
            CrmModule module,
            Collection<String> crmIds,
            Function<TicketStats, String> fingerprint) {
        Map<String, TicketStats> now = ofAll(syncId, deskOrg, module, crmIds);
        Map<String, String> written = new HashMap<>();
        jdbc.queryEach(
                        "SELECT crm_id, stats_hash FROM crm_stats_written WHERE sync_id = ? AND module = ? AND crm_id = ?",
                        rs -> Map.entry(rs.getString(1), rs.getString(2)),
                        now.keySet().stream()
                                .map(id -> new Object[] {syncId, module.apiName(), id})
                                .toList())
                .forEach(e -> written.put(e.getKey(), e.getValue()));
        Map<String, TicketStats> changed = new LinkedHashMap<>();
        now.forEach((id, stats) -> {
            if (!fingerprint.apply(stats).equals(written.getOrDefault(id, fingerprint.apply(TicketStats.NONE)))) {
                changed.put(id, stats);
            }
        });
        return changed;
    }

    /**
     * The next records of the module whose tickets (or deal links) changed since the write-back last looked at them,
     * up to {@code limit}, with the figures of those that need writing. Hand the batch back to {@link #written} once
     * written; a batch not handed back (the write failed) comes again.
     */
    public Batch nextChanged(String syncId, String deskOrg, CrmModule module, int limit) {
        return nextChanged(syncId, deskOrg, module, limit, TicketStats::hash);
    }

    /** As {@link #nextChanged(String, String, CrmModule, int)}, comparing the figures by {@code fingerprint}. */
    public Batch nextChanged(
            String syncId, String deskOrg, CrmModule module, int limit, Function<TicketStats, String> fingerprint) {
        List<StatsMarks.Marked> marked = marks.next(syncId, module, limit);
        return new Batch(
                module,
                marked,
                changedSinceWritten(
                        syncId,
                        deskOrg,
                        module,
                        marked.stream().map(StatsMarks.Marked::crmId).toList(),
                        fingerprint),
                fingerprint);
    }

    /**
     * The batch was written: {@code writtenIds} are the records the CRM took. Their figures are recorded as written;
     * the batch's marks are cleared, so a record the CRM refused is tried again only when its figures change again.
     * One commit.
     */
    public void written(String syncId, Batch batch, Collection<String> writtenIds) {
        Instant now = clock.instant();
        List<Object[]> updates = new ArrayList<>();
        for (String id : new LinkedHashSet<>(writtenIds)) {
            TicketStats stats = batch.changed().get(id);
            if (stats != null) {
                updates.add(new Object[] {
                    batch.fingerprint.apply(stats), now, syncId, batch.module().apiName(), id
                });
            }
        }
        jdbc.inTransaction(() -> {
            int[] counts = jdbc.batchCounts(
                    "UPDATE crm_stats_written SET stats_hash = ?, written_at = ? WHERE sync_id = ? AND module = ?"
                            + " AND crm_id = ?",
                    updates);
            List<Object[]> inserts = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    inserts.add(updates.get(i));
                }
            }
            // Only the run holding the tickets sync's lease writes figures, so update-then-insert cannot race.
            jdbc.batch(
                    "INSERT INTO crm_stats_written (stats_hash, written_at, sync_id, module, crm_id) VALUES (?, ?, ?, ?, ?)",
                    inserts);
            marks.clear(syncId, batch.module(), batch.marked);
        });
    }

    /**
     * Forgets which records of the module changed: with no CRM field to write into, the marks made by every ticket
     * change would only pile up. Returns how many marks went.
     */
    public int forgetChanges(String syncId, CrmModule module) {
        return marks.clearAll(syncId, module);
    }

    /**
     * Every record of the module that has tickets is to be written again, whatever was written before (its CRM fields
     * were mapped anew): each is marked, and what was written into them is forgotten. One commit; returns how many
     * records.
     */
    public int rewriteAll(String syncId, String deskOrg, CrmModule module) {
        return jdbc.inTransaction(() -> {
            jdbc.update("DELETE FROM crm_stats_written WHERE sync_id = ? AND module = ?", syncId, module.apiName());
            return marks.markAll(syncId, deskOrg, module);
        });
    }

    /** How many marks the module has: what the write-back has still to look at. */
    public int pendingMarks(String syncId, CrmModule module) {
        return jdbc.queryOne(
                        "SELECT COUNT(*) FROM crm_stats_dirty WHERE sync_id = ? AND module = ?",
                        rs -> rs.getInt(1),
                        syncId,
                        module.apiName())
                .orElse(0);
    }
}
