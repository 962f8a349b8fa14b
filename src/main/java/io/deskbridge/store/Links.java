package io.deskbridge.store;

import io.deskbridge.sync.Side;
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

    public enum State { ACTIVE, CRM_DELETED, DESK_DELETED, DISSOCIATED }

    public record Link(String syncId, String deskOrg, String crmId, String deskId, String key,
                       String crmHash, String deskHash, String base, State state) {

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
        return jdbc.queryOne("SELECT * FROM record_link WHERE sync_id = ? AND desk_org = ? AND crm_id = ?",
                Links::row, syncId, deskOrg, crmId);
    }

    public Optional<Link> byDeskId(String syncId, String deskOrg, String deskId) {
        return jdbc.queryOne("SELECT * FROM record_link WHERE sync_id = ? AND desk_org = ? AND desk_id = ?",
                Links::row, syncId, deskOrg, deskId);
    }

    public void link(Link l) {
        linkAll(List.of(l));
    }

    public void linkAll(List<Link> all) {
        Instant now = clock.instant();
        jdbc.batch("INSERT INTO record_link (sync_id, desk_org, crm_id, desk_id, email, crm_hash, desk_hash, base,"
                        + " link_state, linked_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                all.stream().map(l -> new Object[] {l.syncId(), l.deskOrg(), l.crmId(), l.deskId(), l.key(), l.crmHash(),
                        l.deskHash(), l.base(), State.ACTIVE.name(), now, now}).toList());
    }

    /** Records what both sides hold after a sync of the pair. */
    public void synced(String syncId, String deskOrg, String crmId, String key, String crmHash, String deskHash, String base) {
        jdbc.update("UPDATE record_link SET email = ?, crm_hash = ?, desk_hash = ?, base = ?, updated_at = ?"
                        + " WHERE sync_id = ? AND desk_org = ? AND crm_id = ?",
                key, crmHash, deskHash, base, clock.instant(), syncId, deskOrg, crmId);
    }

    public void mark(String syncId, String deskOrg, String crmId, State state) {
        jdbc.update("UPDATE record_link SET link_state = ?, state_at = ? WHERE sync_id = ? AND desk_org = ? AND crm_id = ?",
                state.name(), clock.instant(), syncId, deskOrg, crmId);
    }

    /**
     * Links made against another Desk org stop being used (kept for audit): one Desk org per
     * integration, and nothing of two orgs is mixed. Returns how many were dissociated.
     */
    public int dissociateOtherOrgs(String syncId, String deskOrg) {
        return jdbc.update("UPDATE record_link SET link_state = ?, state_at = ? WHERE sync_id = ? AND desk_org <> ?"
                        + " AND link_state <> ?",
                State.DISSOCIATED.name(), clock.instant(), syncId, deskOrg, State.DISSOCIATED.name());
    }

    /** Links made against this Desk org before are used again: re-activating the same org re-associates. */
    public int reassociate(String syncId, String deskOrg) {
        return jdbc.update("UPDATE record_link SET link_state = ?, state_at = ? WHERE sync_id = ? AND desk_org = ? AND link_state = ?",
                State.ACTIVE.name(), clock.instant(), syncId, deskOrg, State.DISSOCIATED.name());
    }

    public int count(String syncId, String deskOrg) {
        return jdbc.queryOne("SELECT COUNT(*) FROM record_link WHERE sync_id = ? AND desk_org = ? AND link_state = 'ACTIVE'",
                rs -> rs.getInt(1), syncId, deskOrg).orElse(0);
    }

    /** Links by CRM id, Desk id or normalised match key (email, account name), any state. */
    public List<Link> find(String syncId, String deskOrg, String crmId, String deskId, String key) {
        return jdbc.query("SELECT * FROM record_link WHERE sync_id = ? AND desk_org = ? AND (crm_id = ? OR desk_id = ? OR email = ?)",
                Links::row, syncId, deskOrg, crmId, deskId, key);
    }

    private static Link row(ResultSet rs) throws SQLException {
        return new Link(rs.getString("sync_id"), rs.getString("desk_org"), rs.getString("crm_id"),
                rs.getString("desk_id"), rs.getString("email"), rs.getString("crm_hash"), rs.getString("desk_hash"),
                rs.getString("base"), State.valueOf(rs.getString("link_state")));
    }
}
