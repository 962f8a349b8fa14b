package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry, refresh and timeout behaviour of every API call, against a scripted HTTP server. */
class ApiCallerTest {

    ScriptedApi api;
    final List<Duration> waits = new ArrayList<>();
    final RetryPolicy policy =
            new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    ApiCaller caller(ApiCaller.Auth auth, Duration timeout) {
        return new ApiCaller(
                "Test API", ApiCaller.newHttpClient(Duration.ofSeconds(2)), auth, policy, timeout, waits::add);
    }

    ApiCaller.Request get() {
        return ApiCaller.Request.get(URI.create(api.uri() + "/records"), Map.of());
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
        api.then(new ScriptedApi.Answer(429, Map.of("Retry-After", "7"), "{\"code\":\"TOO_MANY_REQUESTS\"}", 0))
                .then(200, "{\"data\":[]}");
        ApiResponse r = caller(ApiCaller.Auth.NONE, Duration.ofSeconds(5)).call(get());
        assertEquals(200, r.status());
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
        assertEquals(2, api.seen.size());
    }

    @Test
    void aRetryAfterBeyondTheCapIsCapped() {
        api.then(new ScriptedApi.Answer(429, Map.of("Retry-After", "86400"), "", 0))
                .then(200, "{}");
        caller(ApiCaller.Auth.NONE, Duration.ofSeconds(5)).call(get());
        assertEquals(List.of(Duration.ofSeconds(60)), waits);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffThenGivenUp() {
        for (int i = 0; i < 4; i++) {
            api.then(503, "{\"code\":\"INTERNAL_ERROR\"}");
        }
        ApiException e = assertThrows(
                ApiException.class,
                () -> caller(ApiCaller.Auth.NONE, Duration.ofSeconds(5)).call(get()));
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
        assertEquals(3, waits.size());
        for (int i = 0; i < waits.size(); i++) {
            long cap = 200L << i;
            assertTrue(
                    waits.get(i).toMillis() >= cap / 2 && waits.get(i).toMillis() <= cap,
                    "wait " + i + " = " + waits.get(i));
        }
    }

    @Test
    void aPostThatMayHaveBeenAppliedIsNotRepeated() {
        api.then(500, "{\"code\":\"INTERNAL_ERROR\"}");
        ApiCaller.Request create =
                ApiCaller.Request.json("POST", URI.create(api.uri() + "/records"), Map.of(), "{}", false);
        ApiResponse r = caller(ApiCaller.Auth.NONE, Duration.ofSeconds(5)).call(create);
        assertEquals(500, r.status(), "handed back to the connector, not retried");
        assertEquals(1, api.seen.size());
    }

    @Test
    void aSlowAnswerTimesOutAndAReadIsRetried() {
        api.then(new ScriptedApi.Answer(200, Map.of(), "{}", 1500)).then(200, "{\"ok\":true}");
        ApiResponse r = caller(ApiCaller.Auth.NONE, Duration.ofMillis(300)).call(get());
        assertEquals("{\"ok\":true}", r.body());
        assertEquals(1, waits.size());
    }

    @Test
    void aSlowCreateTimesOutWithoutBeingRepeated() {
        api.then(new ScriptedApi.Answer(200, Map.of(), "{}", 1500));
        ApiCaller.Request create =
                ApiCaller.Request.json("POST", URI.create(api.uri() + "/records"), Map.of(), "{}", false);
        ApiException e = assertThrows(
                ApiException.class,
                () -> caller(ApiCaller.Auth.NONE, Duration.ofMillis(300)).call(create));
        assertEquals("TIMEOUT", e.code());
        assertEquals(1, api.seen.size());
    }

    @Test
    void a401RefreshesTheTokenOnceAndRetries() {
        api.then(401, "{\"code\":\"INVALID_TOKEN\"}").then(200, "{}");
        CountingAuth auth = new CountingAuth();
        ApiResponse r = caller(auth, Duration.ofSeconds(5)).call(get());
        assertEquals(200, r.status());
        assertEquals(1, auth.rejected.get());
        assertEquals("Zoho-oauthtoken t1", api.seen.get(0).authorization());
        assertEquals("Zoho-oauthtoken t2", api.seen.get(1).authorization());
    }

    @Test
    void aSecond401IsHandedBackInsteadOfLooping() {
        api.then(401, "{}").then(401, "{}").then(200, "{}");
        CountingAuth auth = new CountingAuth();
        ApiResponse r = caller(auth, Duration.ofSeconds(5)).call(get());
        assertEquals(401, r.status());
        assertEquals(1, auth.rejected.get(), "refreshed once only");
        assertEquals(2, api.seen.size());
    }

    @Test
    void retryAfterAsAnHttpDateIsUnderstood() {
        String inTwoSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(3));
        ApiResponse r = new ApiResponse(
                429, java.net.http.HttpHeaders.of(Map.of("Retry-After", List.of(inTwoSeconds)), (a, b) -> true), "");
        long s = ApiCaller.retryAfter(r).orElseThrow().toSeconds();
        assertTrue(s >= 1 && s <= 3, "seconds: " + s);
    }

    static final class CountingAuth implements ApiCaller.Auth {
        final AtomicInteger rejected = new AtomicInteger();
        int token = 1;

        @Override
        public String header() {
            return "Zoho-oauthtoken t" + token;
        }

        @Override
        public void rejected(String header) {
            rejected.incrementAndGet();
            token++;
        }
    }
}
