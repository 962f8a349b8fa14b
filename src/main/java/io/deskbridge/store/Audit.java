package io.deskbridge.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Every change made through the admin API: which token, what, on what, when, and how it ended. */
public final class Audit {

    public record Entry(
            long id,
            Instant at,
            String tokenName,
            String role,
            String action,
            String target,
            int status,
            String detail) {}

    private final Jdbc jdbc;
    private final Clock clock;

    public Audit(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String tokenName, String role, String action, String target, int status, String detail) {
        String d = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1997) + "...";
        jdbc.update(
                "INSERT INTO audit_log (at, token_name, role, action, target, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                clock.instant(),
                tokenName,
                role,
                action,
                target,
                status,
                d);
    }

    /** Newest first. */
    public List<Entry> page(int limit, int offset) {
        return jdbc.query(
                "SELECT * FROM audit_log ORDER BY audit_id DESC OFFSET " + offset + " ROWS FETCH FIRST " + limit
                        + " ROWS ONLY",
                rs -> new Entry(
                        rs.getLong("audit_id"),
                        Jdbc.instant(rs, "at"),
                        rs.getString("token_name"),
                        rs.getString("role"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getInt("status"),
                        rs.getString("detail")));
    }
}
