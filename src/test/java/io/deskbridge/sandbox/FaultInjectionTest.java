package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection observed over real HTTP. */
class FaultInjectionTest {

    static SandboxServer s;
    static final String CRM = "/sandbox/zoho/crm/v8/Contacts?fields=Email,Last_Name";
    static final String DESK = "/sandbox/desk/api/v1";
    static final String ORG = "777001";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @BeforeEach
    void reset() {
        s.sandbox.faults().clear();
        s.sandbox.faults().resetCounters();
        s.sandbox.requests().clear();
    }

    private static FaultInjector faults() {
        return s.sandbox.faults();
    }

    private static void plan(String system, String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        faults().set(system, FaultPlan.parse(m, system + "."));
    }

    private static SandboxServer.Resp deskPost(String token, String body) throws Exception {
        return s.send("POST", DESK + "/contacts", token, body, "orgId", ORG);
    }

    private static RequestLog.Entry last(String system) {
        List<RequestLog.Entry> e = s.sandbox.requests().entries().stream()
                .filter(x -> x.system().equals(system))
                .toList();
        return e.get(e.size() - 1);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void tooManyRequestsIs429WithRetryAfterAndTheSystemsEnvelope() throws Exception {
        String t = s.token();
        plan("crm", "too-many-requests", "1", "retry-after", "7");
        SandboxServer.Resp crm = s.get(CRM, t);
        assertEquals(429, crm.status(), crm.body());
        assertEquals(Optional.of("7"), crm.raw().headers().firstValue("Retry-After"));
        assertEquals("TOO_MANY_REQUESTS", crm.json().get("code").asText());
        assertTrue(crm.json().get("details").isObject()
                && crm.json().get("details").isEmpty());
        assertEquals("error", crm.json().get("status").asText());
        assertFalse(crm.json().get("message").asText().isBlank());
        assertTrue(crm.raw().headers().firstValue("Authorization").isEmpty(), "no request header echoed");

        plan("desk", "too-many-requests", "1");
        SandboxServer.Resp desk = s.get(DESK + "/contacts", t, "orgId", ORG);
        assertEquals(429, desk.status(), desk.body());
        assertEquals(Optional.of("1"), desk.raw().headers().firstValue("Retry-After"), "default 1 second");
        assertEquals("TOO_MANY_REQUESTS", desk.json().get("errorCode").asText());
        assertFalse(desk.json().get("message").asText().isBlank());

        assertEquals(429, last("crm").status());
        assertEquals("429", last("crm").fault());
        assertEquals(Map.of("crm.429", 1L, "desk.429", 1L), faults().injected());

        faults().clear();
        assertEquals(200, s.get(CRM, t).status());
        assertNull(last("crm").fault());
    }

    @Test
    void serverErrorIs500AndNotApplied() throws Exception {
        String t = s.token();
        plan("desk", "server-errors", "1");
        SandboxServer.Resp r = deskPost(t, "{\"lastName\":\"Err\",\"email\":\"err500@faults.example\"}");
        assertEquals(500, r.status(), r.body());
        assertEquals("INTERNAL_SERVER_ERROR", r.json().get("errorCode").asText());
        assertEquals(List.of(), s.sandbox.desk().contactsWithEmail("err500@faults.example"));
        assertEquals("500", last("desk").fault());
        assertEquals(500, last("desk").status());

        plan("crm", "server-errors", "1");
        SandboxServer.Resp crm = s.get(CRM, t);
        assertEquals(500, crm.status());
        assertEquals("INTERNAL_ERROR", crm.json().get("code").asText());
        assertEquals("error", crm.json().get("status").asText());
    }

    @Test
    void lostAnswerIs502ButTheWriteIsApplied() throws Exception {
        String t = s.token();
        plan("desk", "lost-answers", "1");
        SandboxServer.Resp r = deskPost(t, "{\"lastName\":\"Lost\",\"email\":\"lost502@faults.example\"}");
        assertEquals(502, r.status(), r.body());
        assertEquals("BAD_GATEWAY", r.json().get("error").asText());
        assertEquals(502, last("desk").status());
        assertEquals("lost", last("desk").fault());
        assertEquals(
                1, s.sandbox.desk().contactsWithEmail("lost502@faults.example").size(), "the write happened");

        // A GET drawn a lost answer is a plain server error.
        SandboxServer.Resp get = s.get(DESK + "/contacts", t, "orgId", ORG);
        assertEquals(500, get.status());
        assertEquals(Map.of("desk.lost", 1L, "desk.500", 1L), faults().injected());

        faults().clear();
        SandboxServer.Resp search = s.get(DESK + "/contacts/search?email=lost502@faults.example", t, "orgId", ORG);
        assertEquals(200, search.status(), search.body());
        assertEquals(1, search.json().get("data").size(), "visible over the API too");
    }

    @Test
    void slowAnswersAreCorrectJustLate() throws Exception {
        String t = s.token();
        plan("crm", "slow", "1", "slow-ms", "300");
        long start = System.nanoTime();
        SandboxServer.Resp r = s.get(CRM, t);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().get("data").size() > 0);
        assertTrue(tookMs >= 300, "took " + tookMs + " ms");
        assertEquals("slow", last("crm").fault());
        assertEquals(200, last("crm").status());
    }

    @Test
    void aSlowRequestDoesNotDelayAConcurrentOne() throws Exception {
        String t = s.token();
        plan("crm", "slow", "1", "slow-ms", "2000");
        CompletableFuture<SandboxServer.Resp> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return s.get(CRM, t);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> faults().injected().getOrDefault("crm.slow", 0L) == 1L, "the slow request to be held");
        faults().clear();
        SandboxServer.Resp quick = s.get(CRM, t);
        assertEquals(200, quick.status());
        SandboxServer.Resp desk = s.get(DESK + "/contacts", t, "orgId", ORG);
        assertEquals(200, desk.status());
        assertFalse(slow.isDone(), "answered while the slow one is still held");
        assertEquals(200, slow.get().status());
    }

    @Test
    void tokenRevocationMakesThisAndLaterCalls401UntilRefresh() throws Exception {
        String t = s.token();
        assertEquals(200, s.get(CRM, t).status());
        plan("crm", "token-revocations", "1");
        SandboxServer.Resp r = s.get(CRM, t);
        assertEquals(401, r.status(), r.body());
        assertEquals("INVALID_TOKEN", r.json().get("code").asText());
        assertEquals("revoked", last("crm").fault());
        faults().clear();
        assertEquals(401, s.get(CRM, t).status(), "still revoked");
        assertEquals(401, s.get(DESK + "/contacts", t, "orgId", ORG).status(), "for every system");
        String fresh = s.token();
        assertEquals(200, s.get(CRM, fresh).status());
        assertEquals(Map.of("crm.revoked", 1L), faults().injected());
    }

    @Test
    void timeoutsHoldTheAnswerBackAndApplyNothing() throws Exception {
        String t = s.token();
        plan("desk", "timeouts", "1", "timeout-ms", "3000");
        assertThrows(HttpTimeoutException.class, () -> impatientDeskPost(t, "late@faults.example", 300));
        await(
                () -> s.sandbox.requests().entries().stream().anyMatch(e -> "timeout".equals(e.fault())),
                "the held-back request to end");
        assertEquals(504, last("desk").status());
        assertEquals(List.of(), s.sandbox.desk().contactsWithEmail("late@faults.example"), "not applied");
        await(() -> s.main.getCamelContext().getInflightRepository().size() == 0, "the exchange to complete");

        // A client that waits longer gets a 504.
        plan("desk", "timeouts", "1", "timeout-ms", "100");
        SandboxServer.Resp r = deskPost(t, "{\"lastName\":\"Late\",\"email\":\"late@faults.example\"}");
        assertEquals(504, r.status(), r.body());
        assertEquals(List.of(), s.sandbox.desk().contactsWithEmail("late@faults.example"), "not applied");
        assertEquals(Map.of("desk.timeout", 2L), faults().injected());
    }

    @Test
    void aSlowWriteTheClientGaveUpOnIsStillApplied() throws Exception {
        String t = s.token();
        plan("desk", "slow", "1", "slow-ms", "800");
        assertThrows(HttpTimeoutException.class, () -> impatientDeskPost(t, "gaveup@faults.example", 200));
        await(
                () -> s.sandbox.requests().entries().stream().anyMatch(e -> "slow".equals(e.fault())),
                "the slow request to end");
        assertEquals(200, last("desk").status(), "the status the sandbox would have sent");
        assertEquals(
                1, s.sandbox.desk().contactsWithEmail("gaveup@faults.example").size());
        await(() -> s.main.getCamelContext().getInflightRepository().size() == 0, "the exchange to complete");
    }

    /** A Desk contact POST from a client that gives up after {@code timeoutMillis}. */
    private static HttpResponse<String> impatientDeskPost(String token, String email, long timeoutMillis)
            throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.base + DESK + "/contacts"))
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Authorization", "Zoho-oauthtoken " + token)
                .header("orgId", ORG)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lastName\":\"Late\",\"email\":\"" + email + "\"}"))
                .build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oauthTokenEndpointCanFailToo() throws Exception {
        plan("oauth", "server-errors", "1");
        SandboxServer.Resp r = s.send(
                "POST",
                "/sandbox/accounts/oauth/v2/token",
                null,
                "grant_type=refresh_token&client_id=1000.TESTCLIENT&client_secret=test-secret"
                        + "&refresh_token=1000.test.refresh",
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals(500, r.status());
        assertEquals(500, last("oauth").status());
        faults().clear();
        assertNotEquals(null, s.token());
    }

    @Test
    void sameSeedSameFaults() throws Exception {
        String t = s.token();
        plan(
                "crm",
                "too-many-requests",
                "0.3",
                "server-errors",
                "0.2",
                "lost-answers",
                "0.1",
                "token-revocations",
                "0",
                "slow",
                "0");
        List<Integer> first = run(t, 42);
        Map<String, Long> firstCounts = faults().injected();
        faults().resetCounters();
        List<Integer> second = run(t, 42);
        assertEquals(first, second);
        assertEquals(firstCounts, faults().injected());
        assertTrue(first.contains(200) && first.contains(429) && first.contains(500), first.toString());
        assertNotEquals(first, run(t, 43), "another seed, another sequence");
    }

    private static List<Integer> run(String token, long seed) throws Exception {
        faults().seed(seed);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(s.get(CRM, token).status());
        }
        return statuses;
    }

    @Test
    void controlEndpoints() throws Exception {
        SandboxServer.Resp put = s.send(
                "PUT",
                "/sandbox/_faults/crm",
                null,
                "{\"too-many-requests\":0.1,\"retry-after\":2,\"server-errors\":\"0.05\"}");
        assertEquals(200, put.status(), put.body());
        assertEquals(new FaultPlan(0.1, 2, 0.05, 0, 0, 1000, 0, 65000, 0), faults().plan("crm"));
        assertEquals(
                0.1, put.json().get("plans").get("crm").get("too-many-requests").asDouble());

        plan("desk", "too-many-requests", "1");
        plan("oauth", "server-errors", "1");
        assertEquals(
                429,
                s.get(DESK + "/contacts", s.sandbox.oauth().issueToken(), "orgId", ORG)
                        .status());
        SandboxServer.Resp get = s.get("/sandbox/_faults", null);
        assertEquals(200, get.status(), "no token needed, never faulted");
        JsonNode plans = get.json().get("plans");
        assertEquals(2, plans.get("crm").get("retry-after").asInt());
        assertEquals(1.0, plans.get("desk").get("too-many-requests").asDouble());
        assertEquals(65000, plans.get("desk").get("timeout-ms").asLong());
        assertEquals(1, get.json().get("injected").get("desk.429").asLong());
        assertEquals(
                0.05,
                s.get("/sandbox/_faults/crm", null).json().get("server-errors").asDouble());

        SandboxServer.Resp range = s.send("PUT", "/sandbox/_faults/desk", null, "{\"server-errors\":1.5}");
        assertEquals(400, range.status());
        assertTrue(
                range.json().get("message").asText().startsWith("desk.server-errors: must be a probability"),
                range.body());
        SandboxServer.Resp unknown = s.send("PUT", "/sandbox/_faults/desk", null, "{\"errors\":0.5}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.json().get("message").asText().startsWith("desk.errors: unknown fault setting"));
        SandboxServer.Resp bad = s.send("PUT", "/sandbox/_faults/desk", null, "{\"slow\":");
        assertEquals(400, bad.status());
        assertTrue(bad.json().get("message").asText().startsWith("malformed JSON"), bad.body());
        assertEquals(400, s.send("PUT", "/sandbox/_faults/desk", null, "[0.1]").status());
        assertEquals(
                400,
                s.send("PUT", "/sandbox/_faults/desk", null, "{\"slow\":true}").status());
        assertEquals(400, s.send("PUT", "/sandbox/_faults/desk", null, "").status());
        assertEquals(1.0, faults().plan("desk").tooManyRequests(), "a rejected plan changes nothing");
        assertEquals(404, s.send("PUT", "/sandbox/_faults/zoho", null, "{}").status());
        assertEquals(405, s.send("POST", "/sandbox/_faults", null, "{}").status());

        SandboxServer.Resp deleteOne = s.send("DELETE", "/sandbox/_faults/crm", null, null);
        assertEquals(200, deleteOne.status());
        assertEquals(FaultPlan.NONE, faults().plan("crm"));
        assertEquals(1.0, faults().plan("desk").tooManyRequests());
        SandboxServer.Resp delete = s.send("DELETE", "/sandbox/_faults", null, null);
        assertEquals(200, delete.status());
        assertEquals(
                Map.of(
                        "crm",
                        FaultPlan.NONE,
                        "desk",
                        FaultPlan.NONE,
                        "oauth",
                        FaultPlan.NONE,
                        "chat",
                        FaultPlan.NONE,
                        "sell",
                        FaultPlan.NONE),
                faults().plans());
        assertTrue(
                s.sandbox.requests().entries().stream().noneMatch(e -> e.path().startsWith("/sandbox/_faults")),
                "control calls are not API calls");
    }
}
