package io.deskbridge.observe;

import io.deskbridge.model.RunCounters;
import io.deskbridge.model.RunStatus;
import io.deskbridge.sync.run.SyncRuns;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Deskbridge's own meters, per sync (README "Metrics"). The counters count the runs this node ended, from each run's
 * figures: Prometheus sums them over the nodes. The gauges read the shared state store (through {@link StoreReadings}),
 * so every node reports the same truth whichever node ran the sync.
 */
public final class SyncMetrics {

    /** The run duration histogram's buckets: a fixed few, not the 69 of a percentile histogram. */
    static final Duration[] DURATION_BUCKETS = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(30)
    };

    /** Each outcome a record can end in, and where a run's figures keep it. */
    static final Map<String, ToIntFunction<RunCounters.Snapshot>> OUTCOMES = outcomes();

    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private static Map<String, ToIntFunction<RunCounters.Snapshot>> outcomes() {
        Map<String, ToIntFunction<RunCounters.Snapshot>> m = new java.util.LinkedHashMap<>();
        m.put("created", RunCounters.Snapshot::created);
        m.put("updated", RunCounters.Snapshot::updated);
        m.put("linked", RunCounters.Snapshot::linked);
        m.put("unchanged", RunCounters.Snapshot::unchanged);
        m.put("excluded", RunCounters.Snapshot::excluded);
        m.put("conflict", RunCounters.Snapshot::conflicts);
        m.put("failed", RunCounters.Snapshot::failed);
        m.put("deleted", RunCounters.Snapshot::deleted);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Makes every sync's series at 0 before its first run (a rate over a series that appears with its first value
     * misses that value), and its gauges over the store.
     */
    public void register(Map<String, List<String>> systemsOfSync, StoreReadings store) {
        for (String sync : systemsOfSync.keySet()) {
            for (RunStatus status : RunStatus.values()) {
                if (status != RunStatus.RUNNING) {
                    runs(sync, status);
                }
            }
            duration(sync);
            OUTCOMES.keySet().forEach(outcome -> records(sync, outcome));
            for (String system : systemsOfSync.get(sync)) {
                apiCalls(sync, system);
                throttled(sync, system);
                waited(sync, system);
            }
            gauge(
                    "deskbridge.last.success.age",
                    sync,
                    "seconds",
                    "Seconds since the end of the sync's last run that went through (SUCCEEDED, or PARTIAL with a record"
                            + " synced), on any node; NaN before one",
                    () -> store.lastSuccessAgeSeconds(sync));
            gauge(
                    "deskbridge.records.failing",
                    sync,
                    null,
                    "Records whose last write failed (their errors), parked ones included",
                    () -> store.figures(sync).failing());
            gauge(
                    "deskbridge.records.parked",
                    sync,
                    null,
                    "Failing records no longer retried (deskbridge.sync.max-attempts used up) until a replay",
                    () -> store.figures(sync).parked());
            gauge(
                    "deskbridge.lag",
                    sync,
                    "seconds",
                    "Age of the oldest change pulled and not synced yet; 0 when none waits",
                    () -> store.lagSeconds(sync));
        }
        for (String system : store.budgetedSystems()) {
            io.micrometer.core.instrument.Gauge.builder("deskbridge.daily.budget.used", () -> store.budgetUsed(system))
                    .description("API calls spent today (UTC) from the system's daily budget, by every node")
                    .tag("system", system)
                    .register(registry);
            io.micrometer.core.instrument.Gauge.builder("deskbridge.daily.budget.left", () -> store.budgetLeft(system))
                    .description("API calls left today (UTC) in the system's daily budget; +Inf without a budget")
                    .tag("system", system)
                    .register(registry);
        }
    }

    /**
     * Counts a run this node ended. A dry run's calls count (they were made, from the same budget); its status, time
     * and records do not: they are what a run would do, and counted they would move the alerts on runs and records.
     */
    public void ended(SyncRuns.Ended run) {
        String sync = run.syncId();
        if (!run.dryRun()) {
            runs(sync, run.status()).increment();
            duration(sync).record(run.took());
            OUTCOMES.forEach((outcome, figure) -> records(sync, outcome).increment(figure.applyAsInt(run.counters())));
        }
        for (int i = 0; i < run.systems().size(); i++) {
            String system = run.systems().get(i);
            apiCalls(sync, system).increment(run.calls().get(i));
            throttled(sync, system).increment(run.throttling().get(i).throttled());
            waited(sync, system).increment(run.throttling().get(i).waitedMillis() / 1000.0);
        }
    }

    private Counter runs(String sync, RunStatus status) {
        return Counter.builder("deskbridge.runs")
                .description("Runs ended on this node, by status")
                .tags("sync", sync, "status", status.name())
                .register(registry);
    }

    private Timer duration(String sync) {
        return Timer.builder("deskbridge.run.duration")
                .description("How long runs took, from start to end")
                .tag("sync", sync)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }

    private Counter records(String sync, String outcome) {
        return Counter.builder("deskbridge.records")
                .description("Records the runs of this node ended, by outcome; conflict counts field conflicts (the"
                        + " run's conflicts: one per field both sides changed; for chats, chats matching several"
                        + " records), a record's own conflict is excluded")
                .tags("sync", sync, "outcome", outcome)
                .register(registry);
    }

    private Counter apiCalls(String sync, String system) {
        return Counter.builder("deskbridge.api.calls")
                .description("API calls the runs of this node made, by system")
                .tags("sync", sync, "system", system)
                .register(registry);
    }

    private Counter throttled(String sync, String system) {
        return Counter.builder("deskbridge.api.throttled")
                .description("429 answers the runs of this node met, by system")
                .tags("sync", sync, "system", system)
                .register(registry);
    }

    private Counter waited(String sync, String system) {
        return Counter.builder("deskbridge.api.wait")
                .description("Seconds the system's gate stayed closed after a 429 during the runs of this node")
                .baseUnit("seconds")
                .tags("sync", sync, "system", system)
                .register(registry);
    }

    private void gauge(
            String name, String sync, String unit, String description, java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value)
                .description(description)
                .tag("sync", sync)
                .baseUnit(unit)
                .register(registry);
    }
}
