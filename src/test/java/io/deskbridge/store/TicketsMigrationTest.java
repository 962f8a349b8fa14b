package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deskbridge.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V9 (the ticket tables) runs on a fresh store and on one left at V8 with data, and Flyway validates it after. */
class TicketsMigrationTest {

    /** "9" once V9 is applied: later migrations (V10 on) come after it and do not change that. */
    static String version(Jdbc jdbc) {
        return jdbc.queryOne(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"
                                + " AND \"version\" = '9'",
                        rs -> rs.getString(1))
                .orElse("not applied");
    }

    @Test
    void aFreshStoreIsMigratedToV9() {
        try (Database db = TestDatabase.empty("fresh").open()) {
            assertEquals("9", version(db.jdbc()));
            assertEquals(List.of(), db.jdbc().query("SELECT * FROM ticket_mirror", rs -> 1));
        }
    }

    @Test
    void aStoreAtV8KeepsItsDataIsMigratedToV9AndValidatesOnTheNextStart() throws SQLException {
        TestDatabase.Store store = TestDatabase.empty("v8");
        Flyway.configure()
                .dataSource(store.url(), store.user(), store.password())
                .locations("classpath:db/migration")
                .target("8")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password())) {
            c.createStatement()
                    .executeUpdate("INSERT INTO record_link (sync_id, desk_org, crm_id, desk_id, linked_at, updated_at)"
                            + " VALUES ('contacts', 'o', 'C1', 'd1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        }
        try (Database db = store.open()) {
            assertEquals("9", version(db.jdbc()));
        }
        try (Database db = store.open()) {
            assertEquals("9", version(db.jdbc()), "the applied V9 validates against the file");
            assertEquals(List.of("C1"), db.jdbc().query("SELECT crm_id FROM record_link", rs -> rs.getString(1)));
        }
    }
}
