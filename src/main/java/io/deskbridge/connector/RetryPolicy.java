package io.deskbridge.connector;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a call is retried when the API is busy (429) or failing (5xx, timeouts).
 * Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}, with jitter so that several
 * nodes do not retry in step; a {@code Retry-After} from the API wins, up to {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        long base = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    public Duration retryAfter(Duration asked) {
        return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
}
