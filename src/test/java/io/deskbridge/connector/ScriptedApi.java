package io.deskbridge.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real HTTP server on loopback that answers with a script: for API behaviour the sandbox does not
 * produce on demand (429 with Retry-After, 5xx, slow answers). Every request is recorded.
 */
public final class ScriptedApi implements AutoCloseable {

    public record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        public static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body, 0);
        }
    }

    public record Seen(
            String method,
            String path,
            String query,
            String authorization,
            String body,
            Map<String, List<String>> headers) {
        /** A request header's first value, by its name in any case, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    public final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    public ScriptedApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public ScriptedApi then(Answer a) {
        script.add(a);
        return this;
    }

    public ScriptedApi then(int status, String body) {
        return then(Answer.of(status, body));
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A caller of {@code system} without credentials and with the default retries, for a client of this API. */
    public ApiCaller caller(String system) {
        return new ApiCaller(
                system,
                ApiCaller.newHttpClient(java.time.Duration.ofSeconds(2)),
                ApiCaller.Auth.NONE,
                RetryPolicy.DEFAULT,
                java.time.Duration.ofSeconds(5),
                d -> {});
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(
                ex.getRequestMethod(),
                ex.getRequestURI().getPath(),
                ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Authorization"),
                body,
                headers(ex)));
        Answer a = script.poll();
        if (a == null) {
            a = Answer.of(500, "{\"code\":\"SCRIPT_EXHAUSTED\"}");
        }
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] bytes = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static Map<String, List<String>> headers(HttpExchange ex) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
