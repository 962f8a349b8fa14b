package io.deskbridge.store;

import io.deskbridge.model.Side;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The CRM record and the Desk record that are the same customer. Once linked, a pair is updated
 * through the link and never matched again. {@code base} is what both sides held after the last sync
 * (canonical JSON, {@code {"crm":{...},"desk":{...}}}); the hashes are of each half, so an unchanged
 * record is recognised without reading the base, and what Deskbridge wrote does not come back as a change.
 */
public final class Links {

    public enum State {
        ACTIVE,
        CRM_DELETED,
        DESK_DELETED,
        DISSOCIATED
    }

    public record Link(
            String syncId,
            String deskOrg,
            String crmId,
            String deskId,
            String key,
            String crmHash,
            String deskHash,
            String base,
            State state) {

        public String id(Side side) {
            return side == Side.CRM ? crmId : deskId;
        }

        public String hash(Side side) {
            return side == Side.CRM ? crmHash : deskHash;
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public Links(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Link> by(Side side, String syncId, String deskOrg, String id) {
        return side == Side.CRM ? byCrmId(syncId, deskOrg, id) : byDeskId(syncId, deskOrg, id);
    }

    public Optional<Link> byCrmId(String syncId, String deskOrg, String crmId) {
        return jdbc.queryOne(
                "SELECT * FROM record_link WHERE sync_id = ? AND desk_org = ? AND crm_id = ?",
                Links::row,
                syncId,
                deskOrg,
                crmId);
    }

    public Optional<Link> byDeskId(String syncId, String deskOrg, String deskId) {
        return jdbc.queryOne(
                "SELECT * FROM record_link WHERE sync_id = ? AND desk_org = ? AND desk_id = ?",
                Links::row,
                syncId,
                deskOrg,
                deskId);
    }

    public void link(Link l) {
        linkAll(List.of(l));
    }

    public void linkAll(List<Link> all) {
        Instant now = clock.instant();
        jdbc.batch(
                "INSERT INTO record_link (sync_id, desk_org, crm_id, desk_id, email, crm_hash, desk_hash, base,"
                        + " link_state, linked_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                all.stream()
                        .map(l -> new Object[] {
                            l.syncId(),
                            l.deskOrg(),
                            l.crmId(),
                            l.deskId(),
                            l.key(),
                            l.crmHash(),
                            l.deskHash(),
                            l.base(),
                            State.ACTIVE.name(),
                            now,
                            now
                        })
                        .toList());
    }

    /** Records what both sides hold after a sync of the pair. */
    public void synced(
            String syncId, String deskOrg, String crmId, String key, String crmHash, String deskHash, String base) {
        jdbc.update(
                "UPDATE record_link SET email = ?, crm_hash = ?, desk_hash = ?, base = ?, updated_at = ?"
                        + " WHERE sync_id = ? AND desk_org = ? AND crm_id = ?",
                key,
                crmHash,
                deskHash,
                base,
                clock.instant(),
                syncId,
                deskOrg,
                crmId);
    }

    public void mark(String syncId, String deskOrg, String crmId, State state) {
        jdbc.update(
                "UPDATE record_link SET link_state = ?, state_at = ? WHERE sync_id = ? AND desk_org = ? AND crm_id = ?",
                state.name(),
                clock.instant(),
                syncId,
                deskOrg,
                crmId);
    }

    /**
     * Links made against another Desk org stop being used (kept for audit): one Desk org per
     * integration, and nothing of two orgs is mixed. Returns how many were dissociated.
     */
    public int dissociateOtherOrgs(String syncId, String deskOrg) {
        return jdbc.update(
                "UPDATE record_link SET link_state = ?, state_at = ? WHERE sync_id = ? AND desk_org <> ?"
                        + " AND link_state <> ?",
                State.DISSOCIATED.name(),
                clock.instant(),
                syncId,
                deskOrg,
                State.DISSOCIATED.name());
    }

    /** Links made against this Desk org before are used again: re-activating the same org re-associates. */
    public int reassociate(String syncId, String deskOrg) {
        return jdbc.update(
                "UPDATE record_link SET link_state = ?, state_at = ? WHERE sync_id = ? AND desk_org = ? AND link_state = ?",
                State.ACTIVE.name(),
                clock.instant(),
                syncId,
                deskOrg,
                State.DISSOCIATED.name());
    }

    public int count(String syncId, String deskOrg) {
        return jdbc.queryOne(
                        "SELECT COUNT(*) FROM record_link WHERE sync_id = ? AND desk_org = ? AND link_state = 'ACTIVE'",
                        rs -> rs.getInt(1),
                        syncId,
                        deskOrg)
                .orElse(0);
    }

    /** Links by CRM id, Desk id or normalised match key (email, account name), any state. */
    public List<Link> find(String syncId, String deskOrg, String crmId, String deskId, String key) {
        return jdbc.query(
                "SELECT * FROM record_link WHERE sync_id = ? AND desk_org = ? AND (crm_id = ? OR desk_id = ? OR email = ?)",
                Links::row,
                syncId,
                deskOrg,
                crmId,
                deskId,
                key);
    }

    /**
     * A record of {@code syncId} refers, in {@code field}, to record {@code refId} of its own side in {@code viaSync},
     * which is not linked yet: the reference waits for that link (see {@code Mirror#requeueWhoseLookupsAreLinked}).
     */
    public record Waiting(
            String syncId,
            String system,
            String scope,
            String recordId,
            String field,
            String deskOrg,
            String viaSync,
            String refId) {}

    public void waitFor(Waiting w) {
        Instant now = clock.instant();
        jdbc.inTransaction(() -> {
            int n = jdbc.update(
                    "UPDATE pending_lookup SET desk_org = ?, via_sync = ?, ref_id = ? WHERE sync_id = ? AND system = ?"
                            + " AND scope = ? AND record_id = ? AND field = ?",
                    w.deskOrg(),
                    w.viaSync(),
                    w.refId(),
                    w.syncId(),
                    w.system(),
                    w.scope(),
                    w.recordId(),
                    w.field());
            if (n == 0) {
                jdbc.update(
                        "INSERT INTO pending_lookup (sync_id, system, scope, record_id, field, desk_org, via_sync, ref_id, since)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        w.syncId(),
                        w.system(),
                        w.scope(),
                        w.recordId(),
                        w.field(),
                        w.deskOrg(),
                        w.viaSync(),
                        w.refId(),
                        now);
            }
        });
    }

    /** The record's reference now translates (or is gone): it waits no more. */
    public void waitOver(String syncId, String system, String scope, String recordId, String field) {
        jdbc.update(
                "DELETE FROM pending_lookup WHERE sync_id = ? AND system = ? AND scope = ? AND record_id = ? AND field = ?",
                syncId,
                system,
                scope,
                recordId,
                field);
    }

    /** "system:recordId" of every record of the sync waiting for a link. */
    public java.util.Set<String> waitingRecords(String syncId, String deskOrg) {
        return new java.util.HashSet<>(jdbc.query(
                "SELECT system, record_id FROM pending_lookup WHERE sync_id = ? AND desk_org = ?",
                rs -> rs.getString(1) + ":" + rs.getString(2),
                syncId,
                deskOrg));
    }

    /** What the records with these ids wait for, by CRM id or Desk id. */
    public List<Waiting> waitingOf(String syncId, String deskOrg, String crmId, String deskId) {
        return jdbc.query(
                "SELECT * FROM pending_lookup WHERE sync_id = ? AND desk_org = ? AND ((system = 'crm' AND record_id = ?)"
                        + " OR (system = 'desk' AND record_id = ?))",
                rs -> new Waiting(
                        rs.getString("sync_id"),
                        rs.getString("system"),
                        rs.getString("scope"),
                        rs.getString("record_id"),
                        rs.getString("field"),
                        rs.getString("desk_org"),
                        rs.getString("via_sync"),
                        rs.getString("ref_id")),
                syncId,
                deskOrg,
                crmId,
                deskId);
    }

    private static Link row(ResultSet rs) throws SQLException {
        return new Link(
                rs.getString("sync_id"),
                rs.getString("desk_org"),
                rs.getString("crm_id"),
                rs.getString("desk_id"),
                rs.getString("email"),
                rs.getString("crm_hash"),
                rs.getString("desk_hash"),
                rs.getString("base"),
                State.valueOf(rs.getString("link_state")));
    }
}
