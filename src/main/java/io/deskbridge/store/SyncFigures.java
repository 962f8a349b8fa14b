package io.deskbridge.store;

import java.time.Instant;

/**
 * What the state store says of one sync's health, read the same on every node: the end of its last completed run, its
 * failing and parked records, and its oldest change not synced yet. Read by the metrics (io.deskbridge.observe).
 */
public final class SyncFigures {

    /**
     * A run of {@code sync_run} that went through: SUCCEEDED, or PARTIAL with at least one record synced (or nothing
     * failed). A PARTIAL run whose every record was refused moved nothing: counted, a sync refused record by record
     * would never be late, and its last success would keep moving.
     */
    public static final String WENT_THROUGH = "(status = 'SUCCEEDED' OR (status = 'PARTIAL' AND (failed_count = 0"
            + " OR created_count + updated_count + linked_count + unchanged_count + deleted_count + noted_count > 0)))";

    /**
     * One sync's figures. {@code lastCompleted} is the end of its last run that went through ({@link #WENT_THROUGH};
     * a dry run wrote nothing, so it is none), null if none; {@code oldestPending} since when its oldest staged change
     * has waited, null when nothing waits.
     */
    public record Figures(Instant lastCompleted, int failing, int parked, Instant oldestPending) {}

    private final Jdbc jdbc;
    private final String deskOrg;

    public SyncFigures(Jdbc jdbc, String deskOrg) {
        this.jdbc = jdbc;
        this.deskOrg = deskOrg;
    }

    public Figures of(String syncId) {
        Instant lastCompleted = jdbc.queryOne(
                        "SELECT MAX(finished_at) AS at FROM sync_run WHERE sync_id = ? AND desk_org = ?" + " AND "
                                + WENT_THROUGH + " AND dry_run = FALSE AND trigger_source <> ?",
                        rs -> java.util.Optional.ofNullable(Jdbc.instant(rs, "at")),
                        syncId,
                        deskOrg,
                        // A ticket action's short write run is no run of the sync's schedule.
                        Runs.API)
                .flatMap(at -> at)
                .orElse(null);
        // Failing: an open failure; parked: one of those that is no longer retried (its attempts are used up).
        int[] failing = jdbc.queryOne(
                        "SELECT COUNT(*) AS failing, SUM(CASE WHEN m.pending = FALSE THEN 1 ELSE 0 END) AS parked"
                                + " FROM record_issue i LEFT JOIN record_mirror m ON m.sync_id = i.sync_id"
                                + " AND m.system = i.system AND m.record_id = i.record_id"
                                + " WHERE i.sync_id = ? AND i.desk_org = ? AND i.kind = 'FAILED'",
                        rs -> new int[] {rs.getInt("failing"), rs.getInt("parked")},
                        syncId,
                        deskOrg)
                .orElse(new int[2]);
        Instant oldestPending = jdbc.queryOne(
                        "SELECT MIN(pending_since) AS at FROM record_mirror WHERE sync_id = ? AND pending = TRUE",
                        rs -> java.util.Optional.ofNullable(Jdbc.instant(rs, "at")),
                        syncId)
                .flatMap(at -> at)
                .orElse(null);
        return new Figures(lastCompleted, failing[0], failing[1], oldestPending);
    }
}
