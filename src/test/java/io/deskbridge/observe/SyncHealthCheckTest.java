package io.deskbridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.store.DailyCallBudget;
import io.deskbridge.store.HealthFacts;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.SyncFigures;
import io.deskbridge.support.MovableClock;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18, item 2: a sync's check on a state store that hangs answers within a few seconds, UNKNOWN (the store's
 * own check is the one that is DOWN), and asks the store one question at a time.
 */
class SyncHealthCheckTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T08:00:00Z"));
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final CountDownLatch hanging = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void stop() {
        hanging.countDown();
        executor.shutdownNow();
    }

    /** A pool whose connections never come until {@link #hanging} is let go, and then are refused. */
    private Jdbc hangingStore() {
        DataSource ds = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                        hanging.await();
                        throw new SQLException("Connection refused");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new Jdbc(ds);
    }

    @Test
    @Timeout(30) // Without the bounded wait, the probe hangs as long as the store.
    void aStoreThatHangsIsUnknownWithinAFewSecondsAndAskedOnce() {
        Jdbc jdbc = hangingStore();
        StoreReadings readings = new StoreReadings(
                new SyncFigures(jdbc, "org"), new DailyCallBudget(jdbc, clock, Map.of()), Set.of(), clock);
        SyncHealthCheck check = new SyncHealthCheck(
                new SyncHealthCheck.Sync(
                        "contacts", "0 0/5 * * * ?", TimeZone.getTimeZone("UTC"), false, List.of("crm", "desk")),
                new io.deskbridge.store.SyncStates(jdbc, new io.deskbridge.store.Runs(jdbc), clock, "node-1"),
                new HealthFacts(jdbc, "org"),
                readings,
                3,
                clock,
                executor);
        check.setCamelContext(new DefaultCamelContext());

        for (int probe = 0; probe < 2; probe++) {
            long started = System.nanoTime();
            HealthCheck.Result r = check.call();
            assertEquals(HealthCheck.State.UNKNOWN, r.getState());
            assertEquals(
                    "the state store did not answer within 2 s", r.getMessage().orElse(""));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
        }
        assertEquals(1, connections.get(), "the second probe waits for the same question");

        hanging.countDown();
        HealthCheck.Result refused = check.call();
        assertEquals(HealthCheck.State.UNKNOWN, refused.getState());
        assertTrue(
                refused.getMessage().orElse("").startsWith("the state store could not be read: "),
                refused.getMessage().toString());
    }
}
