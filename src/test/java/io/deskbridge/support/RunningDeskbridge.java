package io.deskbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.Deskbridge;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.Sandbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real Deskbridge Main, started as {@code java -jar} would start it, on free ports, with its
 * state in a temporary folder and the sandbox in memory. Tests talk to it over HTTP only.
 */
public final class RunningDeskbridge implements AutoCloseable {

    public static final String TOKEN = "test-admin-token-0123456789";
    /** A schedule that does not fire during a test: runs are started through the admin API. */
    public static final String NEVER = "0 0 0 1 1 ? 2099";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Main main;
    private final int port;
    private final int managementPort;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningDeskbridge(Main main, int port, int managementPort) {
        this.main = main;
        this.port = port;
        this.managementPort = managementPort;
    }

    public static Map<String, String> defaults(Path dir) {
        return defaults(dir, CrmProduct.ZOHO_CRM);
    }

    /** The defaults with the sandbox serving {@code product} as the CRM, and the runtime speaking to it (issue 15). */
    public static Map<String, String> defaults(Path dir, CrmProduct product) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("deskbridge.sandbox.crm-product", product.key());
        p.put("deskbridge.data-dir", dir.resolve("data").toString());
        TestDatabase.Store store = TestDatabase.storeFor(dir.resolve("data"));
        p.put("deskbridge.db.url", store.url());
        p.put("deskbridge.db.user", store.user());
        p.put("deskbridge.db.password", store.password());
        p.put("deskbridge.sandbox.data-dir", "");
        p.put("deskbridge.admin.token", TOKEN);
        p.put("deskbridge.sync.contacts.cron", NEVER);
        p.put("deskbridge.sync.accounts.cron", NEVER);
        p.put("deskbridge.sync.products.cron", NEVER);
        p.put("deskbridge.sync.tickets.cron", NEVER);
        p.put("deskbridge.sync.chats.cron", NEVER);
        // The signals drain runs only where a test asks for it: otherwise it would deliver, at a moment of its own,
        // the events a test is counting in the outbox.
        p.put("deskbridge.signals.cron", NEVER);
        p.put("camel.main.jmx-enabled", "false");
        return p;
    }

    public static RunningDeskbridge start(Map<String, String> properties) throws Exception {
        return start(properties, new org.apache.camel.CamelConfiguration[0]);
    }

    /** The same, with configurations of the test's own run on the context before it starts (e.g. to watch it). */
    public static RunningDeskbridge start(Map<String, String> properties, org.apache.camel.CamelConfiguration... more)
            throws Exception {
        int port = freePort();
        int managementPort = freePort();
        Main main = Deskbridge.newMain();
        for (org.apache.camel.CamelConfiguration c : more) {
            main.configure().addConfiguration(c);
        }
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("camel.management.port", String.valueOf(managementPort));
        properties.forEach(main::addOverrideProperty);
        main.start();
        return new RunningDeskbridge(main, port, managementPort);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Sandbox sandbox() {
        return context().getRegistry().lookupByNameAndType("sandbox", Sandbox.class);
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public HttpResponse<String> call(String method, String path, String token)
            throws IOException, InterruptedException {
        return callWithBody(method, path, null, token);
    }

    public HttpResponse<String> callWithBody(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, TOKEN);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Starts a run through the admin API and waits until it is no longer RUNNING. */
    public JsonNode runAndWait(String sync) throws Exception {
        HttpResponse<String> r = call("POST", "/admin/syncs/" + sync + "/run", TOKEN);
        if (r.statusCode() != 202) {
            throw new AssertionError("run of " + sync + " answered " + r.statusCode() + ": " + r.body());
        }
        return runAndWaitFor(sync, JSON.readTree(r.body()).path("runId").asLong());
    }

    /** Waits until a run that was started is no longer RUNNING. */
    public JsonNode runAndWaitFor(String sync, long runId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = get("/admin/syncs/" + sync + "/runs/" + runId);
            if (!"RUNNING".equals(run.path("status").asText())) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " of " + sync + " did not finish in 120 s");
    }

    @Override
    public void close() throws Exception {
        main.stop();
        main.shutdown();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
