package io.deskbridge.it;

import static io.deskbridge.it.Processes.await;
import static io.deskbridge.it.Processes.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 16, the kill -9 proof: the packaged jar reads CRM contacts from a sandbox process whose
 * page_token walk stops at 400 records (Zoho: 100,000), is killed with SIGKILL in the middle of that read,
 * after it has gone past the limit at least once, and restarted. In the end every contact is in the Desk once.
 */
class PageTokenLimitCrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "page-token-drill-admin-token-0123456789";
    static final int CONTACTS = 4_000;
    static final int LIMIT = 400;
    /** Every CRM answer is delayed by this much, so the read lasts long enough to be killed in its middle. */
    static final int SLOW_MS = 120;

    final Path dir = Path.of("target", "page-token-drill");
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void killedInTheMiddleOfAReadPastThePageTokenLimitEveryContactArrivesOnce() throws Exception {
        Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        assertTrue(Files.exists(jar), "the packaged jar: " + jar);
        int sandboxPort = freePort();
        String sandboxUrl = "http://127.0.0.1:" + sandboxPort;
        Process sandbox = start(
                jar,
                dir.resolve("sandbox.log"),
                List.of(
                        "-Dcamel.server.port=" + sandboxPort,
                        "-Dcamel.management.port=" + freePort(),
                        "-Ddeskbridge.sandbox.data-dir=",
                        "-Ddeskbridge.sandbox.seed-demo-data=false",
                        "-Ddeskbridge.sandbox.desk-unique-emails=false",
                        "-Ddeskbridge.sandbox.crm.page-token-limit=" + LIMIT,
                        "-Ddeskbridge.sandbox.generate-contacts=" + CONTACTS,
                        // 70 a second: pages of 200 end inside a second, where a watermark past the page would skip the
                        // rest.
                        "-Ddeskbridge.sandbox.generate-contacts-per-second=70",
                        "-Ddeskbridge.sandbox.faults.crm.slow=1.0",
                        "-Ddeskbridge.sandbox.faults.crm.slow-ms=" + SLOW_MS),
                List.of("sandbox"));
        try {
            await(() -> get(sandboxUrl + "/sandbox/_faults", null).statusCode() == 200, "the sandbox");
            List<String> runtime = runtimeProperties(sandboxUrl);

            Runtime1 first = startRuntime(jar, runtime, 0);
            long crmCallsAtKill;
            int staged;
            try {
                await(() -> get(first.base + "/admin/syncs", TOKEN).statusCode() == 200, "the runtime");
                post(first.base + "/admin/syncs/contacts/run");
                // A walk of 400 takes 3 calls, the last answered PAGINATION_LIMIT_EXCEEDED: kill after about three
                // walks.
                Instant deadline = Instant.now().plusSeconds(60);
                while (crmCalls(sandboxUrl) < 10 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
            } finally {
                first.process.destroyForcibly().waitFor();
            }
            crmCallsAtKill = crmCalls(sandboxUrl);
            staged = stagedCrmRecords();
            assertTrue(
                    staged > LIMIT && staged < CONTACTS,
                    "killed in the middle of a read that had gone past the limit: " + staged + " of " + CONTACTS
                            + " staged");

            http.send(
                    HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/_faults"))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Runtime1 last = startRuntime(jar, runtime, 1);
            try {
                await(() -> get(last.base + "/admin/syncs", TOKEN).statusCode() == 200, "the runtime");
                JsonNode run = null;
                for (int i = 0; i < 4; i++) {
                    run = runAndWait(last.base);
                    if (run.path("read").asInt() == 0) {
                        break;
                    }
                }
                assertEquals(0, run.path("read").asInt(), "the runs settle: " + run);
            } finally {
                last.process.destroy();
                last.process.waitFor();
            }

            Map<String, Integer> desk = deskEmails(sandboxUrl);
            int duplicates = 0;
            int lost = 0;
            for (int i = 1; i <= CONTACTS; i++) {
                int n = desk.getOrDefault("generated" + i + "@bulk.example", 0);
                duplicates += Math.max(0, n - 1);
                lost += n == 0 ? 1 : 0;
            }
            System.out.printf(
                    "page-token drill: %d contacts, limit %d, killed after %d CRM calls with %d staged, %d duplicates, %d lost%n",
                    CONTACTS, LIMIT, crmCallsAtKill, staged, duplicates, lost);
            assertEquals(0, duplicates, "duplicates");
            assertEquals(0, lost, "lost");
            assertEquals(
                    CONTACTS, desk.values().stream().mapToInt(Integer::intValue).sum());
        } finally {
            sandbox.destroy();
            sandbox.waitFor();
        }
    }

    record Runtime1(Process process, String base) {}

    private List<String> runtimeProperties(String sandboxUrl) {
        List<String> props = new ArrayList<>(Processes.pointedAt(sandboxUrl));
        props.addAll(List.of(
                "-Ddeskbridge.data-dir=" + dir.resolve("runtime-data"),
                "-Ddeskbridge.db.url=jdbc:h2:file:"
                        + dir.resolve("runtime-data/deskbridge").toAbsolutePath(),
                "-Ddeskbridge.admin.token=" + TOKEN,
                "-Ddeskbridge.sync.contacts.direction=crm-to-desk",
                "-Ddeskbridge.sync.contacts.cron=0 0 0 1 1 ? 2099",
                "-Ddeskbridge.sync.accounts.cron=0 0 0 1 1 ? 2099",
                "-Ddeskbridge.sync.products.cron=0 0 0 1 1 ? 2099"));
        return props;
    }

    /** What the killed runtime had staged from the CRM (read from its store: the process is gone). */
    private int stagedCrmRecords() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("runtime-data/deskbridge").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT COUNT(*) FROM record_mirror WHERE system = 'crm'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** CRM requests the sandbox has answered: every one is delayed while the slow fault is on, and counted. */
    private long crmCalls(String sandboxUrl) throws Exception {
        return JSON.readTree(get(sandboxUrl + "/sandbox/_faults", null).body())
                .path("injected")
                .path("crm.slow")
                .asLong();
    }

    private Runtime1 startRuntime(Path jar, List<String> props, int life) throws IOException {
        int port = freePort();
        List<String> all = new ArrayList<>(props);
        all.add("-Dcamel.server.port=" + port);
        all.add("-Dcamel.management.port=" + freePort());
        return new Runtime1(
                start(jar, dir.resolve("runtime-" + life + ".log"), all, List.of()), "http://127.0.0.1:" + port);
    }

    private static Process start(Path jar, Path log, List<String> props, List<String> args) throws IOException {
        return Processes.startJar(jar, "256m", log, props, args);
    }

    private JsonNode runAndWait(String base) throws Exception {
        HttpResponse<String> r = post(base + "/admin/syncs/contacts/run");
        assertEquals(202, r.statusCode(), r.body());
        long id = JSON.readTree(r.body()).path("runId").asLong();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = JSON.readTree(
                    get(base + "/admin/syncs/contacts/runs/" + id, TOKEN).body());
            if (!"RUNNING".equals(run.path("status").asText())) {
                assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + id + " did not finish");
    }

    /** How often each e-mail is in the Desk, read through the Desk client as any user of the API would. */
    private Map<String, Integer> deskEmails(String sandboxUrl) {
        ZohoDeskClient desk = new ZohoDeskClient(
                Processes.sandboxCaller(http, sandboxUrl, "Desk"),
                URI.create(sandboxUrl + "/sandbox/desk"),
                "600000001",
                JSON);
        Map<String, String> byId = new HashMap<>();
        desk.readChanges(
                "contacts",
                List.of(),
                null,
                p -> p.records()
                        .forEach(r ->
                                byId.put(r.path("id").asText(), r.path("email").asText())));
        Map<String, Integer> out = new HashMap<>();
        byId.values().forEach(e -> out.merge(e.toLowerCase(), 1, Integer::sum));
        return out;
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        return io.deskbridge.support.RunningDeskbridge.freePort();
    }
}
