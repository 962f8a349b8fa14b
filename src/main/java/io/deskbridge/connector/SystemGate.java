package io.deskbridge.connector;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The way in to one API (the CRM, the Desk) for every caller of it: Zoho counts its limits per org and
 * OAuth client, not per connection, so the writers, the pull, a preflight and a replay all wait here.
 *
 * <ul>
 *   <li>At most {@code limit} calls are in flight at once; the limit starts at the configured cap
 *       ({@code deskbridge.<system>.max-concurrent-calls}).</li>
 *   <li>A 429 closes the gate until its wait is over: no call starts in the window, calls already in
 *       flight go on. It also halves the limit (not below 1); {@value #CLIMB_AFTER} answered calls in a row
 *       give one step back, so a run settles under the API's real limit instead of bouncing on it.</li>
 * </ul>
 * Waits for a closed gate go through the {@link ApiCaller.Sleeper}, so a shutdown ends them.
 */
public final class SystemGate {

    /** Answered calls after which a halved limit climbs one step back towards the cap. */
    public static final int CLIMB_AFTER = 20;

    /** What a system's gate has counted since it was made; a run subtracts the figures at its start. */
    public record Counts(long throttled, long waitedMillis, long overCap) {
        public Counts minus(Counts before) {
            return new Counts(
                    throttled - before.throttled, waitedMillis - before.waitedMillis, overCap - before.overCap);
        }
    }

    /** One call's slot, from before it is sent until its answer is in. */
    public final class Pass implements AutoCloseable {
        private final long halvingsAtEntry;
        private boolean closed;

        private Pass(long halvingsAtEntry) {
            this.halvingsAtEntry = halvingsAtEntry;
        }

        /**
         * The API refused the call with a 429: the gate closes for {@code wait}. {@code overCap} says the API
         * asked for longer than the cap allows. Returns when this call's own window ends, in {@link System#nanoTime()}.
         */
        public long throttled(Duration wait, boolean overCap) {
            return SystemGate.this.throttled(this, wait, overCap);
        }

        /** The API answered (not a 429, not a server error): one step towards a higher limit. */
        public void answered() {
            SystemGate.this.answered();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                leave();
            }
        }
    }

    private final String system;
    private final int cap;
    private final ApiCaller.Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition slotFree = lock.newCondition();

    private int limit;
    private int inFlight;
    private int answeredSinceStep;
    private long halvings;
    private long closedUntil = System.nanoTime();
    private long throttled;
    private long waitedNanos;
    private long overCap;

    public SystemGate(String system, int cap, ApiCaller.Sleeper sleeper) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1");
        }
        this.system = system;
        this.cap = cap;
        this.limit = cap;
        this.sleeper = sleeper;
    }

    /** A gate of its own for a caller that shares nothing (tests, the OAuth token endpoint). */
    static SystemGate unshared(String system, ApiCaller.Sleeper sleeper) {
        return new SystemGate(system, Integer.MAX_VALUE, sleeper);
    }

    public String system() {
        return system;
    }

    /** The configured most calls in flight at once. */
    public int cap() {
        return cap;
    }

    /** The calls allowed in flight now: the cap, or less after a 429. */
    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public Counts counts() {
        lock.lock();
        try {
            return new Counts(throttled, waitedNanos / 1_000_000, overCap);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the gate is open and a slot is free. {@code waitedUntil} is the end of a window the calling
     * thread has already waited out itself (the one that got the 429), or 0.
     *
     * @throws InterruptedException when the runtime stops during the wait
     */
    public Pass enter(long waitedUntil) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long until = closedUntil;
                long left = until - System.nanoTime();
                if (left > 0 && until - waitedUntil > 0) {
                    lock.unlock();
                    try {
                        sleeper.sleep(Duration.ofNanos(left));
                    } finally {
                        lock.lock();
                    }
                    // Waited out that window (by the clock or a test's sleeper); only a later 429 makes us wait again.
                    waitedUntil = until;
                    continue;
                }
                if (inFlight < limit) {
                    inFlight++;
                    return new Pass(halvings);
                }
                slotFree.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private long throttled(Pass pass, Duration wait, boolean askedTooLong) {
        lock.lock();
        try {
            throttled++;
            if (askedTooLong) {
                overCap++;
            }
            long now = System.nanoTime();
            long until = now + wait.toNanos();
            long from = Math.max(now, closedUntil) - now;
            if (until - closedUntil > 0) {
                waitedNanos += Math.max(0, until - now - from);
                closedUntil = until;
            }
            // The calls sent before the first 429 of a burst get theirs too: that is one signal, halved once.
            if (pass.halvingsAtEntry == halvings) {
                halvings++;
                limit = Math.max(1, limit / 2);
                answeredSinceStep = 0;
            }
            // This caller's own window: it waits that out itself, and enter() holds it for the rest of a longer
            // window another caller's 429 opened (returning the gate's end would let it skip that rest).
            return until;
        } finally {
            lock.unlock();
        }
    }

    private void answered() {
        lock.lock();
        try {
            if (limit < cap && ++answeredSinceStep >= CLIMB_AFTER) {
                limit++;
                answeredSinceStep = 0;
                slotFree.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            inFlight--;
            slotFree.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
