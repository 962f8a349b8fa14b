package io.deskbridge.store;

import io.deskbridge.model.Direction;
import io.deskbridge.model.RunCounters;
import io.deskbridge.model.RunStatus;
import io.deskbridge.model.SyncState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin-set state of each sync and the run lease. A run may start only by taking the lease in
 * one transaction with the state check, so two nodes (or the schedule and "run now") never run the
 * same sync at once, and a node that died mid-run loses the lease when it expires.
 */
public final class SyncStates {

    /**
     * A sync's row: the admin-set state, the direction in force (an active sync keeps its own until paused), the
     * state's reason (null when none), the run holding the sync's lease and until when (nulls when none runs), and
     * when the row last changed ({@code since}: for ACTIVE, its activation).
     */
    public record Row(
            String syncId,
            SyncState state,
            Direction direction,
            String reason,
            Long runningRunId,
            Instant leaseUntil,
            Instant since) {

        /** A run holds the lease and still renews it: it is making progress (a stuck one stops renewing). */
        public boolean running(Instant now) {
            return runningRunId != null && leaseUntil != null && leaseUntil.isAfter(now);
        }
    }

    /** Why a run could not start; null fields when it did. */
    public record Claim(Long runId, String refusal) {
        public boolean started() {
            return runId != null;
        }
    }

    /** The key that makes a field-mapped sync preview its writes by a dry run before its first real run. */
    public static final String REQUIRE_DRY_RUN = "deskbridge.sync.require-dry-run";

    private final Jdbc jdbc;
    private final Runs runs;
    private final Clock clock;
    private final String node;
    private volatile java.util.Set<String> dryRunFirst = java.util.Set.of();

    /** @param node the name of this node ({@code deskbridge.node.name}); it owns the leases it takes */
    public SyncStates(Jdbc jdbc, Runs runs, Clock clock, String node) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
        this.node = node;
    }

    /**
     * Runs this node held when it stopped without finishing them (a crash, a kill): they are marked
     * failed and their leases released, so the node can run again at once. Their staged records and
     * watermarks are as the last commit left them. Returns how many.
     */
    public int recoverAbandoned() {
        return jdbc.inTransaction(() -> {
            int n = 0;
            for (Row row : jdbc.query(
                    "SELECT * FROM sync_state WHERE lease_owner = ? AND running_run_id IS NOT NULL FOR UPDATE",
                    SyncStates::row,
                    node)) {
                runs.abandon(
                        row.runningRunId(), clock.instant(), "the node " + node + " stopped before the run finished");
                jdbc.update(
                        "UPDATE sync_state SET running_run_id = NULL, lease_until = NULL, lease_owner = NULL WHERE sync_id = ?",
                        row.syncId());
                n++;
            }
            return n;
        });
    }

    /** The result of a lifecycle call: the state before and after, or why it was refused. */
    public record Transition(SyncState from, SyncState to, String refusal) {
        public boolean done() {
            return refusal == null;
        }
    }

    /**
     * With {@link #REQUIRE_DRY_RUN}: these syncs (the field-mapped ones) make no real run, and are created PAUSED,
     * until a dry run did not fail. Set before {@link #ensure}.
     */
    public void requireDryRunFirst(java.util.Set<String> syncIds) {
        this.dryRunFirst = java.util.Set.copyOf(syncIds);
    }

    /**
     * Why the sync may make no real run yet: it must have a dry run first ({@link #requireDryRunFirst}), never ran for
     * real against this Desk org and has no dry run there that did not fail. Null when it may.
     */
    public String dryRunMissing(String syncId, String deskOrg) {
        if (!dryRunFirst.contains(syncId) || runs.ranForReal(syncId, deskOrg) || runs.dryRunDone(syncId, deskOrg)) {
            return null;
        }
        return dryRunFirstReason(syncId, "then activate");
    }

    private static String dryRunFirstReason(String syncId, String then) {
        return REQUIRE_DRY_RUN + ": make a dry run (POST /admin/syncs/" + syncId + "/dry-run), " + then;
    }

    /**
     * Creates the row of a configured sync on its first start; an existing row keeps what the admin set. A sync that
     * must have a dry run first is created PAUSED, saying so: activating it asks for that dry run.
     * A changed direction is taken at once unless the sync is ACTIVE: an active sync keeps its direction
     * until it is paused (and is told why in its state reason).
     */
    public void ensure(String syncId, Direction configured) {
        jdbc.inTransaction(() -> {
            Optional<Row> row = find(syncId);
            if (row.isEmpty()) {
                boolean waits = dryRunFirst.contains(syncId);
                jdbc.update(
                        "INSERT INTO sync_state (sync_id, state, state_reason, direction, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        syncId,
                        (waits ? SyncState.PAUSED : SyncState.ACTIVE).name(),
                        waits ? dryRunFirstReason(syncId, "then activate") : null,
                        configured.name(),
                        clock.instant());
            } else if (row.get().direction() != configured) {
                if (row.get().state() == SyncState.ACTIVE) {
                    jdbc.update(
                            "UPDATE sync_state SET state_reason = ? WHERE sync_id = ?",
                            "direction stays "
                                    + row.get().direction().key() + ": the configured " + configured.key()
                                    + " applies once the sync is paused",
                            syncId);
                } else {
                    jdbc.update("UPDATE sync_state SET direction = ? WHERE sync_id = ?", configured.name(), syncId);
                    queueAgainAfterNone(syncId, row.get().direction(), configured);
                }
            }
        });
    }

    /**
     * Moves a sync to {@code to} if the lifecycle allows it: DISABLED -> ACTIVE, ACTIVE <-> PAUSED, ACTIVE or
     * PAUSED -> DISABLED. Activating takes the configured direction: it can only change while the sync is not active.
     */
    public Transition transition(String syncId, SyncState to, Direction configured, String reason) {
        return jdbc.inTransaction(() -> {
            Row row = jdbc.queryOne("SELECT * FROM sync_state WHERE sync_id = ? FOR UPDATE", SyncStates::row, syncId)
                    .orElseThrow(() -> new IllegalStateException("unknown sync " + syncId));
            SyncState from = row.state();
            if (!allowed(from, to)) {
                return new Transition(
                        from,
                        from,
                        "sync '" + syncId + "' is " + from
                                + (from == to
                                        ? " already"
                                        : "; " + from + " -> " + to
                                                + " is not allowed (allowed: DISABLED -> ACTIVE, ACTIVE <-> PAUSED,"
                                                + " ACTIVE or PAUSED -> DISABLED)"));
            }
            Direction direction = to == SyncState.ACTIVE ? configured : row.direction();
            queueAgainAfterNone(syncId, row.direction(), direction);
            jdbc.update(
                    "UPDATE sync_state SET state = ?, state_reason = ?, direction = ?, updated_at = ? WHERE sync_id = ?",
                    to.name(),
                    reason,
                    direction.name(),
                    clock.instant(),
                    syncId);
            return new Transition(from, to, null);
        });
    }

    /**
     * Runs with direction none read records and write nothing, so what they read is not staged any more. When the sync
     * is given a direction that writes, every record it holds is queued again (in this commit): its first run takes
     * them all, as a first run would, bringing the linked pairs together and creating the rest.
     */
    private void queueAgainAfterNone(String syncId, Direction from, Direction to) {
        if (from == Direction.NONE && to.flows()) {
            jdbc.update("UPDATE record_mirror SET pending = TRUE, attempts = 0 WHERE sync_id = ?", syncId);
        }
    }

    static boolean allowed(SyncState from, SyncState to) {
        return switch (from) {
            case DISABLED -> to == SyncState.ACTIVE;
            case ACTIVE -> to == SyncState.PAUSED || to == SyncState.DISABLED;
            case PAUSED -> to == SyncState.ACTIVE || to == SyncState.DISABLED;
        };
    }

    /**
     * Notes the Desk org a sync runs against and returns the one it ran against before (null the first
     * time), so a change of org can be acted on once.
     */
    public String switchDeskOrg(String syncId, String deskOrg) {
        return jdbc.inTransaction(() -> {
            String before = jdbc.queryOne(
                            "SELECT desk_org FROM sync_state WHERE sync_id = ?", rs -> rs.getString(1), syncId)
                    .orElse(null);
            jdbc.update("UPDATE sync_state SET desk_org = ? WHERE sync_id = ?", deskOrg, syncId);
            return before;
        });
    }

    public Optional<Row> find(String syncId) {
        return jdbc.queryOne("SELECT * FROM sync_state WHERE sync_id = ?", SyncStates::row, syncId);
    }

    public List<Row> all() {
        return jdbc.query("SELECT * FROM sync_state ORDER BY sync_id", SyncStates::row);
    }

    public Claim claimRun(String syncId, String deskOrg, String trigger, Duration lease) {
        return jdbc.inTransaction(() -> {
            Row row = jdbc.queryOne("SELECT * FROM sync_state WHERE sync_id = ? FOR UPDATE", SyncStates::row, syncId)
                    .orElseThrow(() -> new IllegalStateException("unknown sync " + syncId));
            Instant now = clock.instant();
            // Also for a sync that was active before the key was set. A ticket action's write (API) is no run of the
            // sync: it writes the one record asked for.
            if (!Runs.DRY_RUN.equals(trigger) && !Runs.API.equals(trigger)) {
                String missing = dryRunMissing(syncId, deskOrg);
                if (missing != null) {
                    return new Claim(
                            null,
                            "sync '" + syncId + "' makes no run yet: "
                                    + (row.state() == SyncState.ACTIVE
                                            ? dryRunFirstReason(syncId, "then run it")
                                            : missing));
                }
            }
            // A dry run writes nothing, so it may preview a sync that is not active (before its first activation).
            if (row.state() != SyncState.ACTIVE && !Runs.DRY_RUN.equals(trigger)) {
                return new Claim(null, "sync '" + syncId + "' is " + row.state());
            }
            if (row.runningRunId() != null) {
                if (row.leaseUntil() != null && row.leaseUntil().isAfter(now)) {
                    return new Claim(null, "sync '" + syncId + "' is already running (run " + row.runningRunId() + ")");
                }
                runs.abandon(row.runningRunId(), now, "the node running it stopped before it finished");
            }
            long runId = runs.start(syncId, deskOrg, trigger, node, now);
            jdbc.update(
                    "UPDATE sync_state SET running_run_id = ?, lease_until = ?, lease_owner = ? WHERE sync_id = ?",
                    runId,
                    now.plus(lease),
                    node,
                    syncId);
            return new Claim(runId, null);
        });
    }

    /** Extends the lease of a run that is still making progress; false if the lease was lost. */
    public boolean renewLease(String syncId, long runId, Duration lease) {
        return jdbc.update(
                        "UPDATE sync_state SET lease_until = ? WHERE sync_id = ? AND running_run_id = ?",
                        clock.instant().plus(lease),
                        syncId,
                        runId)
                == 1;
    }

    /**
     * Ends a run that held the lease only for one write made outside a run of the sync (the ticket API making a Desk
     * contact), with what it did, and releases the lease.
     */
    public void endApiRun(String syncId, long runId, RunStatus status, RunCounters.Snapshot counters, String message) {
        try {
            runs.finish(
                    runId,
                    status,
                    counters,
                    clock.instant(),
                    message,
                    0,
                    0,
                    Runs.Throttling.NONE,
                    Runs.Throttling.NONE);
        } finally {
            releaseRun(syncId, runId);
        }
    }

    /**
     * Writes the end of a run ({@code writeEnd}, e.g. {@link Runs#finish}) and releases its lease in one commit, so
     * whoever sees the run ended may start the next one at once (two commits let a "run now" that followed the end
     * find the lease still held). An end that cannot be written for another reason than an unreachable store still
     * releases the lease: it must not outlive the run. An unreachable store is thrown as it is, for the caller to retry
     * the whole.
     */
    public void endRun(String syncId, long runId, Runnable writeEnd) {
        try {
            jdbc.inTransaction(() -> {
                writeEnd.run();
                releaseRun(syncId, runId);
            });
        } catch (RuntimeException e) {
            if (!(e instanceof StoreException store && store.unreachable())) {
                releaseRun(syncId, runId);
            }
            throw e;
        }
    }

    public void releaseRun(String syncId, long runId) {
        jdbc.update(
                "UPDATE sync_state SET running_run_id = NULL, lease_until = NULL, lease_owner = NULL WHERE sync_id = ?"
                        + " AND running_run_id = ?",
                syncId,
                runId);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("sync_id"),
                SyncState.valueOf(rs.getString("state")),
                Direction.valueOf(rs.getString("direction")),
                rs.getString("state_reason"),
                Jdbc.nullableLong(rs, "running_run_id"),
                Jdbc.instant(rs, "lease_until"),
                Jdbc.instant(rs, "updated_at"));
    }
}
