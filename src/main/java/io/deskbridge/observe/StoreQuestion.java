package io.deskbridge.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A question a health check puts to the state store, asked on an executor and waited on for at most {@link #WAIT}:
 * a probe must not wait out the pool's 10 s connection timeout (nor that of a hanging query), and probes every few
 * seconds must not pile up queries. One question is asked at a time: a question not answered in time stays asked, and
 * the next probe takes its answer if it has come by then. An answer is kept {@code fresh} (zero: asked each time).
 */
final class StoreQuestion<T> {

    static final Duration WAIT = Duration.ofSeconds(2);

    /** The store's answer ({@code value}), or why there is none ({@code unanswered}), and when. */
    record Answer<T>(T value, String unanswered, Instant at) {
        boolean answered() {
            return unanswered == null;
        }
    }

    private final Supplier<T> question;
    private final Duration fresh;
    private final Clock clock;
    private final Executor executor;
    private Answer<T> last;
    private CompletableFuture<T> asking;

    StoreQuestion(Supplier<T> question, Duration fresh, Clock clock, Executor executor) {
        this.question = question;
        this.fresh = fresh;
        this.clock = clock;
        this.executor = executor;
    }

    synchronized Answer<T> answer() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.at().plus(fresh))) {
            return last;
        }
        if (asking == null) {
            asking = CompletableFuture.supplyAsync(question, executor);
        }
        try {
            last = new Answer<>(asking.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), null, clock.instant());
            asking = null;
        } catch (TimeoutException e) {
            last = new Answer<>(null, "the state store did not answer within " + WAIT.toSeconds() + " s", now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = new Answer<>(null, "interrupted while asking the state store", now);
        } catch (ExecutionException e) {
            asking = null;
            last = new Answer<>(
                    null, "the state store could not be read: " + e.getCause().getMessage(), now);
        }
        return last;
    }
}
