package io.deskbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each side holds, as last pulled. It is the match index (matching needs no per-record search
 * call) and the durable queue of pulled records still to be pushed: a record is staged as pending
 * in the same commit that moves the watermark past it, so a crash between pull and push loses nothing.
 */
public final class Mirror {

    /** One pulled record; emails are normalised, or null when missing or invalid. */
    public record Row(String recordId, String email, String email2, String modifiedAt, String payload, int attempts) {}

    /**
     * Ordered by every column of the pending index, so the store reads the index in order and stops at
     * the limit; ordered by record_id alone, H2 reads and sorts every pending row on each call.
     */
    static final String PENDING_AFTER = "SELECT * FROM record_mirror WHERE sync_id = ? AND system = ? AND scope = ?"
            + " AND pending = TRUE AND record_id > ? ORDER BY sync_id, system, scope, pending, record_id FETCH FIRST ";

    /**
     * Sets pending_since from two parameters, whether the row is pending now and the time: kept while the row stays
     * pending (a change pulled again is not a fresh wait), set when it becomes pending, cleared when it is not. A row
     * that is not pending has none, so the first pending keeps it.
     */
    private static final String PENDING_SINCE_KEPT = "pending_since = CASE WHEN ? THEN COALESCE(pending_since, ?) END";

    /** pending_since of a row queued (again), from the time: kept if it was pending already. */
    private static final String QUEUED_SINCE = "pending_since = COALESCE(pending_since, ?)";

    private final Jdbc jdbc;
    private final Clock clock;

    public Mirror(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Inserts or replaces rows. A row whose content changed is (re)queued when {@code pending}, with its
     * retry count started again; a row read again unchanged is not written at all and keeps its state,
     * so re-reading the boundary of an incremental read neither re-processes records nor revives parked ones.
     *
     * @return the ids of the rows that were already held at the same modification time (seen before)
     */
    public Set<String> put(String syncId, String system, String scope, List<Row> rows, boolean pending) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        Map<String, Row> held = held(syncId, system, scope, rows);
        Instant now = clock.instant();
        Set<String> seen = new HashSet<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (Row r : rows) {
            Row old = held.get(r.recordId());
            if (old == null) {
                inserts.add(new Object[] {
                    syncId,
                    system,
                    scope,
                    r.recordId(),
                    r.email(),
                    r.email2(),
                    r.modifiedAt(),
                    r.payload(),
                    pending,
                    now,
                    pending ? now : null
                });
                continue;
            }
            if (r.modifiedAt() != null && r.modifiedAt().equals(old.modifiedAt())) {
                seen.add(r.recordId());
            }
            if (!old.payload().equals(r.payload())) {
                updates.add(new Object[] {
                    pending,
                    pending,
                    now,
                    r.email(),
                    r.email2(),
                    r.modifiedAt(),
                    r.payload(),
                    now,
                    syncId,
                    system,
                    scope,
                    r.recordId()
                });
            }
        }
        jdbc.batch(
                "UPDATE record_mirror SET pending = ?, " + PENDING_SINCE_KEPT + ", attempts = 0, email = ?, email2 = ?,"
                        + " modified_at = ?, payload = ?, pulled_at = ? WHERE sync_id = ? AND system = ? AND scope = ?"
                        + " AND record_id = ?",
                updates);
        jdbc.batch(
                "INSERT INTO record_mirror (sync_id, system, scope, record_id, email, email2, modified_at, payload,"
                        + " pending, attempts, pulled_at, pending_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                inserts);
        return seen;
    }

    /** Rows of records just created on their side, which cannot be held yet: no lookup needed. */
    public void putNew(String syncId, String system, String scope, List<Row> rows) {
        Instant now = clock.instant();
        jdbc.batch(
                "INSERT INTO record_mirror (sync_id, system, scope, record_id, email, email2, modified_at, payload,"
                        + " pending, attempts, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, 0, ?)",
                rows.stream()
                        .map(r -> new Object[] {
                            syncId, system, scope, r.recordId(), r.email(), r.email2(), r.modifiedAt(), r.payload(), now
                        })
                        .toList());
    }

    /** What is held now for these rows' ids. */
    private Map<String, Row> held(String syncId, String system, String scope, List<Row> rows) {
        Map<String, Row> held = new HashMap<>();
        jdbc.queryEach(
                        "SELECT * FROM record_mirror WHERE sync_id = ? AND system = ? AND scope = ? AND record_id = ?",
                        Mirror::row,
                        rows.stream()
                                .map(r -> new Object[] {syncId, system, scope, r.recordId()})
                                .toList())
                .forEach(r -> held.put(r.recordId(), r));
        return held;
    }

    /** The next pending rows after {@code afterId}, in id order: a cursor that never revisits a row in one pass. */
    public List<Row> pendingAfter(String syncId, String system, String scope, String afterId, int limit) {
        return jdbc.query(
                PENDING_AFTER + limit + " ROWS ONLY",
                Mirror::row,
                syncId,
                system,
                scope,
                afterId == null ? "" : afterId);
    }

    /** How many pending rows come after {@code afterId}: what a run's pass has still to read. */
    public int pendingCountAfter(String syncId, String system, String scope, String afterId) {
        return jdbc.queryOne(
                        "SELECT COUNT(*) FROM record_mirror WHERE sync_id = ? AND system = ? AND scope = ?"
                                + " AND pending = TRUE AND record_id > ?",
                        rs -> rs.getInt(1),
                        syncId,
                        system,
                        scope,
                        afterId == null ? "" : afterId)
                .orElse(0);
    }

    public void done(String syncId, String system, String scope, String recordId) {
        doneAll(syncId, system, scope, List.of(recordId));
    }

    public void doneAll(String syncId, String system, String scope, List<String> recordIds) {
        jdbc.batch(
                "UPDATE record_mirror SET pending = FALSE, pending_since = NULL WHERE sync_id = ? AND system = ?"
                        + " AND scope = ? AND record_id = ?",
                recordIds.stream()
                        .map(id -> new Object[] {syncId, system, scope, id})
                        .toList());
    }

    /**
     * Counts a failed attempt. The row stays pending, so the next run retries it, until it has failed
     * {@code maxAttempts} times; then it is parked and waits for a replay or a new change.
     */
    public void failedAttempt(String syncId, String system, String scope, String recordId, int maxAttempts) {
        jdbc.update(
                "UPDATE record_mirror SET attempts = attempts + 1, pending = (attempts + 1 < ?),"
                        + " pending_since = CASE WHEN attempts + 1 < ? THEN pending_since END"
                        + " WHERE sync_id = ? AND system = ? AND scope = ? AND record_id = ?",
                maxAttempts,
                maxAttempts,
                syncId,
                system,
                scope,
                recordId);
    }

    /** Queues a record again, with a fresh retry count: a replay. False if it is not in the mirror. */
    public boolean requeue(String syncId, String system, String scope, String recordId) {
        return jdbc.update(
                        "UPDATE record_mirror SET pending = TRUE, " + QUEUED_SINCE + ", attempts = 0 WHERE sync_id = ?"
                                + " AND system = ? AND scope = ? AND record_id = ?",
                        clock.instant(),
                        syncId,
                        system,
                        scope,
                        recordId)
                == 1;
    }

    /**
     * Queues again the records whose held-back reference (a contact's account) now has its link, whichever
     * sync made it and whenever: the run that takes them completes the reference. Returns how many.
     * Called at the start of a run, before its records are read, so a link made during a run is seen by the next.
     */
    public int requeueWhoseLookupsAreLinked(String syncId, String deskOrg) {
        // Driven by the few waiting records, not by the mirror, which may hold every record of the module.
        List<Object[]> linked = jdbc.query(
                "SELECT DISTINCT p.system, p.scope, p.record_id FROM pending_lookup p"
                        + " JOIN record_link l ON l.sync_id = p.via_sync AND l.desk_org = p.desk_org AND l.link_state = 'ACTIVE'"
                        + " AND ((p.system = 'crm' AND l.crm_id = p.ref_id) OR (p.system = 'desk' AND l.desk_id = p.ref_id))"
                        + " WHERE p.sync_id = ? AND p.desk_org = ?",
                rs -> new Object[] {syncId, rs.getString(1), rs.getString(2), rs.getString(3)},
                syncId,
                deskOrg);
        // The wait is over once queued: the run that takes the record maps it again (and records it again if it
        // still waits for something). Kept, it would queue the record on every run, and never let it be parked.
        Instant now = clock.instant();
        jdbc.inTransaction(() -> {
            jdbc.batch(
                    "UPDATE record_mirror SET pending = TRUE, " + QUEUED_SINCE + ", attempts = 0 WHERE sync_id = ?"
                            + " AND system = ? AND scope = ? AND record_id = ?",
                    linked.stream()
                            .map(key -> new Object[] {now, key[0], key[1], key[2], key[3]})
                            .toList());
            jdbc.batch(
                    "DELETE FROM pending_lookup WHERE sync_id = ? AND system = ? AND scope = ? AND record_id = ?",
                    linked);
        });
        return linked.size();
    }

    /** How many records of the sync wait for the link of a record they refer to. */
    public int waitingForLinks(String syncId, String deskOrg) {
        return jdbc.queryOne(
                        "SELECT COUNT(DISTINCT system || ':' || record_id) FROM pending_lookup WHERE sync_id = ? AND desk_org = ?",
                        rs -> rs.getInt(1),
                        syncId,
                        deskOrg)
                .orElse(0);
    }

    /** A record deleted on its side: no longer a match candidate. */
    public void remove(String syncId, String system, String scope, String recordId) {
        jdbc.update(
                "DELETE FROM record_mirror WHERE sync_id = ? AND system = ? AND scope = ? AND record_id = ?",
                syncId,
                system,
                scope,
                recordId);
    }

    public Optional<Row> get(String syncId, String system, String scope, String recordId) {
        return jdbc.queryOne(
                "SELECT * FROM record_mirror WHERE sync_id = ? AND system = ? AND scope = ? AND record_id = ?",
                Mirror::row,
                syncId,
                system,
                scope,
                recordId);
    }

    /** A record matching a key, and whether it matched on its primary key. */
    public record Match(String recordId, boolean primary) {}

    /** Records whose primary or secondary key is this one, in one query. */
    public List<Match> matches(String syncId, String system, String scope, String key) {
        // Two indexed lookups rather than one OR, which would scan; UNION ALL, as a record whose two keys are
        // the same is rare and cheaper to drop here than to have the store sort every answer for it.
        List<Match> all = jdbc.query(
                "SELECT record_id, email FROM record_mirror WHERE sync_id = ? AND system = ? AND scope = ?"
                        + " AND email = ? UNION ALL SELECT record_id, email FROM record_mirror WHERE sync_id = ? AND system = ?"
                        + " AND scope = ? AND email2 = ?",
                rs -> new Match(rs.getString(1), key.equals(rs.getString(2))),
                syncId,
                system,
                scope,
                key,
                syncId,
                system,
                scope,
                key);
        return all.size() < 2 ? all : List.copyOf(new java.util.LinkedHashSet<>(all));
    }

    /** Records whose primary email is this one. */
    public List<String> idsWithPrimaryEmail(String syncId, String system, String scope, String email) {
        return jdbc.query(
                "SELECT record_id FROM record_mirror WHERE sync_id = ? AND system = ? AND scope = ? AND email = ?",
                rs -> rs.getString(1),
                syncId,
                system,
                scope,
                email);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("record_id"),
                rs.getString("email"),
                rs.getString("email2"),
                rs.getString("modified_at"),
                rs.getString("payload"),
                rs.getInt("attempts"));
    }
}
