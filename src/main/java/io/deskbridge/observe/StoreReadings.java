package io.deskbridge.observe;

import io.deskbridge.store.DailyCallBudget;
import io.deskbridge.store.SyncFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state store's figures the gauges show, each kept for {@link #FRESH} once read: a scrape asks for several gauges
 * of every sync at once, and several scrapers may ask, and neither must become a query per gauge.
 */
public final class StoreReadings {

    /** How long a reading is shown before the store is asked again. */
    static final Duration FRESH = Duration.ofSeconds(5);

    private record Reading<T>(T value, Instant at) {}

    private final SyncFigures figures;
    private final DailyCallBudget budget;
    private final Set<String> systems;
    private final Clock clock;
    private final Map<String, Reading<SyncFigures.Figures>> bySync = new ConcurrentHashMap<>();
    private final Map<String, Reading<DailyCallBudget.Usage>> bySystem = new ConcurrentHashMap<>();

    public StoreReadings(SyncFigures figures, DailyCallBudget budget, Set<String> systems, Clock clock) {
        this.figures = figures;
        this.budget = budget;
        this.systems = Set.copyOf(systems);
        this.clock = clock;
    }

    Set<String> budgetedSystems() {
        return new java.util.TreeSet<>(systems);
    }

    SyncFigures.Figures figures(String syncId) {
        return fresh(bySync, syncId, () -> figures.of(syncId));
    }

    double lastSuccessAgeSeconds(String syncId) {
        Instant at = figures(syncId).lastCompleted();
        return at == null ? Double.NaN : secondsSince(at);
    }

    double lagSeconds(String syncId) {
        Instant at = figures(syncId).oldestPending();
        return at == null ? 0 : secondsSince(at);
    }

    double budgetUsed(String system) {
        return usage(system).used();
    }

    /** +Inf for a system without a daily budget (0): nothing to run out of. */
    double budgetLeft(String system) {
        DailyCallBudget.Usage u = usage(system);
        return u.budget() == 0 ? Double.POSITIVE_INFINITY : Math.max(0, u.budget() - u.used());
    }

    private DailyCallBudget.Usage usage(String system) {
        return fresh(bySystem, system, () -> budget.usage(system));
    }

    private double secondsSince(Instant at) {
        return Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
    }

    private <T> T fresh(Map<String, Reading<T>> cache, String key, java.util.function.Supplier<T> read) {
        Instant now = clock.instant();
        Reading<T> r = cache.get(key);
        if (r == null || !now.isBefore(r.at().plus(FRESH))) {
            r = new Reading<>(read.get(), now);
            cache.put(key, r);
        }
        return r.value();
    }
}
