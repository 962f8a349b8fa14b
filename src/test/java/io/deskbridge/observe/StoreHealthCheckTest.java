package io.deskbridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.support.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 2: the readiness check of the state store, which a running node cannot show DOWN on demand: DOWN
 * before the migrations ran, UP while the store answers, DOWN while it does not, asked at most every few seconds
 * and never waited on for long.
 */
class StoreHealthCheckTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T08:00:00Z"));
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final StoreHealthCheck check = new StoreHealthCheck(clock, executor);

    StoreHealthCheckTest() {
        check.setCamelContext(new DefaultCamelContext());
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void isReadinessOnlyAndDownUntilTheStoreIsMigrated() {
        assertTrue(check.isReadiness());
        assertEquals(false, check.isLiveness());
        HealthCheck.Result before = check.call();
        assertEquals(HealthCheck.State.DOWN, before.getState());
        assertEquals(
                "the state store is not open yet: its migrations have not run",
                before.getMessage().orElse(""));

        check.opened(() -> {});
        assertEquals(HealthCheck.State.UP, check.call().getState());
    }

    @Test
    void followsTheStoreAskingItAtMostOnceInAFewSeconds() {
        AtomicInteger asked = new AtomicInteger();
        AtomicBoolean reachable = new AtomicBoolean(true);
        check.opened(() -> {
            asked.incrementAndGet();
            if (!reachable.get()) {
                throw new IllegalStateException("Connection refused");
            }
        });
        assertEquals(HealthCheck.State.UP, check.call().getState());
        reachable.set(false);
        assertEquals(HealthCheck.State.UP, check.call().getState(), "the answer is kept a few seconds");
        assertEquals(1, asked.get());

        clock.jump(StoreHealthCheck.FRESH);
        HealthCheck.Result down = check.call();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertEquals(
                "the state store cannot be reached: Connection refused",
                down.getMessage().orElse(""));
        assertEquals(2, asked.get());

        reachable.set(true);
        clock.jump(StoreHealthCheck.FRESH);
        assertEquals(HealthCheck.State.UP, check.call().getState());
    }

    @Test
    void aStoreThatDoesNotAnswerIsDownWithoutHoldingTheProbeOrAskingAgain() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        check.opened(() -> {
            asked.incrementAndGet();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();
        HealthCheck.Result down = check.call();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertEquals(
                "the state store did not answer within 2 s", down.getMessage().orElse(""));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);

        answer.countDown();
        clock.jump(StoreHealthCheck.FRESH);
        assertEquals(HealthCheck.State.UP, check.call().getState(), "the late answer of the same question");
        assertEquals(1, asked.get());
    }
}
