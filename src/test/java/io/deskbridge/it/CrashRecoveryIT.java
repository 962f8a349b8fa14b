package io.deskbridge.it;

import static io.deskbridge.it.Processes.await;
import static io.deskbridge.it.Processes.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.model.Choice;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash drill: the packaged jar runs as its own process against a sandbox process with faults on
 * (429 with Retry-After, 5xx, answers lost after the write was applied, slow answers, token revocation),
 * is killed with SIGKILL in the middle of runs several times, restarted, and in the end both sides are
 * compared with what they must hold: every record once, none lost, none twice.
 */
class CrashRecoveryIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "crash-drill-admin-token-0123456789";

    /**
     * How big a drill is: Zoho CRM's full size, and Bigin's smaller (it runs the same code on other paths, so it has to
     * show the same recovery, not more of it; the whole of {@code mvn verify} stays short).
     */
    record Drill(int crmContacts, int deskOnly, int kills) {
        static Drill of(CrmProduct product) {
            return product == CrmProduct.BIGIN ? new Drill(800, 50, 3) : new Drill(1500, 100, 5);
        }
    }

    /** Under target/, so the logs of every process can be read after a failure; one folder a CRM product. */
    Path dir;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Random random = new Random(20261121);

    /**
     * The products drilled: every one, or those listed in {@code deskbridge.crash-drill.products} (keys, comma
     * separated). With the build's PostgreSQL pass on, Zoho CRM is drilled on H2 and Bigin on PostgreSQL (the pom).
     */
    static List<CrmProduct> products() {
        String listed = System.getProperty("deskbridge.crash-drill.products", "");
        return listed.isBlank()
                ? List.of(CrmProduct.values())
                : Arrays.stream(listed.split(","))
                        .map(key -> Choice.parse(CrmProduct.class, key.trim(), "deskbridge.crash-drill.products"))
                        .toList();
    }

    /** On Zoho CRM and on Bigin (issue 15): the sandbox process serves the product, the runtime speaks it. */
    @ParameterizedTest
    @MethodSource("products")
    void killedAgainAndAgainMidRunItEndsWithEveryRecordOnceOnBothSides(CrmProduct product) throws Exception {
        // The PostgreSQL pass keeps its logs beside the H2 drill's, not over them.
        String store = TestDatabase.onPostgres() ? "-postgresql" : "";
        dir = Path.of(
                "target", (product == CrmProduct.ZOHO_CRM ? "crash-drill" : "crash-drill-" + product.key()) + store);
        Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"));
        Drill drill = Drill.of(product);
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
                        "-Ddeskbridge.sandbox.data-dir=" + dir.resolve("sandbox-data"),
                        "-Ddeskbridge.sandbox.seed-demo-data=false",
                        "-Ddeskbridge.sandbox.desk-unique-emails=false",
                        "-Ddeskbridge.sandbox.generate-contacts=" + drill.crmContacts(),
                        "-Ddeskbridge.sandbox.crm-product=" + product.key()),
                List.of("sandbox"));
        long faults = 0;
        int kills = 0;
        try {
            await(() -> get(sandboxUrl + "/sandbox/_faults", null).statusCode() == 200, "the sandbox");
            ZohoDeskClient deskClient = deskClient(sandboxUrl);
            for (int i = 0; i < drill.deskOnly(); i++) {
                deskClient.create(
                        "contacts",
                        List.of(JSON.createObjectNode()
                                .put("lastName", "Desk " + i)
                                .put("email", "desk-only-" + i + "@example.org")));
            }
            for (String system : List.of("crm", "desk", "oauth")) {
                put(
                        sandboxUrl + "/sandbox/_faults/" + system,
                        system.equals("oauth")
                                ? "{\"server-errors\":0.05}"
                                : "{\"too-many-requests\":0.04,\"retry-after\":1,\"server-errors\":0.03,\"lost-answers\":0.03,"
                                        + "\"slow\":0.02,\"slow-ms\":300,\"token-revocations\":0.005}");
            }

            List<String> runtime = new ArrayList<>(Processes.pointedAt(sandboxUrl));
            runtime.addAll(TestDatabase.storeFor(dir.resolve("runtime-data")).jvmProperties());
            runtime.addAll(List.of(
                    "-Ddeskbridge.data-dir=" + dir.resolve("runtime-data"),
                    "-Ddeskbridge.admin.token=" + TOKEN,
                    "-Ddeskbridge.crm.product=" + product.key(),
                    "-Ddeskbridge.sync.contacts.cron=0 0 0 1 1 ? 2099",
                    "-Ddeskbridge.sync.accounts.cron=0 0 0 1 1 ? 2099",
                    "-Ddeskbridge.sync.products.cron=0 0 0 1 1 ? 2099",
                    "-Ddeskbridge.sync.max-attempts=50",
                    "-Ddeskbridge.sync.max-failed-runs=1000",
                    "-Ddeskbridge.http.timeout=3s",
                    "-Ddeskbridge.http.initial-backoff=100ms",
                    "-Ddeskbridge.http.max-backoff=1s"));
            for (int k = 0; k < drill.kills(); k++) {
                int port = freePort();
                Process p = startRuntime(jar, port, runtime, k);
                String base = "http://127.0.0.1:" + port;
                await(() -> get(base + "/admin/syncs", TOKEN).statusCode() == 200, "the runtime");
                post(base + "/admin/syncs/contacts/run");
                Thread.sleep(2500 + random.nextInt(3500));
                p.destroyForcibly().waitFor();
                kills++;
            }

            // Faults off, one last life: run until nothing is left to do.
            JsonNode injected =
                    JSON.readTree(get(sandboxUrl + "/sandbox/_faults", null).body());
            faults = sum(injected);
            http.send(
                    HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/_faults"))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            int port = freePort();
            Process last = startRuntime(jar, port, runtime, drill.kills());
            String base = "http://127.0.0.1:" + port;
            try {
                await(() -> get(base + "/admin/syncs", TOKEN).statusCode() == 200, "the runtime");
                JsonNode run = null;
                for (int i = 0; i < 8; i++) {
                    run = runAndWait(base);
                    if (run.path("read").asInt() == 0 && run.path("failed").asInt() == 0) {
                        break;
                    }
                }
                assertEquals(0, run.path("read").asInt(), "the runs settle: " + run);
            } finally {
                last.destroy();
                last.waitFor();
            }

            Map<String, Integer> desk = count(readAll(deskClient, null), "email");
            Map<String, Integer> crm = count(readAll(null, crmClient(sandboxUrl, product)), "Email");
            int duplicates = 0;
            int lost = 0;
            for (int i = 1; i <= drill.crmContacts(); i++) {
                int n = desk.getOrDefault("generated" + i + "@bulk.example", 0);
                duplicates += Math.max(0, n - 1);
                lost += n == 0 ? 1 : 0;
            }
            for (int i = 0; i < drill.deskOnly(); i++) {
                int n = crm.getOrDefault("desk-only-" + i + "@example.org", 0);
                duplicates += Math.max(0, n - 1);
                lost += n == 0 ? 1 : 0;
            }
            System.out.printf(
                    "crash drill (%s): %d CRM + %d Desk-only contacts, %d kills, %d faults injected, %d duplicates,"
                            + " %d lost%n",
                    product.label() + (store.isEmpty() ? "" : " on PostgreSQL"),
                    drill.crmContacts(),
                    drill.deskOnly(),
                    kills,
                    faults,
                    duplicates,
                    lost);
            Files.writeString(
                    dir.resolve("figures.txt"),
                    String.format(
                            "contacts=%d desk_only=%d kills=%d faults=%d duplicates=%d lost=%d%n",
                            drill.crmContacts(), drill.deskOnly(), kills, faults, duplicates, lost));
            assertEquals(0, duplicates, "duplicates");
            assertEquals(0, lost, "lost");
            assertEquals(
                    drill.crmContacts() + drill.deskOnly(),
                    desk.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(
                    drill.crmContacts() + drill.deskOnly(),
                    crm.values().stream().mapToInt(Integer::intValue).sum());
        } finally {
            sandbox.destroy();
            sandbox.waitFor();
        }
    }

    private Process startRuntime(Path jar, int port, List<String> props, int life) throws IOException {
        List<String> all = new ArrayList<>(props);
        all.add("-Dcamel.server.port=" + port);
        all.add("-Dcamel.management.port=" + freePort());
        return start(jar, dir.resolve("runtime-" + life + ".log"), all, List.of());
    }

    private static Process start(Path jar, Path log, List<String> props, List<String> args) throws IOException {
        return Processes.startJar(jar, "512m", log, props, args);
    }

    private JsonNode runAndWait(String base) throws Exception {
        HttpResponse<String> r = post(base + "/admin/syncs/contacts/run");
        assertEquals(202, r.statusCode(), r.body());
        long id = JSON.readTree(r.body()).path("runId").asLong();
        Instant deadline = Instant.now().plusSeconds(300);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = JSON.readTree(
                    get(base + "/admin/syncs/contacts/runs/" + id, TOKEN).body());
            if (!"RUNNING".equals(run.path("status").asText())) {
                assertTrue(
                        List.of("SUCCEEDED", "PARTIAL", "STOPPED")
                                .contains(run.path("status").asText()),
                        run.toString());
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + id + " did not finish");
    }

    private List<ObjectNode> readAll(ZohoDeskClient desk, ZohoCrmClient crm) {
        List<ObjectNode> all = new ArrayList<>();
        if (desk != null) {
            Map<String, ObjectNode> byId = new HashMap<>();
            desk.readChanges(
                    "contacts",
                    List.of(),
                    null,
                    p -> p.records().forEach(r -> byId.put(r.path("id").asText(), r)));
            all.addAll(byId.values());
        } else {
            crm.readChanges("Contacts", List.of("Email", "Last_Name"), null, p -> all.addAll(p.records()));
        }
        return all;
    }

    private static Map<String, Integer> count(List<ObjectNode> records, String field) {
        Map<String, Integer> out = new HashMap<>();
        records.forEach(r -> out.merge(r.path(field).asText().toLowerCase(), 1, Integer::sum));
        return out;
    }

    private static long sum(JsonNode faults) {
        long n = 0;
        for (JsonNode v : faults.path("injected")) {
            n += v.asLong();
        }
        return n;
    }

    private ZohoDeskClient deskClient(String sandboxUrl) {
        return Processes.sandboxDeskClient(http, sandboxUrl);
    }

    private ZohoCrmClient crmClient(String sandboxUrl, CrmProduct product) {
        return new ZohoCrmClient(
                Processes.sandboxCaller(http, sandboxUrl, "CRM"),
                URI.create(sandboxUrl + "/sandbox/zoho"),
                JSON,
                CrmProductApi.of(product));
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

    private void put(String url, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
    }

    private static int freePort() throws IOException {
        return io.deskbridge.support.RunningDeskbridge.freePort();
    }
}
