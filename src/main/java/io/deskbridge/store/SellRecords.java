package io.deskbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Sell leads and contacts the chats sync matches chats against, as last read: a chat finds its record by the
 * visitor's normalised email here, with no call to Sell.
 */
public final class SellRecords {

    public static final String LEAD = "lead";
    public static final String CONTACT = "contact";

    /**
     * One lead or contact: {@code kind} is {@link #LEAD} or {@link #CONTACT} (Sell's {@code resource_type});
     * {@code email} normalised, null when it has none or none valid.
     */
    public record SellRecord(String kind, String id, String email, String ownerId, String phone, Instant updatedAt) {}

    private final Jdbc jdbc;
    private final Clock clock;

    public SellRecords(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores records as read (or as just created), replacing what was kept of them. */
    public void putAll(String syncId, List<SellRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbc.inTransaction(() -> {
            jdbc.batch(
                    "DELETE FROM sell_record WHERE sync_id = ? AND kind = ? AND record_id = ?",
                    records.stream()
                            .map(r -> new Object[] {syncId, r.kind(), r.id()})
                            .toList());
            jdbc.batch(
                    "INSERT INTO sell_record (sync_id, kind, record_id, email, owner_id, phone, updated_at, mirrored_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    records.stream()
                            .map(r -> new Object[] {
                                syncId, r.kind(), r.id(), r.email(), r.ownerId(), r.phone(), r.updatedAt(), now
                            })
                            .toList());
        });
    }

    /** The leads and contacts with this normalised email. */
    public List<SellRecord> withEmail(String syncId, String email) {
        return jdbc.query(
                "SELECT * FROM sell_record WHERE sync_id = ? AND email = ? ORDER BY kind, record_id",
                SellRecords::row,
                syncId,
                email);
    }

    public Optional<SellRecord> find(String syncId, String kind, String id) {
        return jdbc.queryOne(
                "SELECT * FROM sell_record WHERE sync_id = ? AND kind = ? AND record_id = ?",
                SellRecords::row,
                syncId,
                kind,
                id);
    }

    /** The phone Deskbridge just set on a record, so the next chat of that visitor does not set it again. */
    public void phoneSet(String syncId, String kind, String id, String phone) {
        jdbc.update(
                "UPDATE sell_record SET phone = ?, mirrored_at = ? WHERE sync_id = ? AND kind = ? AND record_id = ?",
                phone,
                clock.instant(),
                syncId,
                kind,
                id);
    }

    /** A record Sell no longer has (deleted, or a lead converted): chats stop matching it. */
    public void remove(String syncId, String kind, String id) {
        jdbc.update("DELETE FROM sell_record WHERE sync_id = ? AND kind = ? AND record_id = ?", syncId, kind, id);
    }

    public int count(String syncId) {
        return jdbc.queryOne("SELECT COUNT(*) FROM sell_record WHERE sync_id = ?", rs -> rs.getInt(1), syncId)
                .orElse(0);
    }

    private static SellRecord row(ResultSet rs) throws SQLException {
        return new SellRecord(
                rs.getString("kind"),
                rs.getString("record_id"),
                rs.getString("email"),
                rs.getString("owner_id"),
                rs.getString("phone"),
                Jdbc.instant(rs, "updated_at"));
    }
}
