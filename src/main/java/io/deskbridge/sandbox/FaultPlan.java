package io.deskbridge.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What faults the sandbox injects into the requests of one simulated system ("crm", "desk" or "oauth").
 *
 * <p>Every request of a system with an active plan draws its faults independently:
 * <ul>
 *   <li>with probability {@code tokenRevocations} every access token is revoked before the request is dispatched
 *       (so this API call and later ones get 401 until the client refreshes);</li>
 *   <li>at most one <em>outcome</em> fault, chosen by one draw over the bands {@code tooManyRequests},
 *       {@code serverErrors}, {@code lostAnswers}, {@code timeouts} (their sum must be at most 1, so each probability
 *       is exactly the share of requests that get that fault):
 *     <ul>
 *       <li>too many requests: 429 with {@code Retry-After: retryAfterSeconds} and the system's error envelope,
 *           not applied;</li>
 *       <li>server error: 500 with the system's error envelope, not applied;</li>
 *       <li>lost answer: the request is applied (and committed), then the client gets a 502 instead of the real
 *           answer; a GET/HEAD is not applied and answered like a server error;</li>
 *       <li>timeout: nothing is applied and the answer (a 504) is held back {@code timeoutMillis}, or until the client
 *           gives up and closes the connection;</li>
 *     </ul></li>
 *   <li>with probability {@code slow} the answer (of any outcome but a timeout) is delayed {@code slowMillis}; the
 *       request is applied after the delay, as by a slow server.</li>
 * </ul>
 *
 * @param tooManyRequests   probability of a 429
 * @param retryAfterSeconds value of the {@code Retry-After} header of a 429 (0..3600, default 1)
 * @param serverErrors      probability of a 500 (not applied)
 * @param lostAnswers       probability of a 502 after the request was applied
 * @param slow              probability of a delayed answer
 * @param slowMillis        the delay of a slow answer (0..600000 ms, default 1000)
 * @param timeouts          probability of an answer held back {@code timeoutMillis} (not applied)
 * @param timeoutMillis     how long a timed-out answer is held back (1..600000 ms, default 65000: longer than the
 *                          clients' timeouts)
 * @param tokenRevocations  probability of revoking every access token before the request
 * @param tooManyRequestsMethod the one HTTP method whose requests get the 429s (e.g. {@code POST}: only creates), or
 *                          null for every request; the draws are the same either way
 */
public record FaultPlan(
        double tooManyRequests,
        int retryAfterSeconds,
        double serverErrors,
        double lostAnswers,
        double slow,
        long slowMillis,
        double timeouts,
        long timeoutMillis,
        double tokenRevocations,
        String tooManyRequestsMethod) {

    /** A plan whose 429s hit every method. */
    public FaultPlan(
            double tooManyRequests,
            int retryAfterSeconds,
            double serverErrors,
            double lostAnswers,
            double slow,
            long slowMillis,
            double timeouts,
            long timeoutMillis,
            double tokenRevocations) {
        this(
                tooManyRequests,
                retryAfterSeconds,
                serverErrors,
                lostAnswers,
                slow,
                slowMillis,
                timeouts,
                timeoutMillis,
                tokenRevocations,
                null);
    }

    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    public static final long DEFAULT_SLOW_MILLIS = 1000;
    public static final long DEFAULT_TIMEOUT_MILLIS = 65_000;
    static final long MAX_MILLIS = 600_000;
    static final int MAX_RETRY_AFTER = 3600;

    /** No faults at all. */
    public static final FaultPlan NONE =
            new FaultPlan(0, DEFAULT_RETRY_AFTER_SECONDS, 0, 0, 0, DEFAULT_SLOW_MILLIS, 0, DEFAULT_TIMEOUT_MILLIS, 0);

    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    public static final String RETRY_AFTER = "retry-after";
    public static final String SERVER_ERRORS = "server-errors";
    public static final String LOST_ANSWERS = "lost-answers";
    public static final String SLOW = "slow";
    public static final String SLOW_MS = "slow-ms";
    public static final String TIMEOUTS = "timeouts";
    public static final String TIMEOUT_MS = "timeout-ms";
    public static final String TOKEN_REVOCATIONS = "token-revocations";
    public static final String TOO_MANY_REQUESTS_METHOD = "too-many-requests-method";

    /** The setting keys {@link #parse} accepts, in a stable order. */
    public static final List<String> KEYS = List.of(
            TOO_MANY_REQUESTS,
            RETRY_AFTER,
            SERVER_ERRORS,
            LOST_ANSWERS,
            SLOW,
            SLOW_MS,
            TIMEOUTS,
            TIMEOUT_MS,
            TOKEN_REVOCATIONS,
            TOO_MANY_REQUESTS_METHOD);

    /** Validates every value; throws IllegalArgumentException naming the setting key. */
    public FaultPlan {
        check("", TOO_MANY_REQUESTS, tooManyRequests);
        checkRange("", RETRY_AFTER, retryAfterSeconds, 0, MAX_RETRY_AFTER);
        check("", SERVER_ERRORS, serverErrors);
        check("", LOST_ANSWERS, lostAnswers);
        check("", SLOW, slow);
        checkRange("", SLOW_MS, slowMillis, 0, MAX_MILLIS);
        check("", TIMEOUTS, timeouts);
        checkRange("", TIMEOUT_MS, timeoutMillis, 1, MAX_MILLIS);
        check("", TOKEN_REVOCATIONS, tokenRevocations);
        checkSum("", tooManyRequests, serverErrors, lostAnswers, timeouts);
        if (tooManyRequestsMethod != null && !tooManyRequestsMethod.matches("[A-Z]+")) {
            throw new IllegalArgumentException(TOO_MANY_REQUESTS_METHOD + ": must be an HTTP method such as POST, got '"
                    + tooManyRequestsMethod + "'");
        }
    }

    /** Whether a 429 drawn for a request of {@code method} is sent. */
    boolean throttles(String method) {
        return tooManyRequestsMethod == null || tooManyRequestsMethod.equals(method);
    }

    /**
     * Reads a plan from settings without prefix ({@code too-many-requests=0.1}, {@code retry-after=2}, ...).
     * Missing keys keep their defaults; null or empty settings give {@link #NONE}.
     *
     * @param settings key to value
     * @param where    prefix of the keys where they came from, used in error messages
     *                 (e.g. {@code "deskbridge.sandbox.faults.crm."})
     * @throws IllegalArgumentException on an unknown key or a value that is not a number or out of range; the message
     *                                  names {@code where + key} and what is wrong
     */
    public static FaultPlan parse(Map<String, String> settings, String where) {
        String w = where == null ? "" : where;
        if (settings == null || settings.isEmpty()) {
            return NONE;
        }
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        w + key + ": unknown fault setting (known: " + String.join(", ", KEYS) + ")");
            }
        }
        double tooMany = probability(settings, w, TOO_MANY_REQUESTS);
        int retryAfter = (int) whole(settings, w, RETRY_AFTER, DEFAULT_RETRY_AFTER_SECONDS, 0, MAX_RETRY_AFTER);
        double server = probability(settings, w, SERVER_ERRORS);
        double lost = probability(settings, w, LOST_ANSWERS);
        double slow = probability(settings, w, SLOW);
        long slowMs = whole(settings, w, SLOW_MS, DEFAULT_SLOW_MILLIS, 0, MAX_MILLIS);
        double timeouts = probability(settings, w, TIMEOUTS);
        long timeoutMs = whole(settings, w, TIMEOUT_MS, DEFAULT_TIMEOUT_MILLIS, 1, MAX_MILLIS);
        double revocations = probability(settings, w, TOKEN_REVOCATIONS);
        String method = value(settings, w, TOO_MANY_REQUESTS_METHOD);
        checkSum(w, tooMany, server, lost, timeouts);
        try {
            return new FaultPlan(
                    tooMany,
                    retryAfter,
                    server,
                    lost,
                    slow,
                    slowMs,
                    timeouts,
                    timeoutMs,
                    revocations,
                    method == null ? null : method.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(w + e.getMessage());
        }
    }

    /** True when this plan can inject anything. */
    public boolean active() {
        return tooManyRequests > 0
                || serverErrors > 0
                || lostAnswers > 0
                || slow > 0
                || timeouts > 0
                || tokenRevocations > 0;
    }

    /** The plan as settings {@link #parse} reads back (all keys, stable order). */
    public Map<String, String> toSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TOO_MANY_REQUESTS, Double.toString(tooManyRequests));
        m.put(RETRY_AFTER, Integer.toString(retryAfterSeconds));
        m.put(SERVER_ERRORS, Double.toString(serverErrors));
        m.put(LOST_ANSWERS, Double.toString(lostAnswers));
        m.put(SLOW, Double.toString(slow));
        m.put(SLOW_MS, Long.toString(slowMillis));
        m.put(TIMEOUTS, Double.toString(timeouts));
        m.put(TIMEOUT_MS, Long.toString(timeoutMillis));
        m.put(TOKEN_REVOCATIONS, Double.toString(tokenRevocations));
        if (tooManyRequestsMethod != null) {
            m.put(TOO_MANY_REQUESTS_METHOD, tooManyRequestsMethod);
        }
        return m;
    }

    private static double probability(Map<String, String> settings, String where, String key) {
        String raw = value(settings, where, key);
        if (raw == null) {
            return 0;
        }
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + key + ": must be a probability between 0 and 1, got '" + raw + "'");
        }
        check(where, key, v);
        return v;
    }

    private static long whole(Map<String, String> settings, String where, String key, long dflt, long min, long max) {
        String raw = value(settings, where, key);
        if (raw == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + key + ": must be a whole number between " + min + " and " + max + ", got '" + raw + "'");
        }
        checkRange(where, key, v, min, max);
        return v;
    }

    private static String value(Map<String, String> settings, String where, String key) {
        if (!settings.containsKey(key)) {
            return null;
        }
        String raw = settings.get(key);
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(where + key + ": value is missing");
        }
        return raw.strip();
    }

    private static void check(String where, String key, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(where + key + ": must be a probability between 0 and 1, got " + p);
        }
    }

    private static void checkRange(String where, String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(where + key + ": must be between " + min + " and " + max + ", got " + v);
        }
    }

    private static void checkSum(String where, double tooMany, double server, double lost, double timeouts) {
        double sum = tooMany + server + lost + timeouts;
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException(where + TOO_MANY_REQUESTS + " + " + where + SERVER_ERRORS + " + "
                    + where + LOST_ANSWERS + " + " + where + TIMEOUTS
                    + ": at most one of these faults hits a request, so their sum must be at most 1, got " + sum);
        }
    }
}
