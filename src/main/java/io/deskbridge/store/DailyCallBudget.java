package io.deskbridge.store;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.CallBudget;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daily API call budget of each system ({@code deskbridge.crm.daily-call-budget}, ...), counted in
 * the state store so every node spends from the same allowance. A day is a UTC calendar day; a budget
 * of 0 means no limit: then the calls are only counted for the status, and saved {@value #SAVE_EVERY}
 * at a time (a crash may lose a few from the count; there is nothing to overspend). Other nodes see a
 * node's count as of its last save.
 */
public final class DailyCallBudget implements CallBudget {

    /** Calls of a system without a limit counted in memory before they are added to the store. */
    static final int SAVE_EVERY = 100;

    public record Usage(long used, long budget, java.time.Instant resetsAt) {}

    private final Jdbc jdbc;
    private final Clock clock;
    private final Map<String, Long> budgets;
    private final Map<String, AtomicLong> unsaved = new ConcurrentHashMap<>();
    /** The UTC day the unsaved counts belong to. */
    private volatile LocalDate countingDay;

    public DailyCallBudget(Jdbc jdbc, Clock clock, Map<String, Long> budgets) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.budgets = Map.copyOf(budgets);
        this.countingDay = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    @Override
    public void spend(String system) {
        // Apart from a dry run's rolled-back transaction: its calls were made, and the shared row must not stay locked.
        jdbc.apart(() -> {
            spendNow(system);
            return null;
        });
    }

    private void spendNow(String system) {
        long budget = budgets.getOrDefault(system, 0L);
        if (budget == 0) {
            // No limit to enforce: the calls are counted here and saved in blocks, not one store write per call.
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            if (!today.equals(countingDay)) {
                synchronized (this) {
                    if (!today.equals(countingDay)) {
                        saveAll();
                        countingDay = today;
                    }
                }
            }
            if (unsaved.computeIfAbsent(system, s -> new AtomicLong()).incrementAndGet() >= SAVE_EVERY) {
                save(system);
            }
            return;
        }
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        int n = jdbc.update(
                "UPDATE api_usage SET calls = calls + 1 WHERE system = ? AND usage_day = ? AND (? = 0 OR calls < ?)",
                system,
                day,
                budget,
                budget);
        if (n == 1) {
            return;
        }
        if (used(system, day) == 0) {
            try {
                jdbc.update("INSERT INTO api_usage (system, usage_day, calls) VALUES (?, ?, 1)", system, day);
                return;
            } catch (StoreException raced) {
                spendNow(system);
                return;
            }
        }
        throw ApiException.of(
                system,
                0,
                "BUDGET",
                "the daily budget of " + budget + " " + system + " API calls is used up; runs go on after "
                        + resetsAt(day) + " (UTC midnight)");
    }

    public Usage usage(String system) {
        save(system);
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new Usage(used(system, day), budgets.getOrDefault(system, 0L), resetsAt(day));
    }

    /** Saves every count not saved yet; called when the runtime stops. */
    public void saveAll() {
        unsaved.keySet().forEach(this::save);
    }

    /**
     * Adds the calls counted here since the last save (systems without a limit only), to the day they
     * were counted on.
     */
    private void save(String system) {
        jdbc.apart(() -> {
            saveNow(system);
            return null;
        });
    }

    private void saveNow(String system) {
        AtomicLong counted = unsaved.get(system);
        long n = counted == null ? 0 : counted.getAndSet(0);
        if (n == 0) {
            return;
        }
        LocalDate day = countingDay;
        String add = "UPDATE api_usage SET calls = calls + ? WHERE system = ? AND usage_day = ?";
        if (jdbc.update(add, n, system, day) == 0) {
            try {
                jdbc.update("INSERT INTO api_usage (system, usage_day, calls) VALUES (?, ?, ?)", system, day, n);
            } catch (StoreException raced) {
                // Another node started the day's row first.
                jdbc.update(add, n, system, day);
            }
        }
    }

    private long used(String system, LocalDate day) {
        return jdbc.queryOne(
                        "SELECT calls FROM api_usage WHERE system = ? AND usage_day = ?",
                        rs -> rs.getLong(1),
                        system,
                        day)
                .orElse(0L);
    }

    private static java.time.Instant resetsAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
