package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The end of a run is written again while the store is away, for a bounded time, and only then (issue 17). */
class WhileUnreachableTest {

    static StoreException broken() {
        return new StoreException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    }

    @Test
    void aWriteIsTriedAgainWhileTheStoreCannotBeReachedAndSucceedsOnceItIsBack() {
        AtomicInteger tries = new AtomicInteger();
        new WhileUnreachable(Duration.ofSeconds(10)).write(() -> {
            if (tries.incrementAndGet() < 3) {
                throw tries.get() == 1
                        ? broken()
                        : new StoreException(new SQLTransientConnectionException("Connection is not available"));
            }
        });
        assertEquals(3, tries.get());
    }

    @Test
    void aStatementTheStoreRefusesIsNotTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        StoreException refused = new StoreException(new SQLException("value too long", "22001"));
        StoreException thrown = assertThrows(
                StoreException.class,
                () -> new WhileUnreachable(Duration.ofSeconds(10)).write(() -> {
                    tries.incrementAndGet();
                    throw refused;
                }));
        assertSame(refused, thrown);
        assertEquals(1, tries.get());
    }

    @Test
    void aStoreThatStaysAwayEndsTheTryingAfterTheBound() {
        long start = System.nanoTime();
        AtomicInteger tries = new AtomicInteger();
        assertThrows(
                StoreException.class,
                () -> new WhileUnreachable(Duration.ofMillis(1200)).write(() -> {
                    tries.incrementAndGet();
                    throw broken();
                }));
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(ms < 1200 && tries.get() >= 3, ms + " ms, " + tries + " tries");
    }

    @Test
    void aServerShuttingDownOrStartingCountsAsUnreachable() {
        assertTrue(new StoreException(new SQLException("terminating connection due to administrator command", "57P01"))
                .unreachable());
        assertTrue(new StoreException(new SQLException("the database system is starting up", "57P03")).unreachable());
        assertFalse(new StoreException(new SQLException("syntax error", "42601")).unreachable());
        assertFalse(new StoreException(new SQLException("no state")).unreachable());
    }
}
