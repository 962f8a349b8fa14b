package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.support.MovableClock;
import io.deskbridge.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mirror on the real schema (H2 in memory, migrated by Flyway). */
class MirrorTest {

    Database db;
    Jdbc jdbc;
    Mirror mirror;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh("mirror").open();
        jdbc = db.jdbc();
        mirror = new Mirror(jdbc, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Mirror.Row row(String id, String modified, String payload) {
        return new Mirror.Row(id, id + "@example.com", null, modified, payload, 0);
    }

    @Test
    void pendingRowsArePagedOnceEachInIdOrder() {
        List<Mirror.Row> rows = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            rows.add(row(String.format("%05d", 449 - i), "t", "{}"));
        }
        mirror.put("contacts", "crm", "s", rows, true);
        mirror.done("contacts", "crm", "s", "00007");
        List<String> seen = new ArrayList<>();
        String after = null;
        for (List<Mirror.Row> page; !(page = mirror.pendingAfter("contacts", "crm", "s", after, 200)).isEmpty(); ) {
            page.forEach(r -> seen.add(r.recordId()));
            after = page.get(page.size() - 1).recordId();
        }
        assertEquals(449, seen.size());
        assertFalse(seen.contains("00007"));
        assertEquals(seen.stream().sorted().toList(), seen);
    }

    @Test
    void aPageOfPendingRowsIsReadFromTheIndexInOrderNotSorted() {
        // Sorting every pending row for each page made an initial sync's cost grow with the square of its size.
        String plan = String.join(
                "\n",
                jdbc.query(
                        "EXPLAIN " + Mirror.PENDING_AFTER + "200 ROWS ONLY",
                        rs -> rs.getString(1),
                        "contacts",
                        "crm",
                        "s",
                        ""));
        // Each database says it in its own words: H2 that the index gives the order, PostgreSQL by having no Sort step.
        assertTrue(
                TestDatabase.onPostgres()
                        ? plan.contains("record_mirror_pending") && !plan.contains("Sort")
                        : plan.contains("RECORD_MIRROR_PENDING") && plan.contains("index sorted"),
                plan);
    }

    @Test
    void aRowReadAgainUnchangedKeepsItsStateAndIsReportedAsSeen() {
        mirror.put(
                "contacts", "desk", "s", List.of(row("1", "10:00", "{\"a\":1}"), row("2", "10:00", "{\"a\":2}")), true);
        mirror.done("contacts", "desk", "s", "1");
        jdbc.update(
                "UPDATE record_mirror SET pulled_at = TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00' WHERE record_id = '1'");

        Set<String> seen = mirror.put(
                "contacts",
                "desk",
                "s",
                List.of(row("1", "10:00", "{\"a\":1}"), row("2", "10:05", "{\"a\":3}"), row("3", "10:05", "{}")),
                true);

        assertEquals(Set.of("1"), seen);
        List<String> pending = mirror.pendingAfter("contacts", "desk", "s", null, 10).stream()
                .map(Mirror.Row::recordId)
                .toList();
        assertEquals(
                List.of("2", "3"), pending, "the unchanged row stays done; the changed and the new one are queued");
        assertEquals(
                "{\"a\":3}",
                mirror.get("contacts", "desk", "s", "2").orElseThrow().payload());
        assertEquals(
                java.time.Instant.parse("2000-01-01T00:00:00Z"),
                jdbc.queryOne(
                                "SELECT pulled_at FROM record_mirror" + " WHERE record_id = '1'",
                                rs -> Jdbc.instant(rs, "pulled_at"))
                        .orElseThrow(),
                "the unchanged row was not written");
    }

    @Test
    void aPendingRowPulledAgainKeepsWaitingSinceItFirstBecamePending() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-29T08:00:00Z"));
        Mirror m = new Mirror(jdbc, clock);
        SyncFigures figures = new SyncFigures(jdbc, "org");
        Instant first = clock.instant();
        m.put("contacts", "crm", "s", List.of(row("1", "t1", "{\"a\":1}")), true);
        m.failedAttempt("contacts", "crm", "s", "1", 5);
        clock.jump(Duration.ofHours(1));
        // Changed again and still failing: the lag counts from when it began to wait, not from its last pull.
        m.put("contacts", "crm", "s", List.of(row("1", "t2", "{\"a\":2}")), true);
        m.failedAttempt("contacts", "crm", "s", "1", 5);
        assertEquals(first, figures.of("contacts").oldestPending());

        m.done("contacts", "crm", "s", "1");
        assertEquals(null, figures.of("contacts").oldestPending());
        clock.jump(Duration.ofMinutes(5));
        m.put("contacts", "crm", "s", List.of(row("1", "t3", "{\"a\":3}")), true);
        assertEquals(clock.instant(), figures.of("contacts").oldestPending(), "a new wait once done");

        m.failedAttempt("contacts", "crm", "s", "1", 1);
        assertEquals(null, figures.of("contacts").oldestPending(), "parked: no longer waiting for a run");
        clock.jump(Duration.ofMinutes(5));
        m.requeue("contacts", "crm", "s", "1");
        assertEquals(clock.instant(), figures.of("contacts").oldestPending(), "replayed: waiting from the replay");
    }
}
