package io.deskbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * The CRM record and the Desk record that are the same customer. Once linked, a pair is updated
 * through the link and never matched again. The hashes are of what Deskbridge last wrote each way:
 * equal content means nothing to write, which is also what keeps two-way runs from echoing.
 */
public final class Links {

    public record Link(String syncId, String deskOrg, String crmId, String deskId, String email,
                       String crmHash, String deskHash) {}

    private final Jdbc jdbc;
    private final Clock clock;

    public Links(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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
        jdbc.update("INSERT INTO record_link (sync_id, desk_org, crm_id, desk_id, email, crm_hash, desk_hash, linked_at,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                l.syncId(), l.deskOrg(), l.crmId(), l.deskId(), l.email(), l.crmHash(), l.deskHash(),
                clock.instant(), clock.instant());
    }

    public void wroteToDesk(String syncId, String deskOrg, String crmId, String email, String deskHash) {
        jdbc.update("UPDATE record_link SET desk_hash = ?, email = ?, updated_at = ? WHERE sync_id = ? AND desk_org = ? AND crm_id = ?",
                deskHash, email, clock.instant(), syncId, deskOrg, crmId);
    }

    public int count(String syncId, String deskOrg) {
        return jdbc.queryOne("SELECT COUNT(*) FROM record_link WHERE sync_id = ? AND desk_org = ?",
                rs -> rs.getInt(1), syncId, deskOrg).orElse(0);
    }

    private static Link row(ResultSet rs) throws SQLException {
        return new Link(rs.getString("sync_id"), rs.getString("desk_org"), rs.getString("crm_id"),
                rs.getString("desk_id"), rs.getString("email"), rs.getString("crm_hash"), rs.getString("desk_hash"));
    }
}
