package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.main.Main;

/** Test helper: a real camel-main with only the sandbox routes on a free port, plus a small HTTP client. */
public final class SandboxServer implements AutoCloseable {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    public final Sandbox sandbox;
    final Main main;
    public final int port;
    public final String base;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, raw body and parsed JSON (null when the body is empty). */
    public record Resp(int status, String body, JsonNode json, HttpResponse<String> raw) {}

    SandboxServer(Sandbox sandbox) throws Exception {
        this.sandbox = sandbox;
        this.port = freePort();
        this.base = "http://localhost:" + port;
        main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false");
        Properties p = new Properties();
        p.setProperty("camel.server.enabled", "true");
        p.setProperty("camel.server.port", Integer.toString(port));
        p.setProperty("camel.main.name", "sandbox-test");
        main.setOverrideProperties(p);
        main.configure().addRoutesBuilder(sandbox.routes());
        main.start();
    }

    public static SandboxServer start(SandboxSettings settings) throws Exception {
        return new SandboxServer(new Sandbox(settings));
    }

    public static SandboxSettings settings(String dataDir, boolean seed) {
        return new SandboxSettings(
                "1000.TESTCLIENT", "test-secret", "1000.test.refresh", "777001", Duration.ofHours(1), dataDir, seed);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Obtain an access token over HTTP. */
    public String token() throws Exception {
        Resp r = send(
                "POST",
                "/sandbox/accounts/oauth/v2/token",
                null,
                "grant_type=refresh_token&client_id=1000.TESTCLIENT&client_secret=test-secret"
                        + "&refresh_token=1000.test.refresh",
                "Content-Type",
                "application/x-www-form-urlencoded");
        if (r.status() != 200 || r.json().get("access_token") == null) {
            throw new IllegalStateException("token grant failed: " + r.body());
        }
        return r.json().get("access_token").asText();
    }

    public Resp send(String method, String path, String token, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Zoho-oauthtoken " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null && !hasHeader(headers, "Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String text = resp.body();
        JsonNode json = text == null || text.isEmpty() ? null : MAPPER.readTree(text);
        return new Resp(resp.statusCode(), text, json, resp);
    }

    private static boolean hasHeader(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    public Resp get(String path, String token, String... headers) throws Exception {
        return send("GET", path, token, null, headers);
    }

    private String deskToken;

    /** A call of the Desk API ({@code path} below /sandbox/desk/api/v1) with a valid token and the org's orgId. */
    public Resp desk(String method, String path, String body) throws Exception {
        if (deskToken == null) {
            deskToken = token();
        }
        return send(
                method,
                "/sandbox/desk/api/v1" + path,
                deskToken,
                body,
                "orgId",
                sandbox.settings().deskOrgId());
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            sandbox.close();
        }
    }
}
