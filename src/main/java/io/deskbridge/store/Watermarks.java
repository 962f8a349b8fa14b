package io.deskbridge.store;

import java.time.Clock;
import java.util.Optional;

/** Where the next incremental read of each system starts; written in the same commit as the records it covers. */
public final class Watermarks {

    private final Jdbc jdbc;
    private final Clock clock;

    public Watermarks(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<String> get(String syncId, String system, String scope) {
        return jdbc.queryOne(
                "SELECT since FROM watermark WHERE sync_id = ? AND system = ? AND scope = ?",
                rs -> rs.getString(1),
                syncId,
                system,
                scope);
    }

    /** Only the run holding the sync's lease writes here, so update-then-insert cannot race. */
    public void set(String syncId, String system, String scope, String since) {
        int n = jdbc.update(
                "UPDATE watermark SET since = ?, updated_at = ? WHERE sync_id = ? AND system = ? AND scope = ?",
                since,
                clock.instant(),
                syncId,
                system,
                scope);
        if (n == 0) {
            jdbc.update(
                    "INSERT INTO watermark (sync_id, system, scope, since, updated_at) VALUES (?, ?, ?, ?, ?)",
                    syncId,
                    system,
                    scope,
                    since,
                    clock.instant());
        }
    }
}
