package io.deskbridge.store;

import io.deskbridge.model.RunStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * What the state store says of a sync's last finished run for its health check, the same on every node. Its state is
 * its {@link SyncStates.Row}; its last successful run and failing records come from {@link SyncFigures}.
 */
public final class HealthFacts {

    /**
     * The last run of the sync that ended (runs of the ticket API's single writes left out): its status, when it
     * ended, and for a FAILED one what ended it ({@link RunFailures.Kind}, null on runs made before it was kept);
     * {@code wentThrough}: whether it is a success ({@link SyncFigures#WENT_THROUGH}).
     */
    public record LastRun(
            long runId, RunStatus status, Instant endedAt, String failureKind, String message, boolean wentThrough) {
        public boolean credentialsRefused() {
            return status == RunStatus.FAILED
                    && RunFailures.Kind.CREDENTIALS_REFUSED.name().equals(failureKind);
        }
    }

    private final Jdbc jdbc;
    private final String deskOrg;

    public HealthFacts(Jdbc jdbc, String deskOrg) {
        this.jdbc = jdbc;
        this.deskOrg = deskOrg;
    }

    public Optional<LastRun> lastRun(String syncId) {
        // Ordered by both index columns, so the index is read backwards from the newest run.
        return jdbc.queryOne(
                "SELECT run_id, status, finished_at, failure_kind, message, CASE WHEN " + SyncFigures.WENT_THROUGH
                        + " THEN 1 ELSE 0 END AS went_through FROM sync_run"
                        + " WHERE sync_id = ? AND desk_org = ? AND status <> ? AND trigger_source <> ? AND dry_run = FALSE"
                        + " ORDER BY sync_id DESC, run_id DESC FETCH FIRST 1 ROWS ONLY",
                rs -> new LastRun(
                        rs.getLong("run_id"),
                        RunStatus.valueOf(rs.getString("status")),
                        Jdbc.instant(rs, "finished_at"),
                        rs.getString("failure_kind"),
                        rs.getString("message"),
                        rs.getInt("went_through") == 1),
                syncId,
                deskOrg,
                RunStatus.RUNNING.name(),
                Runs.API);
    }
}
