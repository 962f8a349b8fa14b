package io.deskbridge.store;

import java.time.Duration;

/**
 * A write that must not be lost to a state store that is away for a moment (a restarted server, a failover): tried
 * again while the store cannot be reached, for a bounded time. A statement the store refuses is not tried again.
 */
public final class WhileUnreachable {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private final Duration bound;

    public WhileUnreachable(Duration bound) {
        this.bound = bound;
    }

    public Duration bound() {
        return bound;
    }

    /**
     * Runs {@code write}, again after a pause each time the store is unreachable, until it succeeds or {@link #bound}
     * has passed; then the last failure is thrown. An interrupt stops the waiting and throws the last failure too.
     */
    public void write(Runnable write) {
        // Wall time, not the runtime's clock: a test's clock that stands still must not make this wait for ever.
        long giveUp = System.nanoTime() + bound.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                write.run();
                return;
            } catch (StoreException e) {
                if (!e.unreachable() || System.nanoTime() + pause.toNanos() - giveUp >= 0) {
                    throw e;
                }
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
