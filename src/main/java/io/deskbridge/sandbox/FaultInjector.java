package io.deskbridge.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's fault injection: one {@link FaultPlan} per simulated system ("crm", "desk", "oauth"), a random
 * source and counters of what was injected. Thread-safe.
 *
 * <p>Every request of a system whose plan is {@linkplain FaultPlan#active() active} takes exactly three draws from
 * one {@link Random} (token revocation, outcome, slow), under a lock; requests of systems without faults draw nothing.
 * After {@link #seed(long)} the same sequence of requests, sent one after another, therefore meets the same faults.
 * Concurrent requests draw in the order they arrive.
 *
 * <p>Counters are keyed {@code <system>.<kind>} with kind {@code 429}, {@code 500}, {@code lost} (502 after a
 * write was applied; a lost answer drawn for a GET is answered and counted as {@code 500}), {@code timeout},
 * {@code slow} and {@code revoked}.
 */
public final class FaultInjector {

    /** The systems faults can be set for. */
    public static final List<String> SYSTEMS = List.of("crm", "desk", "oauth", "chat", "sell");

    /** What happens to the request instead of (or after) the normal answer. */
    enum Outcome {
        NONE,
        TOO_MANY_REQUESTS,
        SERVER_ERROR,
        LOST_ANSWER,
        TIMEOUT
    }

    /** The faults drawn for one request. */
    record Decision(FaultPlan plan, boolean revoke, Outcome outcome, boolean slow) {

        static final Decision NONE = new Decision(FaultPlan.NONE, false, Outcome.NONE, false);

        boolean any() {
            return revoke || slow || outcome != Outcome.NONE;
        }
    }

    private final Map<String, FaultPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Random random = new Random();

    public FaultInjector() {
        clear();
    }

    /** Set the plan of "crm", "desk" or "oauth" (null = {@link FaultPlan#NONE}). */
    public void set(String system, FaultPlan plan) {
        plans.put(checkSystem(system), plan == null ? FaultPlan.NONE : plan);
    }

    /** The current plan of "crm", "desk" or "oauth". */
    public FaultPlan plan(String system) {
        return plans.get(checkSystem(system));
    }

    /** All plans, by system. */
    public Map<String, FaultPlan> plans() {
        Map<String, FaultPlan> out = new TreeMap<>();
        for (String s : SYSTEMS) {
            out.put(s, plans.get(s));
        }
        return out;
    }

    /** Back to no faults for every system (counters are kept; see {@link #resetCounters()}). */
    public void clear() {
        for (String s : SYSTEMS) {
            plans.put(s, FaultPlan.NONE);
        }
    }

    /** Reseed the random source, so a run of sequential requests meets a reproducible sequence of faults. */
    public void seed(long seed) {
        synchronized (lock) {
            random.setSeed(seed);
        }
    }

    /** Snapshot of the injection counters ({@code "crm.429" -> n}, ...), sorted by key; only non-zero ones. */
    public Map<String, Long> injected() {
        return new TreeMap<>(counters);
    }

    public void resetCounters() {
        counters.clear();
    }

    /** Draws the faults of one request of {@code system}; {@code applies} is false for requests that change nothing. */
    Decision decide(String system, boolean applies) {
        return decide(system, null, applies);
    }

    /** As {@link #decide(String, boolean)}, for a request of {@code method} (a plan may send its 429s to one method only). */
    Decision decide(String system, String method, boolean applies) {
        FaultPlan plan = plans.get(system);
        if (plan == null || !plan.active()) {
            return Decision.NONE;
        }
        double r;
        double o;
        double s;
        synchronized (lock) {
            r = random.nextDouble();
            o = random.nextDouble();
            s = random.nextDouble();
        }
        boolean revoke = r < plan.tokenRevocations();
        Outcome outcome = Outcome.NONE;
        double band = plan.tooManyRequests();
        if (o < band) {
            outcome = method == null || plan.throttles(method) ? Outcome.TOO_MANY_REQUESTS : Outcome.NONE;
        } else if (o < (band += plan.serverErrors())) {
            outcome = Outcome.SERVER_ERROR;
        } else if (o < (band += plan.lostAnswers())) {
            outcome = applies ? Outcome.LOST_ANSWER : Outcome.SERVER_ERROR;
        } else if (o < band + plan.timeouts()) {
            outcome = Outcome.TIMEOUT;
        }
        boolean slow = outcome != Outcome.TIMEOUT && s < plan.slow();
        if (revoke) {
            count(system, "revoked");
        }
        switch (outcome) {
            case TOO_MANY_REQUESTS -> count(system, "429");
            case SERVER_ERROR -> count(system, "500");
            case LOST_ANSWER -> count(system, "lost");
            case TIMEOUT -> count(system, "timeout");
            case NONE -> {}
        }
        if (slow) {
            count(system, "slow");
        }
        return new Decision(plan, revoke, outcome, slow);
    }

    private void count(String system, String kind) {
        counters.merge(system + "." + kind, 1L, Long::sum);
    }

    static String checkSystem(String system) {
        if (!SYSTEMS.contains(Objects.requireNonNull(system, "system"))) {
            throw new IllegalArgumentException("unknown system '" + system + "', expected one of " + SYSTEMS);
        }
        return system;
    }
}
