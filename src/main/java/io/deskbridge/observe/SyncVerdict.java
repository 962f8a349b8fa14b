package io.deskbridge.observe;

import io.deskbridge.store.HealthFacts;
import io.deskbridge.store.SyncStates;
import io.deskbridge.sync.run.SyncRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a sync's health (README "Health"), apart from where their facts come from ({@link SyncHealthCheck}).
 * A sync a human stopped (paused, disabled, direction none) is UP and says so: nothing is wrong with it. An active
 * sync is DOWN while its credentials are refused, a daily budget of its systems is used up, or it is late; one that
 * paused itself is DOWN. Camel's health has no DEGRADED, so a budget stop is DOWN too, and its message says it lifts
 * at 00:00 UTC.
 */
final class SyncVerdict {

    /** One system's daily budget today: calls used, the limit (0: none), and when it starts again. */
    record Budget(String system, long used, long limit, Instant resetsAt) {
        boolean exhausted() {
            return limit > 0 && used >= limit;
        }
    }

    /**
     * What a verdict is made of. {@code runs}: whether the sync runs at all in its direction (chats with direction
     * none do not); {@code lastSuccess}: the end of its last run that went through
     * (store/SyncFigures.WENT_THROUGH), null if none; {@code period}:
     * the gap between its schedule's next two fires, null when it fires fewer than twice more.
     */
    record Facts(
            String syncId,
            SyncStates.Row state,
            boolean runs,
            HealthFacts.LastRun lastRun,
            Instant lastSuccess,
            Duration period,
            List<Budget> budgets) {}

    record Verdict(boolean up, String message) {}

    private SyncVerdict() {}

    static Verdict of(Facts f, int lateAfterPeriods, Instant now) {
        SyncStates.Row s = f.state();
        // Camel 4.18 escapes a check's message twice ('/' reads as '\/'): Deskbridge's own words avoid slashes.
        String activate = "activate it through the admin API";
        switch (s.state()) {
            case DISABLED:
                return new Verdict(true, "disabled" + (s.reason() == null ? " by an admin" : ": " + s.reason()));
            case PAUSED:
                if (s.reason() != null && s.reason().startsWith(SyncRuns.PAUSED_ITSELF)) {
                    return new Verdict(false, s.reason() + "; fix the cause, then " + activate);
                }
                return new Verdict(
                        true,
                        "paused by an admin" + (s.reason() == null ? "" : ": " + s.reason()) + "; to resume it, "
                                + activate);
            default:
                break;
        }
        if (!f.runs()) {
            return new Verdict(true, "active with direction none: nothing flows either way, so it does not run");
        }
        List<String> wrong = new ArrayList<>();
        HealthFacts.LastRun last = f.lastRun();
        if (last != null && last.credentialsRefused()) {
            wrong.add("credentials refused: run " + last.runId() + " failed at " + last.endedAt() + ": "
                    + last.message());
        }
        for (Budget b : f.budgets()) {
            if (b.exhausted()) {
                wrong.add("budget stop: the daily budget of " + b.limit() + " " + b.system()
                        + " API calls is used up, until 00:00 UTC (" + b.resetsAt() + ") when runs go on");
            }
        }
        String late = late(f, lateAfterPeriods, now);
        if (late != null) {
            wrong.add(late);
        }
        if (!wrong.isEmpty()) {
            return new Verdict(false, String.join("; ", wrong));
        }
        Instant success = lastSuccess(f);
        String running = s.running(now) ? "; run " + s.runningRunId() + " is in progress" : "";
        return new Verdict(
                true,
                (success == null
                                ? "active; no successful run yet (active since " + s.since() + ")"
                                : "active; last successful run ended at " + success)
                        + running);
    }

    /**
     * Late: nothing went through for more than {@code lateAfterPeriods} schedule periods, counted from its last
     * successful run or, when later (or none), from its activation: a sync an admin has just activated again is not
     * late for the weeks it was paused. Not from this process's start, which differs from node to node. Nor while a
     * run makes progress (a long first run): stuck, it stops renewing its lease and is late again.
     */
    private static String late(Facts f, int lateAfterPeriods, Instant now) {
        if (f.period() == null || f.state().running(now)) {
            return null;
        }
        Instant success = lastSuccess(f);
        boolean sinceActivation = success == null || s(f).isAfter(success);
        Instant from = sinceActivation ? s(f) : success;
        Duration allowed = f.period().multipliedBy(lateAfterPeriods);
        Duration age = Duration.between(from, now);
        if (age.compareTo(allowed) <= 0) {
            return null;
        }
        return "late: no successful run since "
                + (sinceActivation ? "it was activated at " + from : from)
                + " (" + Durations.words(age) + " ago), more than " + lateAfterPeriods + " schedule periods of "
                + Durations.words(f.period()) + " (deskbridge.health.late-after-periods)";
    }

    private static Instant s(Facts f) {
        return f.state().since();
    }

    /** The later of the store's figure (read a few seconds ago) and the last run, if that one went through. */
    static Instant lastSuccess(Facts f) {
        Instant success = f.lastSuccess();
        HealthFacts.LastRun last = f.lastRun();
        if (last != null
                && last.wentThrough()
                && last.endedAt() != null
                && (success == null || last.endedAt().isAfter(success))) {
            return last.endedAt();
        }
        return success;
    }
}
