package io.deskbridge.observe;

import io.deskbridge.store.DailyCallBudget;
import io.deskbridge.store.HealthFacts;
import io.deskbridge.store.SyncFigures;
import io.deskbridge.store.SyncStates;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Executor;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.CronExpression;

/**
 * The health of one sync ({@code sync-<id>}), from the shared state store, so every node says the same whichever node
 * runs it. Neither liveness nor readiness: a sync that is DOWN is fixed through this node's admin API, so it must not
 * take the node out of a load balancer, nor have it restarted. Shown at /observe/health.
 */
public final class SyncHealthCheck extends AbstractHealthCheck {

    /** The key of how many schedule periods a sync may go without a successful run before it is late. */
    public static final String LATE_AFTER_PERIODS = "deskbridge.health.late-after-periods";

    /**
     * What the check needs to know of the sync besides the store; {@code runsWithoutFlow}: whether it runs with
     * direction none too (ModuleSpec.runsWithoutFlow).
     */
    public record Sync(String id, String cron, TimeZone zone, boolean runsWithoutFlow, List<String> systems) {}

    /** What the store says of the sync; {@code state} null when it has none. */
    private record Reading(
            SyncStates.Row state,
            HealthFacts.LastRun lastRun,
            SyncFigures.Figures figures,
            List<SyncVerdict.Budget> budgets) {}

    private final Sync sync;
    private final CronExpression schedule;
    private final SyncStates states;
    private final HealthFacts facts;
    private final StoreReadings store;
    private final int lateAfterPeriods;
    private final Clock clock;
    private final StoreQuestion<Reading> question;

    /**
     * @param executor where the store is asked: a probe waits for it at most {@link StoreQuestion#WAIT}, not the
     *     three queries' connection timeouts
     */
    public SyncHealthCheck(
            Sync sync,
            SyncStates states,
            HealthFacts facts,
            StoreReadings store,
            int lateAfterPeriods,
            Clock clock,
            Executor executor) {
        super("deskbridge", "sync-" + sync.id());
        this.sync = sync;
        this.schedule = cron(sync);
        this.states = states;
        this.facts = facts;
        this.store = store;
        this.lateAfterPeriods = lateAfterPeriods;
        this.clock = clock;
        // Asked afresh at each probe (an admin's activate shows at once); the figures are StoreReadings' own few
        // seconds.
        this.question = new StoreQuestion<>(this::read, Duration.ZERO, clock, executor);
    }

    private static CronExpression cron(Sync sync) {
        try {
            CronExpression c = new CronExpression(sync.cron());
            c.setTimeZone(sync.zone());
            return c;
        } catch (ParseException e) {
            // Checked with its key when the syncs were read (DeskbridgeConfiguration.cron).
            throw new IllegalArgumentException(sync.cron() + " is not a Quartz cron expression", e);
        }
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StoreQuestion.Answer<Reading> answer = question.answer();
        if (!answer.answered()) {
            // The store's own check (readiness) says the store is down; this one cannot tell the sync's state either
            // way: UNKNOWN, not a DOWN per sync for the one cause the store check already names.
            builder.unknown().message(answer.unanswered());
            return;
        }
        Reading r = answer.value();
        if (r.state() == null) {
            builder.unknown().message("the state store has no state for sync '" + sync.id() + "'");
            return;
        }
        Instant now = clock.instant();
        SyncFigures.Figures figures = r.figures();
        SyncVerdict.Facts f = new SyncVerdict.Facts(
                sync.id(),
                r.state(),
                sync.runsWithoutFlow() || r.state().direction().flows(),
                r.lastRun(),
                figures.lastCompleted(),
                period(now),
                r.budgets());
        SyncVerdict.Verdict v = SyncVerdict.of(f, lateAfterPeriods, now);
        builder.state(v.up() ? State.UP : State.DOWN).message(v.message());
        builder.detail("state", f.state().state().name());
        if (f.state().reason() != null) {
            builder.detail("state.reason", f.state().reason());
        }
        Instant success = SyncVerdict.lastSuccess(f);
        builder.detail("last.success", success == null ? "none" : success.toString());
        if (f.lastRun() != null) {
            builder.detail("last.run.id", f.lastRun().runId());
            builder.detail("last.run.status", f.lastRun().status().name());
            if (f.lastRun().failureKind() != null) {
                builder.detail("last.run.failure", f.lastRun().failureKind());
            }
            if (f.lastRun().message() != null) {
                // Exact here: the data is not escaped twice as the message is.
                builder.detail("last.run.message", f.lastRun().message());
            }
        }
        builder.detail("records.failing", figures.failing());
        builder.detail("records.parked", figures.parked());
        if (f.period() != null) {
            builder.detail("schedule.period.seconds", f.period().toSeconds());
            builder.detail(
                    "late.after.seconds",
                    f.period().multipliedBy(lateAfterPeriods).toSeconds());
        }
        for (SyncVerdict.Budget b : f.budgets()) {
            builder.detail("budget." + b.system() + ".used", b.used());
            builder.detail("budget." + b.system() + ".limit", b.limit());
        }
    }

    private Reading read() {
        SyncStates.Row state = states.find(sync.id()).orElse(null);
        if (state == null) {
            return new Reading(null, null, null, List.of());
        }
        return new Reading(state, facts.lastRun(sync.id()).orElse(null), store.figures(sync.id()), budgets());
    }

    /** The gap between the schedule's next two fires; null when it fires fewer than twice more (never late). */
    private Duration period(Instant now) {
        Date first = schedule.getNextValidTimeAfter(Date.from(now));
        Date second = first == null ? null : schedule.getNextValidTimeAfter(first);
        return second == null ? null : Duration.between(first.toInstant(), second.toInstant());
    }

    private List<SyncVerdict.Budget> budgets() {
        return sync.systems().stream()
                .filter(store.budgetedSystems()::contains)
                .map(system -> {
                    DailyCallBudget.Usage u = store.usage(system);
                    return new SyncVerdict.Budget(system, u.used(), u.budget(), u.resetsAt());
                })
                .toList();
    }
}
