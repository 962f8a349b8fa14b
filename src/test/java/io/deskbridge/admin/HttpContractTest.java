package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.support.RunningDeskbridge;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP surface as a stranger meets it (issue 10, items 1, 2, 4, 7, 13, 14): the token only from the
 * Authorization header, every value only from where the API says it comes from, the sandbox's control and
 * OAuth doors shut to other machines, one JSON error shape for everything the server answers, no log
 * flood from refused requests, and an OpenAPI document that tells the truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = RunningDeskbridge.TOKEN;

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        // Every interface, so that a request from another address of this machine is not a loopback request.
        p.put("camel.server.host", "0.0.0.0");
        app = RunningDeskbridge.start(p);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    // ---- 1. the token comes from the Authorization header only ---------------------------------------------

    @Test
    void aTokenInTheQueryStringOrAFormFieldIsNotATokenAtAll() throws Exception {
        String bearer = URLEncoder.encode("Bearer " + TOKEN, StandardCharsets.UTF_8);
        assertEquals(
                401,
                send("POST", "/admin/syncs/contacts/run?Authorization=" + bearer, null, null, null)
                        .statusCode());
        assertEquals(
                401,
                send("GET", "/admin/syncs?Authorization=" + bearer, null, null, null)
                        .statusCode());
        HttpResponse<String> form = send(
                "POST",
                "/admin/syncs/contacts/pause",
                "Authorization=" + bearer,
                "application/x-www-form-urlencoded",
                null);
        assertEquals(401, form.statusCode(), form.body());
        assertEquals(
                "ACTIVE", app.get("/admin/syncs/contacts").path("state").asText(), "the form field paused nothing");
        HttpResponse<String> twice = http.send(
                HttpRequest.newBuilder(url("/admin/syncs"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Authorization", "Bearer other")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, twice.statusCode(), "two Authorization headers are refused, whichever is right");
    }

    // ---- 2. path, query and headers are not mixed --------------------------------------------------------

    @Test
    void aHeaderNamedLikeAParameterChangesNothing() throws Exception {
        HttpResponse<String> run = send("POST", "/admin/syncs/accounts/run", null, null, withToken("id", "999"));
        assertEquals(202, run.statusCode(), run.body());
        assertEquals("accounts", lastAudit().path("target").asText(), "the audit names the sync of the path only");
        app.runAndWaitFor("accounts", JSON.readTree(run.body()).path("runId").asLong());

        HttpResponse<String> pause =
                send("POST", "/admin/integration/pause", null, null, withToken("sync", "accounts"));
        assertEquals(200, pause.statusCode(), pause.body());
        JsonNode audit = lastAudit();
        assertEquals("integration", audit.path("target").asText());
        assertTrue(audit.path("detail").asText().contains("contacts"), "both syncs were paused: " + audit);
        assertEquals(200, app.call("POST", "/admin/integration/activate", TOKEN).statusCode());

        HttpResponse<String> status = send("GET", "/admin/syncs/contacts", null, null, withToken("sync", "accounts"));
        assertEquals(200, status.statusCode(), status.body());
        assertEquals("contacts", JSON.readTree(status.body()).path("id").asText());

        JsonNode all = app.get("/admin/syncs/contacts/errors");
        HttpResponse<String> withHeader =
                send("GET", "/admin/syncs/contacts/errors", null, null, withToken("kind", "CONFLICT"));
        assertEquals(all.path("items"), JSON.readTree(withHeader.body()).path("items"), "a header is not a filter");
    }

    @Test
    void aPathWithDotSegmentsIsRefusedNotReadAsAnotherSync() throws Exception {
        // The server routes "/syncs/contacts/../accounts/disable" as accounts; read raw it would name contacts.
        for (String path : List.of(
                "/admin/syncs/contacts/../accounts/disable",
                "/admin/syncs/contacts/%2e%2e/accounts/disable",
                "/admin/syncs/contacts/./disable",
                "/admin//syncs/contacts/disable")) {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port());
            try (socket) {
                // Sent as is: an HTTP client library would resolve the dots before sending.
                socket.getOutputStream()
                        .write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(
                        answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 404"), path + ":\n" + answer);
            }
        }
        assertEquals("ACTIVE", app.get("/admin/syncs/contacts").path("state").asText());
        assertEquals("ACTIVE", app.get("/admin/syncs/accounts").path("state").asText());
    }

    @Test
    void anUnknownOrRepeatedQueryParameterIsRefusedByName() throws Exception {
        HttpResponse<String> typo = app.call("GET", "/admin/syncs/contacts/errors?knd=CONFLICT", TOKEN);
        assertEquals(400, typo.statusCode());
        assertTrue(JSON.readTree(typo.body()).path("message").asText().contains("'knd'"), typo.body());
        HttpResponse<String> twice = app.call("GET", "/admin/syncs/contacts/runs?limit=1&limit=2", TOKEN);
        assertEquals(400, twice.statusCode());
        assertTrue(JSON.readTree(twice.body()).path("message").asText().contains("'limit'"), twice.body());
    }

    // ---- 4. doors that opened without a token -------------------------------------------------------------

    @Test
    void theSandboxControlAndOAuthDoorsAnswerOnlyThisMachine() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        Assumptions.assumeTrue(other.isPresent(), "this machine has no address but loopback");
        String base = "http://" + other.get().getHostAddress() + ":" + app.port();
        for (String[] call : new String[][] {
            {"GET", "/sandbox/_faults"}, {"DELETE", "/sandbox/_faults"}, {"PUT", "/sandbox/_faults/desk"}
        }) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + call[1]))
                            .method(call[0], HttpRequest.BodyPublishers.ofString("{\"token-revocations\":1.0}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), call[0] + " " + call[1] + ": " + r.body());
        }
        assertEquals(
                0.0,
                app.get("/sandbox/_faults")
                        .path("plans")
                        .path("desk")
                        .path("token-revocations")
                        .asDouble(),
                "the remote PUT changed nothing");
        String grant = "grant_type=refresh_token&client_id=sandbox-client&client_secret=sandbox-secret"
                + "&refresh_token=sandbox-refresh-token";
        HttpResponse<String> remoteToken = http.send(
                HttpRequest.newBuilder(URI.create(base + "/sandbox/accounts/oauth/v2/token"))
                        .POST(HttpRequest.BodyPublishers.ofString(grant))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, remoteToken.statusCode(), remoteToken.body());
        assertFalse(remoteToken.body().contains("access_token"));
        HttpResponse<String> localToken =
                send("POST", "/sandbox/accounts/oauth/v2/token", grant, "application/x-www-form-urlencoded", null);
        assertEquals(200, localToken.statusCode(), "loopback still gets its token: " + localToken.body());
    }

    @Test
    void theOpenApiDocumentNeedsAToken() throws Exception {
        HttpResponse<String> none = send("GET", "/openapi.json", null, null, null);
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", JSON.readTree(none.body()).path("error").asText());
        // Camel serves the document under every path that starts with its own, in YAML for .yaml.
        for (String other : List.of("/openapi.json.yaml", "/openapi.jsonx", "/openapi.json/x")) {
            assertEquals(401, send("GET", other, null, null, null).statusCode(), other);
        }
        assertEquals(200, app.call("GET", "/openapi.json", TOKEN).statusCode());
    }

    // ---- 7. refused requests do not flood the log ------------------------------------------------------

    @Test
    void aHugeFormFieldGetsAShortJsonErrorAndNoStackTrace() throws Exception {
        String huge = "a=" + "x".repeat(100_000);
        try (CapturedLog log = CapturedLog.open()) {
            Map<String, Integer> expected =
                    Map.of("/admin/syncs/contacts/pause", 400, "/nope", 404, "/sandbox/desk/api/v1/contacts", 400);
            for (Map.Entry<String, Integer> call : expected.entrySet()) {
                HttpResponse<String> r = send("POST", call.getKey(), huge, "application/x-www-form-urlencoded", null);
                assertErrorShape(r, call.getValue(), call.getValue() == 400 ? "bad_request" : "not_found");
            }
            assertTrue(log.events().stream().noneMatch(e -> e.getThrown() != null), "no stack trace: " + log.lines());
            assertTrue(log.events().size() <= 3, "at most a short line per refused request: " + log.lines());
        }
    }

    // ---- 13. one error shape everywhere -----------------------------------------------------------------

    @Test
    void everyErrorTheServerGivesIsTheOneJsonShape() throws Exception {
        HttpResponse<String> delete = app.call("DELETE", "/admin/syncs", TOKEN);
        assertEquals(405, delete.statusCode());
        assertEquals("GET, HEAD", delete.headers().firstValue("Allow").orElse(""));
        assertErrorShape(delete, 405, "method_not_allowed");

        HttpResponse<String> postRun = app.call("GET", "/admin/syncs/contacts/run", TOKEN);
        assertEquals(405, postRun.statusCode());
        assertEquals("POST", postRun.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> head = app.call("HEAD", "/admin/syncs", TOKEN);
        assertEquals(200, head.statusCode(), "HEAD is answered as GET");
        assertEquals("", head.body());
        assertEquals(401, app.call("HEAD", "/admin/syncs", null).statusCode());

        assertErrorShape(app.call("GET", "/admin/no-such-path", TOKEN), 404, "not_found");
        assertErrorShape(app.call("GET", "/no-such-path", null), 404, "not_found");
        assertErrorShape(
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.managementPort() + "/nope"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                404,
                "not_found");

        HttpResponse<String> tooLarge = app.callWithBody(
                "POST", "/admin/syncs/contacts/errors/replay", "{\"kind\":\"" + "x".repeat(2_000_000) + "\"}", TOKEN);
        assertErrorShape(tooLarge, 413, "payload_too_large");

        HttpResponse<String> form = send(
                "POST",
                "/admin/syncs/contacts/errors/replay",
                "kind=FAILED",
                "application/x-www-form-urlencoded",
                withToken());
        assertErrorShape(form, 415, "unsupported_media_type");
    }

    // ---- 14. the OpenAPI document tells the truth ----------------------------------------------------------

    @Test
    void theOpenApiDocumentTellsTheTruth() throws Exception {
        JsonNode doc = app.get("/openapi.json");
        assertEquals(
                "http://127.0.0.1:" + app.port(),
                doc.path("servers").path(0).path("url").asText(),
                "the server is where the document was fetched from");
        JsonNode bearer = doc.path("components").path("securitySchemes").path("bearer");
        assertEquals("http", bearer.path("type").asText());
        assertEquals("bearer", bearer.path("scheme").asText());
        int operations = 0;
        for (var path = doc.path("paths").fields(); path.hasNext(); ) {
            var p = path.next();
            for (var op = p.getValue().fields(); op.hasNext(); ) {
                var o = op.next();
                operations++;
                String where = o.getKey() + " " + p.getKey();
                assertEquals(
                        "bearer",
                        o.getValue().path("security").path(0).fieldNames().next(),
                        where + " needs the token");
                for (JsonNode param : o.getValue().path("parameters")) {
                    boolean inPath = "path".equals(param.path("in").asText());
                    assertEquals(inPath, param.path("required").asBoolean(), where + " " + param);
                }
            }
        }
        assertEquals(35, operations, "every admin and /api call is described");
        List<String> auditParams = new ArrayList<>();
        doc.path("paths")
                .path("/admin/audit")
                .path("get")
                .path("parameters")
                .forEach(p -> auditParams.add(p.path("name").asText()));
        assertEquals(List.of("limit", "offset"), auditParams);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private JsonNode lastAudit() throws Exception {
        return app.get("/admin/audit?limit=1").path("items").path(0);
    }

    private static void assertErrorShape(HttpResponse<String> r, int status, String error) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.headers().toString());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(status, body.path("status").asInt(), r.body());
        assertEquals(error, body.path("error").asText(), r.body());
        assertFalse(body.path("message").asText().isBlank(), r.body());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    private HttpResponse<String> send(
            String method, String path, String body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers != null) {
            headers.forEach(b::header);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The admin token's Authorization header, and other headers as name, value, name, value... */
    private static Map<String, String> withToken(String... more) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + TOKEN);
        for (int i = 0; i + 1 < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** The log events of every logger while it is open. */
    static final class CapturedLog extends AbstractAppender implements AutoCloseable {

        private final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());

        private CapturedLog() {
            super("captured", null, null, true, Property.EMPTY_ARRAY);
        }

        static CapturedLog open() {
            CapturedLog log = new CapturedLog();
            log.start();
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().addAppender(log, null, null);
            context.updateLoggers();
            return log;
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }

        List<LogEvent> events() {
            return List.copyOf(events);
        }

        String lines() {
            StringBuilder out = new StringBuilder();
            events().forEach(e -> out.append('\n')
                    .append(e.getLevel())
                    .append(' ')
                    .append(e.getLoggerName())
                    .append(' ')
                    .append(e.getMessage().getFormattedMessage()));
            return out.toString();
        }

        @Override
        public void close() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            stop();
        }
    }
}
