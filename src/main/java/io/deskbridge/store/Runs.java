package io.deskbridge.store;

import io.deskbridge.model.RunCounters;
import io.deskbridge.model.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The history of runs with their figures. */
public final class Runs {

    public record Run(
            long runId,
            String syncId,
            String trigger,
            String node,
            RunStatus status,
            Instant startedAt,
            Instant finishedAt,
            RunCounters.Snapshot counters,
            String message,
            int crmCalls,
            int deskCalls,
            Throttling crmThrottling,
            Throttling deskThrottling,
            boolean dryRun,
            String preview,
            Integer progressTotal) {}

    /** How often one system answered a run with 429, and how long its gate stayed closed because of it. */
    public record Throttling(long throttled, long waitedMillis) {
        public static final Throttling NONE = new Throttling(0, 0);
    }

    /**
     * The trigger of a run that only held the sync's lease while the API wrote one record as the sync would (a Desk
     * contact for a ticket opened from the CRM), so no run of the sync made the same record meanwhile.
     */
    public static final String API = "api";

    /**
     * The trigger of a dry run (POST /admin/syncs/{sync}/dry-run): it reads and decides like a run, writes nothing to
     * either system and leaves no state behind but its own row, with the preview of what it would have written.
     */
    public static final String DRY_RUN = "dry-run";

    private final Jdbc jdbc;

    public Runs(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a run that {@code node} has just claimed. */
    long start(String syncId, String deskOrg, String trigger, String node, Instant now) {
        return jdbc.insertReturningKey(
                "INSERT INTO sync_run (sync_id, desk_org, trigger_source, node, status, started_at, dry_run)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                "run_id",
                syncId,
                deskOrg,
                trigger,
                node,
                RunStatus.RUNNING.name(),
                now,
                DRY_RUN.equals(trigger));
    }

    /** Stores what a dry run would have written (JSON), once its rolled-back work is over. */
    public void preview(long runId, String json) {
        jdbc.update("UPDATE sync_run SET preview = ? WHERE run_id = ? AND dry_run = TRUE", json, runId);
    }

    /**
     * Whether a dry run of the sync against this Desk org has finished without failing: what its first activation may
     * ask for. A dry run against another org previewed other records.
     */
    public boolean dryRunDone(String syncId, String deskOrg) {
        return jdbc.queryOne(
                                "SELECT COUNT(*) FROM sync_run WHERE sync_id = ? AND desk_org = ? AND dry_run = TRUE"
                                        + " AND status IN (?, ?)",
                                rs -> rs.getInt(1),
                                syncId,
                                deskOrg,
                                RunStatus.SUCCEEDED.name(),
                                RunStatus.PARTIAL.name())
                        .orElse(0)
                > 0;
    }

    /**
     * Whether the sync has had a run against this Desk org that could write (a dry run is not one): its first
     * activation is behind it.
     */
    public boolean ranForReal(String syncId, String deskOrg) {
        return jdbc.queryOne(
                                "SELECT COUNT(*) FROM sync_run WHERE sync_id = ? AND desk_org = ? AND dry_run = FALSE"
                                        + " AND trigger_source <> ?",
                                rs -> rs.getInt(1),
                                syncId,
                                deskOrg,
                                API)
                        .orElse(0)
                > 0;
    }

    /** Stores the figures so far, so a long run shows progress and a crash leaves a trace. */
    public void progress(long runId, RunCounters.Snapshot c) {
        saveProgress(runId, c, false, null);
    }

    /**
     * Stores the figures so far with the records of the pass in hand ({@code total}, null when not known): the JSON
     * shows the total and the estimate to its end, as the progress line does.
     */
    public void progress(long runId, RunCounters.Snapshot c, Integer total) {
        saveProgress(runId, c, true, total);
    }

    private void saveProgress(long runId, RunCounters.Snapshot c, boolean withTotal, Integer total) {
        java.util.List<Object> params = new java.util.ArrayList<>(java.util.List.of(
                c.read(),
                c.created(),
                c.updated(),
                c.linked(),
                c.unchanged(),
                c.excluded(),
                c.failed(),
                c.conflicts(),
                c.deleted(),
                c.chats().noted(),
                c.chats().leadsCreated(),
                c.chats().tasks(),
                c.chats().phonesSet()));
        if (withTotal) {
            params.add(total);
        }
        params.add(runId);
        params.add(RunStatus.RUNNING.name());
        jdbc.update(
                "UPDATE sync_run SET read_count = ?, created_count = ?, updated_count = ?, linked_count = ?,"
                        + " unchanged_count = ?, excluded_count = ?, failed_count = ?, conflicts_count = ?, deleted_count = ?,"
                        + " noted_count = ?, leads_created_count = ?, tasks_count = ?, phones_set_count = ?"
                        + (withTotal ? ", progress_total = ?" : "")
                        + " WHERE run_id = ? AND status = ?",
                params.toArray());
    }

    public void finish(
            long runId,
            RunStatus status,
            RunCounters.Snapshot c,
            Instant at,
            String message,
            int crmCalls,
            int deskCalls,
            Throttling crm,
            Throttling desk) {
        jdbc.update(
                "UPDATE sync_run SET status = ?, finished_at = ?, message = ?, read_count = ?, created_count = ?,"
                        + " updated_count = ?, linked_count = ?, unchanged_count = ?, excluded_count = ?, failed_count = ?,"
                        + " conflicts_count = ?, deleted_count = ?, crm_calls = ?, desk_calls = ?, crm_throttled = ?,"
                        + " crm_waited_ms = ?, desk_throttled = ?, desk_waited_ms = ?, noted_count = ?,"
                        + " leads_created_count = ?, tasks_count = ?, phones_set_count = ? WHERE run_id = ? AND status = ?",
                status.name(),
                at,
                truncate(message),
                c.read(),
                c.created(),
                c.updated(),
                c.linked(),
                c.unchanged(),
                c.excluded(),
                c.failed(),
                c.conflicts(),
                c.deleted(),
                crmCalls,
                deskCalls,
                crm.throttled(),
                crm.waitedMillis(),
                desk.throttled(),
                desk.waitedMillis(),
                c.chats().noted(),
                c.chats().leadsCreated(),
                c.chats().tasks(),
                c.chats().phonesSet(),
                runId,
                // Fenced like the progress: a run another node abandoned (and took its sync over) stays FAILED.
                RunStatus.RUNNING.name());
    }

    void abandon(long runId, Instant at, String why) {
        jdbc.update(
                "UPDATE sync_run SET status = ?, finished_at = ?, message = ? WHERE run_id = ? AND status = ?",
                RunStatus.FAILED.name(),
                at,
                why,
                runId,
                RunStatus.RUNNING.name());
    }

    public Optional<Run> find(String syncId, long runId) {
        return jdbc.queryOne("SELECT * FROM sync_run WHERE sync_id = ? AND run_id = ?", Runs::row, syncId, runId);
    }

    public Optional<Run> last(String syncId) {
        // Ordered by both index columns, so the index is read in order (not every run of the sync sorted).
        return jdbc.queryOne(
                "SELECT * FROM sync_run WHERE sync_id = ? ORDER BY sync_id DESC, run_id DESC FETCH FIRST 1 ROWS ONLY",
                Runs::row,
                syncId);
    }

    /** Newest first. */
    public List<Run> page(String syncId, int limit, int offset) {
        return jdbc.query(
                "SELECT * FROM sync_run WHERE sync_id = ? ORDER BY sync_id DESC, run_id DESC OFFSET " + offset
                        + " ROWS FETCH FIRST " + limit + " ROWS ONLY",
                Runs::row,
                syncId);
    }

    public int count(String syncId) {
        return jdbc.queryOne("SELECT COUNT(*) FROM sync_run WHERE sync_id = ?", rs -> rs.getInt(1), syncId)
                .orElse(0);
    }

    /**
     * How many of the latest finished runs failed, counted back to the last one that did not. The short runs of
     * {@link #API} writes are not runs of the sync's schedule, nor are dry runs: they neither count nor break the count.
     */
    public int failedInARow(String syncId, int lookBack) {
        // Filtered before the limit: runs that do not count must not fill the look-back and so delay the pause.
        List<RunStatus> latest = jdbc.query(
                "SELECT status FROM sync_run WHERE sync_id = ? AND dry_run = FALSE AND trigger_source <> ?"
                        + " AND status <> ? ORDER BY sync_id DESC, run_id DESC FETCH FIRST " + lookBack
                        + " ROWS ONLY",
                rs -> RunStatus.valueOf(rs.getString(1)),
                syncId,
                API,
                RunStatus.RUNNING.name());
        int n = 0;
        while (n < latest.size() && latest.get(n) == RunStatus.FAILED) {
            n++;
        }
        return n;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    private static Run row(ResultSet rs) throws SQLException {
        return new Run(
                rs.getLong("run_id"),
                rs.getString("sync_id"),
                rs.getString("trigger_source"),
                rs.getString("node"),
                RunStatus.valueOf(rs.getString("status")),
                Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "finished_at"),
                new RunCounters.Snapshot(
                        rs.getInt("read_count"),
                        rs.getInt("created_count"),
                        rs.getInt("updated_count"),
                        rs.getInt("linked_count"),
                        rs.getInt("unchanged_count"),
                        rs.getInt("excluded_count"),
                        rs.getInt("failed_count"),
                        rs.getInt("conflicts_count"),
                        rs.getInt("deleted_count"),
                        new RunCounters.Chats(
                                rs.getInt("noted_count"),
                                rs.getInt("leads_created_count"),
                                rs.getInt("tasks_count"),
                                rs.getInt("phones_set_count"))),
                rs.getString("message"),
                rs.getInt("crm_calls"),
                rs.getInt("desk_calls"),
                new Throttling(rs.getLong("crm_throttled"), rs.getLong("crm_waited_ms")),
                new Throttling(rs.getLong("desk_throttled"), rs.getLong("desk_waited_ms")),
                rs.getBoolean("dry_run"),
                rs.getString("preview"),
                Jdbc.nullableLong(rs, "progress_total") == null ? null : rs.getInt("progress_total"));
    }
}
