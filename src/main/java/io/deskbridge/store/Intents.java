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
        return new java.util.HashSet<>(jdbc.query("SELECT source_id FROM write_intent WHERE sync_id = ? AND desk_org = ? AND system = ?",
                rs -> rs.getString(1), syncId, deskOrg, system));
    }

    /** Notes the intent; the caller knows none is open for this record. */
    public void record(String syncId, String deskOrg, String system, String sourceId) {
        jdbc.update("INSERT INTO write_intent (sync_id, desk_org, system, source_id, created_at) VALUES (?, ?, ?, ?, ?)",
                syncId, deskOrg, system, sourceId, clock.instant());
    }

    public void done(String syncId, String deskOrg, String system, String sourceId) {
        jdbc.update("DELETE FROM write_intent WHERE sync_id = ? AND desk_org = ? AND system = ? AND source_id = ?",
                syncId, deskOrg, system, sourceId);
    }
}
