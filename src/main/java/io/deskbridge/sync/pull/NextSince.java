package io.deskbridge.sync.pull;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the next incremental read starts, given what this one saw. Just past the newest change read,
 * but never later than shortly before the API's own clock at the first page: a record changed while
 * we were reading shares the newest timestamp or comes after it, and must not be skipped. Records
 * read twice because of that margin are recognised as unchanged and cost no write.
 */
public final class NextSince {

    private final Instant previous;
    private final Duration step;
    private final Instant ceiling;
    private Instant newest;

    /**
     * @param previous   where this read started (null on the first read)
     * @param step       the timestamp resolution of the API (1 s for the CRM, 1 ms for the Desk)
     * @param serverTime the API's clock when it answered the first page
     * @param margin     how far before that clock the watermark must stay
     */
    public NextSince(Instant previous, Duration step, Instant serverTime, Duration margin) {
        this.previous = previous;
        this.step = step;
        this.ceiling = serverTime.minus(margin);
    }

    public void saw(Instant modified) {
        if (modified != null && (newest == null || modified.isAfter(newest))) {
            newest = modified;
        }
    }

    /** The watermark to store, or {@code previous} when nothing newer is known. */
    public Instant value() {
        if (newest == null) {
            return previous;
        }
        Instant next = newest.plus(step);
        if (next.isAfter(ceiling)) {
            next = ceiling;
        }
        if (previous != null && next.isBefore(previous)) {
            return previous;
        }
        return next;
    }
}
