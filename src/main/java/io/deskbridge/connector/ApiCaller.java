package io.deskbridge.connector;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API call with the behaviour every connector needs: a timeout on every call, a 401
 * answered by refreshing the token once, 429 honouring {@code Retry-After}, and 5xx and timeouts
 * retried with backoff where repeating the call is safe. A POST that may have reached the API is
 * not repeated: that could create a record twice.
 */
public final class ApiCaller {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCaller.class);

    /** Supplies the Authorization header and hears when the API refused it. */
    public interface Auth {
        Auth NONE = new Auth() {
            @Override
            public String header() {
                return null;
            }

            @Override
            public void rejected(String header) {
                // nothing to refresh
            }
        };

        String header();

        void rejected(String header);

        /**
         * Whether a refused header can be replaced by a new one (an OAuth refresh): only then is a 401 sent again
         * once. A fixed token refused once is refused again.
         */
        default boolean refreshable() {
            return true;
        }
    }

    /** Waits between attempts; a test or a shutdown can make it return early. */
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    public record Request(
            String method, URI uri, Map<String, String> headers, String body, String contentType, boolean idempotent) {

        public static Request get(URI uri, Map<String, String> headers) {
            return new Request("GET", uri, headers, null, null, true);
        }

        /** A JSON write; {@code idempotent} says whether repeating it after a lost answer is harmless. */
        public static Request json(
                String method, URI uri, Map<String, String> headers, String body, boolean idempotent) {
            return new Request(method, uri, headers, body, "application/json", idempotent);
        }

        public static Request form(URI uri, String body) {
            return new Request("POST", uri, Map.of(), body, "application/x-www-form-urlencoded", true);
        }
    }

    private final String system;
    private final String budgetKey;
    private final CallBudget budget;
    private final HttpClient client;
    private final Auth auth;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final Sleeper sleeper;
    private final SystemGate gate;

    public ApiCaller(
            String system, HttpClient client, Auth auth, RetryPolicy retry, Duration timeout, Sleeper sleeper) {
        this(
                system,
                null,
                CallBudget.UNLIMITED,
                SystemGate.unshared(system, sleeper),
                client,
                auth,
                retry,
                timeout,
                sleeper);
    }

    /**
     * A caller that spends every attempt from {@code budget} under {@code budgetKey} (crm, desk) and goes through
     * {@code gate}, shared with every other caller of the same system.
     */
    public ApiCaller(
            String system,
            String budgetKey,
            CallBudget budget,
            SystemGate gate,
            HttpClient client,
            Auth auth,
            RetryPolicy retry,
            Duration timeout,
            Sleeper sleeper) {
        this.system = system;
        this.gate = gate;
        this.budgetKey = budgetKey;
        this.budget = budget;
        this.client = client;
        this.auth = auth;
        this.retry = retry;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String system() {
        return system;
    }

    public ApiResponse call(Request request) {
        boolean refreshed = false;
        int attempt = 1;
        long waitedUntil = 0;
        while (true) {
            String authHeader = auth.header();
            ApiResponse response;
            Duration throttledFor = null;
            try (SystemGate.Pass pass = enter(request, waitedUntil)) {
                response = send(request, authHeader);
                if (response.status() == 429) {
                    // Closed before the slot is given back, so no other caller starts a call inside the window.
                    Duration asked = retryAfter(response).orElse(retry.backoff(attempt));
                    throttledFor = retry.retryAfter(asked);
                    waitedUntil = pass.throttled(throttledFor, asked.compareTo(retry.maxRetryAfter()) > 0);
                } else if (response.status() < 500) {
                    pass.answered();
                }
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // The request never reached the API, so repeating it is safe whatever the method.
                attempt = waitOrGiveUp(
                        request, attempt, retry.backoff(attempt), "cannot connect: " + e.getMessage(), 0, "CONNECT");
                continue;
            } catch (HttpTimeoutException e) {
                if (!request.idempotent()) {
                    throw ApiException.of(
                            system,
                            0,
                            "TIMEOUT",
                            describe(request) + " timed out after " + timeout.toSeconds()
                                    + " s; not repeated because the API may have applied it",
                            e);
                }
                attempt = waitOrGiveUp(
                        request,
                        attempt,
                        retry.backoff(attempt),
                        "timed out after " + timeout.toSeconds() + " s",
                        0,
                        "TIMEOUT");
                continue;
            } catch (IOException e) {
                if (!request.idempotent()) {
                    throw ApiException.of(system, 0, "IO", describe(request) + " failed: " + e.getMessage(), e);
                }
                attempt = waitOrGiveUp(request, attempt, retry.backoff(attempt), "failed: " + e.getMessage(), 0, "IO");
                continue;
            }
            int status = response.status();
            if (status == 401 && authHeader != null && !refreshed && auth.refreshable()) {
                refreshed = true;
                auth.rejected(authHeader);
                continue;
            }
            if (status == 429) {
                attempt = waitOrGiveUp(
                        request,
                        attempt,
                        throttledFor,
                        "rate limited (429); the " + system + " gate is closed for every caller meanwhile",
                        429,
                        "TOO_MANY_REQUESTS");
                continue;
            }
            if (status >= 500 && (request.idempotent() || status == 503)) {
                attempt = waitOrGiveUp(
                        request, attempt, retry.backoff(attempt), "server error " + status, status, "SERVER_ERROR");
                continue;
            }
            return response;
        }
    }

    private SystemGate.Pass enter(Request request, long waitedUntil) {
        try {
            return gate.enter(waitedUntil);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.of(
                    system,
                    0,
                    "INTERRUPTED",
                    describe(request) + " interrupted while waiting for the " + system + " gate",
                    e);
        }
    }

    private ApiResponse send(Request request, String authHeader) throws IOException {
        calls.incrementAndGet();
        if (budgetKey != null) {
            budget.spend(budgetKey);
        }
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        HttpRequest.Builder b =
                HttpRequest.newBuilder(request.uri()).timeout(timeout).method(request.method(), body);
        if (request.contentType() != null) {
            b.header("Content-Type", request.contentType());
        }
        b.header("Accept", "application/json");
        if (authHeader != null) {
            b.header("Authorization", authHeader);
        }
        request.headers().forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(r.statusCode(), r.headers(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.of(system, 0, "INTERRUPTED", describe(request) + " interrupted", e);
        }
    }

    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    /** Calls sent since this caller was created: the run lease's heartbeat takes a call as a sign of progress. */
    public long calls() {
        return calls.get();
    }

    /** The gate of the system this caller calls: its 429s and waits are part of a run's figures. */
    public SystemGate gate() {
        return gate;
    }

    /** Retries made since this caller was created; runs compare it to their cap. */
    public long retries() {
        return retries.get();
    }

    private int waitOrGiveUp(Request request, int attempt, Duration wait, String what, int status, String code) {
        if (attempt >= retry.maxAttempts()) {
            throw ApiException.of(
                    system, status, code, describe(request) + " " + what + "; gave up after " + attempt + " attempts");
        }
        retries.incrementAndGet();
        LOG.warn(
                "{} {} {}; attempt {} of {}, retrying in {} ms",
                system,
                describe(request),
                what,
                attempt,
                retry.maxAttempts(),
                wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.of(
                    system, status, "INTERRUPTED", describe(request) + " interrupted while waiting to retry", e);
        }
        return attempt + 1;
    }

    /** Method and path only: query strings can carry emails and tokens, which do not belong in logs. */
    static String describe(Request request) {
        return request.method() + " " + request.uri().getPath();
    }

    static java.util.Optional<Duration> retryAfter(ApiResponse response) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return java.util.Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return java.util.Optional.empty();
            }
        }
    }
}
