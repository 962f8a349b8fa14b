package io.deskbridge.sync.handover;

import io.deskbridge.store.Jdbc;
import io.deskbridge.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Hand-over jobs and their planned items (V19). A job is claimed under a lease, so one node runs it; a node that
 * stopped mid-way takes its own job back at once, another node when the lease has run out.
 */
public final class HandOverJobs {

    public enum State {
        PLANNED,
        RUNNING,
        DEACTIVATING,
        DONE,
        BLOCKED,
        FAILED;

        public boolean finished() {
            return this == DONE || this == BLOCKED || this == FAILED;
        }
    }

    public enum ItemState {
        PLANNED,
        SENDING,
        MOVED,
        LEFT,
        FAILED
    }

    public record Job(
            long id,
            String agentId,
            String action,
            State state,
            boolean anonymise,
            boolean force,
            String requestedBy,
            Instant createdAt,
            Instant updatedAt,
            String message,
            String ticketTargets,
            String activitiesTarget) {}

    public record Item(PlannedItem planned, ItemState state) {}

    /** Another node holds the job now: what this node was about to write is not written. */
    public static final class LeaseLost extends RuntimeException {
        LeaseLost(long jobId, String node) {
            super("hand-over job " + jobId + " is no longer held by node " + node, null, false, false);
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public HandOverJobs(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The job and every item of its plan, in one commit, on disk when it returns; a {@link StoreException} when the
     * agent has an unfinished job (which {@link #unfinished} then names).
     */
    public long create(String agentId, String action, boolean anonymise, String requestedBy, HandOverPlan plan) {
        long jobId = jdbc.inTransaction(() -> {
            Instant now = clock.instant();
            long id = jdbc.insertReturningKey(
                    "INSERT INTO handover_job (agent_id, action, state, anonymise, force_left, requested_by,"
                            + " created_at, updated_at, open_agent_id, ticket_targets, activities_target)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "job_id",
                    agentId,
                    action,
                    State.PLANNED.name(),
                    anonymise,
                    plan.force(),
                    requestedBy,
                    now,
                    now,
                    agentId,
                    plan.tickets().text(),
                    plan.activitiesTarget());
            insertItems(id, plan);
            return id;
        });
        // on disk before the answer names the job: an admin told of a job that a kill then loses would wait for it
        jdbc.flushIfEmbeddedH2();
        return jobId;
    }

    /** Adds the items of a later plan (the final sweep's) to the job, on disk when it returns. */
    public void add(long jobId, HandOverPlan plan) {
        jdbc.inTransaction(() -> insertItems(jobId, plan));
        jdbc.flushIfEmbeddedH2();
    }

    private void insertItems(long jobId, HandOverPlan plan) {
        jdbc.batch(
                "INSERT INTO handover_item (job_id, kind, record_id, department_id, target, state, reason)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                plan.items().stream()
                        .map(i -> new Object[] {
                            jobId,
                            i.kind().name(),
                            i.recordId(),
                            i.departmentId(),
                            i.target(),
                            (i.moves(plan.force()) ? ItemState.PLANNED : ItemState.LEFT).name(),
                            i.reason()
                        })
                        .toList());
    }

    /**
     * Marks a batch as being sent, on disk before its call (one flush per batch, the only one the run needs): a
     * SENDING mark lost to a kill -9 would leave the batch PLANNED, so it would be sent again unchecked, a ticket moved
     * twice (what HandOverCrashIT catches). Every other mark may be lost safely: a lost MOVED leaves the batch SENDING,
     * re-read against the desk when the job is taken up again; a lost LEFT or FAILED is found again by the next run.
     * Fewer flushes (one per group) would leave batches sent unmarked; the CHECKPOINT's stall of the syncs sharing the
     * database is the price of not moving a ticket twice, paid once per 50 tickets.
     */
    public void sending(long jobId, String node, List<PlannedItem> batch) {
        mark(jobId, node, batch, ItemState.SENDING, null);
        jdbc.flushIfEmbeddedH2();
    }

    public Optional<Job> job(long id) {
        return jdbc.queryOne("SELECT * FROM handover_job WHERE job_id = ?", HandOverJobs::job, id);
    }

    /** A job of the agent that has not finished, if any. */
    public Optional<Job> unfinished(String agentId) {
        return jdbc.queryOne(
                "SELECT * FROM handover_job WHERE agent_id = ? AND state NOT IN ('DONE', 'BLOCKED', 'FAILED')"
                        + " ORDER BY job_id FETCH FIRST 1 ROWS ONLY",
                HandOverJobs::job,
                agentId);
    }

    /**
     * Claims the oldest unfinished job whose lease is free, run out, or this node's own (it stopped mid-way), for
     * {@code lease}; empty when there is none.
     */
    public Optional<Job> claim(String node, Duration lease) {
        Instant now = clock.instant();
        for (Job j : jdbc.query(
                "SELECT * FROM handover_job WHERE state NOT IN ('DONE', 'BLOCKED', 'FAILED') AND (lease_owner IS NULL"
                        + " OR lease_owner = ? OR lease_until < ?) AND (next_try_at IS NULL OR next_try_at <= ?)"
                        + " ORDER BY job_id",
                HandOverJobs::job,
                node,
                now,
                now)) {
            int taken = jdbc.update(
                    "UPDATE handover_job SET lease_owner = ?, lease_until = ? WHERE job_id = ? AND (lease_owner IS NULL"
                            + " OR lease_owner = ? OR lease_until < ?)",
                    node,
                    now.plus(lease),
                    j.id(),
                    node,
                    now);
            if (taken == 1) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    /** Keeps the lease while the job works; false when another node has taken it. */
    public boolean renew(long jobId, String node, Duration lease) {
        return jdbc.update(
                        "UPDATE handover_job SET lease_until = ? WHERE job_id = ? AND lease_owner = ?",
                        clock.instant().plus(lease),
                        jobId,
                        node)
                == 1;
    }

    /** Pauses since the job last moved something, and how many of them the desk's refusals. */
    public record Retries(int tries, int refusals) {}

    public Retries retries(long jobId) {
        return jdbc.queryOne(
                        "SELECT tries, refusals FROM handover_job WHERE job_id = ?",
                        rs -> new Retries(rs.getInt(1), rs.getInt(2)),
                        jobId)
                .orElseThrow();
    }

    /** Notes a pause (only while {@code node} holds the job): no node claims it before {@code wait} has passed. */
    public void pause(long jobId, String node, Retries retries, Duration wait, String message) {
        if (jdbc.update(
                        "UPDATE handover_job SET tries = ?, refusals = ?, next_try_at = ?, message = ?, updated_at = ?"
                                + " WHERE job_id = ? AND lease_owner = ?",
                        retries.tries(),
                        retries.refusals(),
                        clock.instant().plus(wait),
                        message,
                        clock.instant(),
                        jobId,
                        node)
                != 1) {
            throw new LeaseLost(jobId, node);
        }
    }

    public void release(long jobId, String node) {
        jdbc.update(
                "UPDATE handover_job SET lease_owner = NULL, lease_until = NULL WHERE job_id = ? AND lease_owner = ?",
                jobId,
                node);
    }

    /**
     * Sets the job's state, only while {@code node} holds it ({@link LeaseLost} otherwise): a node whose lease ran out
     * and was taken must not move the job on behind the new holder's back. A finished job lets the agent have another.
     */
    public void state(long jobId, String node, State state, String message) {
        int set = jdbc.update(
                "UPDATE handover_job SET state = ?, message = ?, updated_at = ?,"
                        + " open_agent_id = CASE WHEN ? THEN NULL ELSE open_agent_id END WHERE job_id = ?"
                        + " AND lease_owner = ?",
                state.name(),
                message,
                clock.instant(),
                state.finished(),
                jobId,
                node);
        if (set != 1) {
            throw new LeaseLost(jobId, node);
        }
    }

    /**
     * Within a transaction: locks the job's row while {@code node} holds it, so a claim by another node waits for the
     * commit or finds the lease taken; {@link LeaseLost} (and a rollback) when another node holds it.
     */
    private void fence(long jobId, String node) {
        if (jdbc.update(
                        "UPDATE handover_job SET updated_at = ? WHERE job_id = ? AND lease_owner = ?",
                        clock.instant(),
                        jobId,
                        node)
                != 1) {
            throw new LeaseLost(jobId, node);
        }
    }

    public List<Item> items(long jobId, ItemState state) {
        return jdbc.query(
                "SELECT * FROM handover_item WHERE job_id = ? AND state = ? ORDER BY kind, record_id",
                HandOverJobs::item,
                jobId,
                state.name());
    }

    /**
     * Sets the state (and reason, when not null) of the items, in one commit, only while {@code node} holds the job
     * ({@link LeaseLost} otherwise).
     */
    public void mark(long jobId, String node, List<PlannedItem> items, ItemState state, String reason) {
        jdbc.inTransaction(() -> {
            fence(jobId, node);
            jdbc.batch(
                    "UPDATE handover_item SET state = ?, reason = COALESCE(?, reason) WHERE job_id = ? AND kind = ?"
                            + " AND record_id = ?",
                    items.stream()
                            .map(i -> new Object[] {
                                state.name(), reason, jobId, i.kind().name(), i.recordId()
                            })
                            .toList());
        });
    }

    /** How many items are in each state. */
    public Map<ItemState, Integer> counts(long jobId) {
        Map<ItemState, Integer> out = new TreeMap<>();
        for (ItemState s : ItemState.values()) {
            out.put(s, 0);
        }
        jdbc.query(
                        "SELECT state, COUNT(*) FROM handover_item WHERE job_id = ? GROUP BY state",
                        rs -> Map.entry(ItemState.valueOf(rs.getString(1)), rs.getInt(2)),
                        jobId)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The items with a reason: left, left unassigned (force) or failed. */
    public List<Item> withReasons(long jobId) {
        return new ArrayList<>(jdbc.query(
                "SELECT * FROM handover_item WHERE job_id = ? AND reason IS NOT NULL ORDER BY kind, record_id",
                HandOverJobs::item,
                jobId));
    }

    /** Every item, in plan order. */
    public List<Item> all(long jobId) {
        return jdbc.query(
                "SELECT * FROM handover_item WHERE job_id = ? ORDER BY kind, record_id", HandOverJobs::item, jobId);
    }

    private static Job job(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Job(
                rs.getLong("job_id"),
                rs.getString("agent_id"),
                rs.getString("action"),
                State.valueOf(rs.getString("state")),
                rs.getBoolean("anonymise"),
                rs.getBoolean("force_left"),
                rs.getString("requested_by"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"),
                rs.getString("message"),
                rs.getString("ticket_targets"),
                rs.getString("activities_target"));
    }

    private static Item item(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Item(
                new PlannedItem(
                        PlannedItem.Kind.valueOf(rs.getString("kind")),
                        rs.getString("record_id"),
                        rs.getString("department_id"),
                        rs.getString("target"),
                        rs.getString("reason")),
                ItemState.valueOf(rs.getString("state")));
    }
}
