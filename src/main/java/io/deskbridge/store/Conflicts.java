package io.deskbridge.store;

import java.time.Clock;
import java.util.List;

/** Every field both sides changed since the last sync, with both values and the one that was kept. */
public final class Conflicts {

    public record Resolution(
            long runId,
            String syncId,
            String crmId,
            String deskId,
            String field,
            String crmValue,
            String deskValue,
            String kept,
            String policy) {}

    private final Jdbc jdbc;
    private final Clock clock;

    public Conflicts(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(Resolution r) {
        jdbc.update(
                "INSERT INTO run_conflict (run_id, sync_id, crm_id, desk_id, field, crm_value, desk_value, kept, policy,"
                        + " resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.runId(),
                r.syncId(),
                r.crmId(),
                r.deskId(),
                r.field(),
                cut(r.crmValue()),
                cut(r.deskValue()),
                r.kept(),
                r.policy(),
                clock.instant());
    }

    public List<Resolution> ofRun(long runId) {
        return jdbc.query(
                "SELECT * FROM run_conflict WHERE run_id = ? ORDER BY conflict_id",
                rs -> new Resolution(
                        rs.getLong("run_id"),
                        rs.getString("sync_id"),
                        rs.getString("crm_id"),
                        rs.getString("desk_id"),
                        rs.getString("field"),
                        rs.getString("crm_value"),
                        rs.getString("desk_value"),
                        rs.getString("kept"),
                        rs.getString("policy")),
                runId);
    }

    private static String cut(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
