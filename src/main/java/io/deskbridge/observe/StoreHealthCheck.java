package io.deskbridge.observe;

import io.deskbridge.store.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the node ({@code store}): UP once the state store's migrations have run on a first good connection,
 * and while it answers. Every admin call and run needs the store, so a node that cannot reach it should get no
 * traffic. The answer is kept {@link #FRESH} and waited for at most {@link #WAIT} ({@link StoreQuestion}): probes every
 * few seconds from every load balancer must not become queries each, nor wait out the pool's 10 s connection timeout.
 */
public final class StoreHealthCheck extends AbstractHealthCheck {

    static final Duration FRESH = Duration.ofSeconds(5);
    static final Duration WAIT = StoreQuestion.WAIT;

    private record Answer(boolean up, String message) {}

    private final Clock clock;
    private final StoreQuestion<Answer> question;
    private volatile Runnable ping;
    private volatile Instant openedAt;

    /** @param executor where the store is asked, so an answer that is slow to come does not hold the probe */
    public StoreHealthCheck(Clock clock, Executor executor) {
        super("deskbridge", "store");
        this.clock = clock;
        this.question = new StoreQuestion<>(this::ask, FRESH, clock, executor);
    }

    /** A ping of the store: one {@code SELECT 1} on a pooled connection. */
    public static Runnable selectOne(Jdbc jdbc) {
        return () -> jdbc.queryOne("SELECT 1", rs -> rs.getInt(1));
    }

    /** The store is migrated, on a first good connection: from now on the check asks it with {@code ping}. */
    public void opened(Runnable ping) {
        this.openedAt = clock.instant();
        this.ping = ping;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (ping == null) {
            builder.down().message("the state store is not open yet: its migrations have not run");
            return;
        }
        StoreQuestion.Answer<Answer> a = question.answer();
        boolean up = a.answered() && a.value().up();
        builder.state(up ? State.UP : State.DOWN)
                .message(a.answered() ? a.value().message() : a.unanswered());
        builder.detail("opened.at", openedAt.toString());
        builder.detail("asked.at", a.at().toString());
    }

    private Answer ask() {
        try {
            ping.run();
            return new Answer(true, "the state store answers");
        } catch (RuntimeException e) {
            return new Answer(false, "the state store cannot be reached: " + e.getMessage());
        }
    }
}
