package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Issue 11, items 1 to 3: the gate one system's callers share. */
class SystemGateTest {

    final List<Duration> waits = new ArrayList<>();

    @Test
    void aTooManyRequestsHalvesTheLimitOncePerBurstAndNeverBelowOne() throws Exception {
        SystemGate gate = new SystemGate("desk", 8, waits::add);
        SystemGate.Pass first = gate.enter(0);
        SystemGate.Pass sentAlongside = gate.enter(0);
        first.throttled(Duration.ZERO, false);
        assertEquals(4, gate.limit());
        sentAlongside.throttled(Duration.ZERO, false);
        assertEquals(4, gate.limit(), "calls sent before the first 429 of a burst are the same signal");
        first.close();
        sentAlongside.close();
        for (int expected : new int[] {2, 1, 1}) {
            try (SystemGate.Pass p = gate.enter(0)) {
                p.throttled(Duration.ZERO, false);
            }
            assertEquals(expected, gate.limit());
        }
        assertEquals(5, gate.counts().throttled());
    }

    @Test
    void theLimitClimbsBackOneStepPerRunOfAnsweredCallsUpToTheCap() throws Exception {
        SystemGate gate = new SystemGate("desk", 3, waits::add);
        try (SystemGate.Pass p = gate.enter(0)) {
            p.throttled(Duration.ZERO, false);
        }
        assertEquals(1, gate.limit());
        answer(gate, SystemGate.CLIMB_AFTER - 1);
        assertEquals(1, gate.limit(), "not yet");
        answer(gate, 1);
        assertEquals(2, gate.limit());
        answer(gate, SystemGate.CLIMB_AFTER * 5);
        assertEquals(3, gate.limit(), "never above the cap");
    }

    @Test
    void noMoreThanTheLimitAreInFlightAndALeavingCallLetsTheNextIn() throws Exception {
        SystemGate gate = new SystemGate("desk", 2, waits::add);
        SystemGate.Pass a = gate.enter(0);
        SystemGate.Pass b = gate.enter(0);
        CompletableFuture<SystemGate.Pass> third = CompletableFuture.supplyAsync(() -> enter(gate, 0));
        assertThrows(
                TimeoutException.class, () -> third.get(300, TimeUnit.MILLISECONDS), "a third call waits for a slot");
        a.close();
        third.get(5, TimeUnit.SECONDS).close();
        b.close();
    }

    @Test
    void aClosedGateHoldsBackEveryNewCallUntilTheWindowIsOverButNotTheOneThatWaitedItOut() throws Exception {
        SystemGate gate = new SystemGate("desk", 5, ApiCaller.Sleeper.REAL);
        long until;
        try (SystemGate.Pass p = gate.enter(0)) {
            until = p.throttled(Duration.ofMillis(400), false);
        }
        long started = System.nanoTime();
        gate.enter(0).close();
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMs >= 380, "another caller waited the window out: " + waitedMs + " ms");

        SystemGate recorded = new SystemGate("desk", 5, waits::add);
        try (SystemGate.Pass p = recorded.enter(0)) {
            until = p.throttled(Duration.ofSeconds(30), false);
        }
        recorded.enter(until).close();
        assertEquals(List.of(), waits, "the caller that got the 429 has waited itself");
        recorded.enter(0).close();
        assertEquals(1, waits.size(), "any other caller waits: " + waits);
        assertTrue(waits.get(0).compareTo(Duration.ofSeconds(29)) > 0, waits.toString());
    }

    @Test
    void aCallerWhoseOwnWindowIsShorterStillWaitsOutTheLongerOneAnotherCallOpened() throws Exception {
        SystemGate gate = new SystemGate("desk", 5, waits::add);
        SystemGate.Pass a = gate.enter(0);
        SystemGate.Pass b = gate.enter(0);
        a.throttled(Duration.ofSeconds(60), false);
        long bOwnEnd = b.throttled(Duration.ofMillis(200), false);
        a.close();
        b.close();
        gate.enter(bOwnEnd).close();
        assertEquals(
                1, waits.size(), "B waited out its own 200 ms itself, then waits for the rest of A's 60 s: " + waits);
        assertTrue(waits.get(0).compareTo(Duration.ofSeconds(59)) > 0, waits.toString());
    }

    @Test
    void overlappingWindowsCountTheTimeTheGateWasClosedNotTheirSumAndAWaitBeyondTheCapIsCounted() throws Exception {
        SystemGate gate = new SystemGate("crm", 5, waits::add);
        SystemGate.Pass a = gate.enter(0);
        SystemGate.Pass b = gate.enter(0);
        a.throttled(Duration.ofSeconds(10), false);
        b.throttled(Duration.ofSeconds(4), true);
        a.close();
        b.close();
        SystemGate.Counts c = gate.counts();
        assertEquals(2, c.throttled());
        assertTrue(c.waitedMillis() >= 9_990 && c.waitedMillis() <= 10_000, "one 10 s window: " + c);
        assertEquals(1, c.overCap());
        assertEquals(new SystemGate.Counts(0, 0, 1), c.minus(new SystemGate.Counts(2, c.waitedMillis(), 0)));
    }

    @Test
    void aShutdownEndsTheWaitForAClosedGate() throws Exception {
        StoppableSleeper sleeper = new StoppableSleeper();
        SystemGate gate = new SystemGate("desk", 5, sleeper);
        try (SystemGate.Pass p = gate.enter(0)) {
            p.throttled(Duration.ofMinutes(5), false);
        }
        CompletableFuture<SystemGate.Pass> waiting = CompletableFuture.supplyAsync(() -> enter(gate, 0));
        Thread.sleep(100);
        assertFalse(waiting.isDone());
        sleeper.stop();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof InterruptedException, e.toString());
    }

    private static void answer(SystemGate gate, int calls) throws InterruptedException {
        for (int i = 0; i < calls; i++) {
            try (SystemGate.Pass p = gate.enter(0)) {
                p.answered();
            }
        }
    }

    private static SystemGate.Pass enter(SystemGate gate, long waitedUntil) {
        try {
            return gate.enter(waitedUntil);
        } catch (InterruptedException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
