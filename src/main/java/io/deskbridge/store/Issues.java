package io.deskbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records that did not sync, with the reason: excluded (no or invalid email), conflicts (ambiguous
 * matches, nothing written), failures (the other side refused the write) and deletions. One row per
 * record and Desk org; it goes away when the record syncs.
 */
public final class Issues {

    /** DELETED: the record was deleted on one side; what the other side did about it is in the reason. */
    public enum Kind {
        EXCLUDED,
        CONFLICT,
        FAILED,
        DELETED
    }

    public record Issue(
            long id,
            String syncId,
            String system,
            String recordId,
            String email,
            Kind kind,
            String reasonCode,
            String reason,
            Long runId,
            int attempts,
            Instant firstSeen,
            Instant lastSeen) {}

    private final Jdbc jdbc;
    private final Clock clock;

    public Issues(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(
            String syncId,
            String deskOrg,
            String system,
            String recordId,
            String email,
            Kind kind,
            String reasonCode,
            String reason,
            long runId) {
        Instant now = clock.instant();
        String why = reason.length() > 2000 ? reason.substring(0, 1997) + "..." : reason;
        String mail = email != null && email.length() > 1000 ? email.substring(0, 1000) : email;
        jdbc.inTransaction(() -> {
            int n = jdbc.update(
                    "UPDATE record_issue SET email = ?, kind = ?, reason_code = ?, reason = ?, run_id = ?,"
                            + " attempts = attempts + 1, last_seen = ? WHERE sync_id = ? AND desk_org = ? AND system = ?"
                            + " AND record_id = ?",
                    mail,
                    kind.name(),
                    reasonCode,
                    why,
                    runId,
                    now,
                    syncId,
                    deskOrg,
                    system,
                    recordId);
            if (n == 0) {
                jdbc.update(
                        "INSERT INTO record_issue (sync_id, desk_org, system, record_id, email, kind, reason_code, reason,"
                                + " run_id, attempts, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                        syncId,
                        deskOrg,
                        system,
                        recordId,
                        mail,
                        kind.name(),
                        reasonCode,
                        why,
                        runId,
                        now,
                        now);
            }
        });
    }

    /** The record synced: its issue, if any, is over. A DELETED issue stays, it is history. */
    public void resolve(String syncId, String deskOrg, String system, String recordId) {
        jdbc.update(
                "DELETE FROM record_issue WHERE sync_id = ? AND desk_org = ? AND system = ? AND record_id = ? AND kind <> ?",
                syncId,
                deskOrg,
                system,
                recordId,
                Kind.DELETED.name());
    }

    /** Issues of a sync, optionally of one kind and one reason code, oldest first. */
    public List<Issue> list(String syncId, String deskOrg, Kind kind, String reasonCode, int limit, int offset) {
        String where = (kind == null ? "" : " AND kind = ?") + (reasonCode == null ? "" : " AND reason_code = ?");
        List<Object> params = new java.util.ArrayList<>(List.of(syncId, deskOrg));
        if (kind != null) {
            params.add(kind.name());
        }
        if (reasonCode != null) {
            params.add(reasonCode);
        }
        return jdbc.query(
                "SELECT * FROM record_issue WHERE sync_id = ? AND desk_org = ?" + where + " ORDER BY issue_id OFFSET "
                        + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY",
                Issues::row,
                params.toArray());
    }

    /** "system:recordId" of every open issue that a sync could resolve (deletions stay). */
    public java.util.Set<String> open(String syncId, String deskOrg) {
        return new java.util.HashSet<>(jdbc.query(
                "SELECT system, record_id FROM record_issue WHERE sync_id = ? AND desk_org = ?" + " AND kind <> ?",
                rs -> rs.getString(1) + ":" + rs.getString(2),
                syncId,
                deskOrg,
                Kind.DELETED.name()));
    }

    public java.util.Optional<Issue> find(String syncId, String deskOrg, long issueId) {
        return jdbc.queryOne(
                "SELECT * FROM record_issue WHERE sync_id = ? AND desk_org = ? AND issue_id = ?",
                Issues::row,
                syncId,
                deskOrg,
                issueId);
    }

    public Map<Kind, Integer> countByKind(String syncId, String deskOrg) {
        Map<Kind, Integer> out = new TreeMap<>();
        for (Kind k : Kind.values()) {
            out.put(k, 0);
        }
        jdbc.query(
                "SELECT kind, COUNT(*) FROM record_issue WHERE sync_id = ? AND desk_org = ? GROUP BY kind",
                rs -> out.put(Kind.valueOf(rs.getString(1)), rs.getInt(2)),
                syncId,
                deskOrg);
        return out;
    }

    private static Issue row(ResultSet rs) throws SQLException {
        return new Issue(
                rs.getLong("issue_id"),
                rs.getString("sync_id"),
                rs.getString("system"),
                rs.getString("record_id"),
                rs.getString("email"),
                Kind.valueOf(rs.getString("kind")),
                rs.getString("reason_code"),
                rs.getString("reason"),
                Jdbc.nullableLong(rs, "run_id"),
                rs.getInt("attempts"),
                Jdbc.instant(rs, "first_seen"),
                Jdbc.instant(rs, "last_seen"));
    }
}
