package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deskbridge.support.TestDatabase;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 5 (the dry run's transaction): a unit that would be a commit of its own in a run is a savepoint in
 * the rolled-back transaction. Its failure undoes it alone, as a rolled-back commit would, and on PostgreSQL a caught
 * store failure in it leaves the transaction usable for what goes on.
 */
class RolledBackTransactionTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 29);
    private static final String INSERT = "INSERT INTO api_usage (system, usage_day, calls) VALUES (?, ?, 1)";

    private Database db;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh("rolled-back").open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aFailedUnitIsUndoneAloneAndTheTransactionGoesOnThenEverythingIsRolledBack() {
        Jdbc jdbc = db.jdbc();
        List<List<String>> seen = new java.util.ArrayList<>();
        jdbc.inRolledBackTransaction(() -> {
            jdbc.update(INSERT, "crm", DAY);
            // A store failure caught by its caller (a duplicate key), after a statement of the same unit went through.
            assertThrows(
                    StoreException.class,
                    () -> jdbc.inTransaction(() -> {
                        jdbc.update(INSERT, "desk", DAY);
                        jdbc.update(INSERT, "crm", DAY);
                    }));
            // A failure of another kind (a bad value met while settling) after a statement of the unit.
            assertThrows(
                    IllegalStateException.class,
                    () -> jdbc.inTransaction(() -> {
                        jdbc.update(INSERT, "chat", DAY);
                        throw new IllegalStateException("a bad value");
                    }));
            // A unit inside a unit joins it: one commit outside.
            jdbc.inTransaction(() -> {
                jdbc.update(INSERT, "sell", DAY);
                jdbc.inTransaction(() -> jdbc.update(INSERT, "oauth", DAY));
            });
            // On PostgreSQL, without the savepoint: "current transaction is aborted, commands ignored".
            seen.add(systems(jdbc));
        });
        assertEquals(List.of(List.of("crm", "oauth", "sell")), seen, "the failed units left nothing, the rest is seen");
        assertEquals(List.of(), systems(jdbc), "and all of it is rolled back at the end");
    }

    @Test
    void workApartOfItIsCommittedAtOnce() {
        Jdbc jdbc = db.jdbc();
        jdbc.update(INSERT, "crm", DAY);
        jdbc.inRolledBackTransaction(() -> {
            jdbc.update("UPDATE api_usage SET calls = calls + 1 WHERE system = 'crm'");
            jdbc.apart(() -> jdbc.update(INSERT, "desk", DAY));
        });
        assertEquals(List.of("crm", "desk"), systems(jdbc));
        assertEquals(
                1L,
                jdbc.queryOne("SELECT calls FROM api_usage WHERE system = 'crm'", rs -> rs.getLong(1))
                        .orElseThrow());
    }

    private static List<String> systems(Jdbc jdbc) {
        return jdbc.query("SELECT system FROM api_usage ORDER BY system", rs -> rs.getString(1));
    }
}
