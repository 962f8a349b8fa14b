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

    public boolean pending(String syncId, String deskOrg, String system, String sourceId) {
        return jdbc.queryOne("SELECT 1 FROM write_intent WHERE sync_id = ? AND desk_org = ? AND system = ? AND source_id = ?",
                rs -> true, syncId, deskOrg, system, sourceId).isPresent();
    }

    public void record(String syncId, String deskOrg, String system, String sourceId) {
        if (!pending(syncId, deskOrg, system, sourceId)) {
            jdbc.update("INSERT INTO write_intent (sync_id, desk_org, system, source_id, created_at) VALUES (?, ?, ?, ?, ?)",
                    syncId, deskOrg, system, sourceId, clock.instant());
        }
    }

    public void done(String syncId, String deskOrg, String system, String sourceId) {
        jdbc.update("DELETE FROM write_intent WHERE sync_id = ? AND desk_org = ? AND system = ? AND source_id = ?",
                syncId, deskOrg, system, sourceId);
    }
}
