package io.deskbridge.connector;

import java.time.Duration;

/**
 * Waits between retries until the runtime stops: then every wait, current or future, ends at once, so a
 * retry loop honouring a long {@code Retry-After} does not hold up a shutdown.
 */
public final class StoppableSleeper implements ApiCaller.Sleeper {

    private boolean stopped;

    @Override
    public synchronized void sleep(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        long left;
        while (!stopped && (left = until - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        if (stopped) {
            throw new InterruptedException("Deskbridge is stopping");
        }
    }

    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
