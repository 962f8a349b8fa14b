package io.deskbridge.store;

import java.time.Clock;

/**
 * The intent to create a record, written and committed before the create is sent and removed in the
 * commit that stores its link. An intent still there means a create may have happened without its
 * link being stored (a crash, a lost answer): the record is looked up before it is created again.
 */
public final class Intents {

    private final Jdbc jdbc;
    private final Clock clock;

    public Intents(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The records of a sync with an intent still open. */
    public java.util.Set<String> pending(String syncId, String deskOrg, String system) {
        return new java.util.HashSet<>(jdbc.query(
                "SELECT source_id FROM write_intent WHERE sync_id = ? AND desk_org = ? AND system = ?",
                rs -> rs.getString(1),
                syncId,
                deskOrg,
                system));
    }

    /** Notes the intents of a batch, in one commit, before any of its creates is sent. */
    public void recordAll(String syncId, String deskOrg, String system, java.util.List<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return;
        }
        java.time.Instant now = clock.instant();
        jdbc.inTransaction(() -> jdbc.batch(
                "INSERT INTO write_intent (sync_id, desk_org, system, source_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                sourceIds.stream()
                        .map(id -> new Object[] {syncId, deskOrg, system, id, now})
                        .toList()));
    }

    public void doneAll(String syncId, String deskOrg, String system, java.util.List<String> sourceIds) {
        jdbc.batch(
                "DELETE FROM write_intent WHERE sync_id = ? AND desk_org = ? AND system = ? AND source_id = ?",
                sourceIds.stream()
                        .map(id -> new Object[] {syncId, deskOrg, system, id})
                        .toList());
    }

    public void done(String syncId, String deskOrg, String system, String sourceId) {
        doneAll(syncId, deskOrg, system, java.util.List.of(sourceId));
    }
}
