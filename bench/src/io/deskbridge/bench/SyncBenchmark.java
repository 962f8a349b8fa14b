package io.deskbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.Deskbridge;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.zoho.ZohoOAuth;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.main.Main;

/**
 * How fast and how lean a sync is, next to the raw cost of moving the same data. The sandbox runs in
 * its own process (so its memory is not counted); the runtime runs in this JVM, whose heap peak is
 * measured per scenario. Prints a table and writes JSON. Usage: see bench/run.
 */
public final class SyncBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "bench-admin-token-0123456789abcdef";
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** How many Desk creates go out at once, in the sync (deskbridge.desk.write-concurrency) and in the raw baseline alike. */
    static int WRITE_CONCURRENCY = 4;
    /** Added by the sandbox to every CRM and Desk answer, as a real API's round trip would be (0: none). */
    static long LATENCY_MS = 0;

    record Result(
            int n,
            String scenario,
            double seconds,
            long records,
            long peakHeapMb,
            long liveHeapMb,
            int crmCalls,
            int deskCalls,
            long minimumCalls,
            Double rawSeconds) {

        ObjectNode json() {
            ObjectNode o = JSON.createObjectNode()
                    .put("n", n)
                    .put("scenario", scenario)
                    .put("seconds", seconds)
                    .put("recordsPerSecond", seconds == 0 ? 0 : Math.round(records / seconds))
                    .put("peakHeapMb", peakHeapMb)
                    .put("liveHeapMb", liveHeapMb)
                    .put("crmCalls", crmCalls)
                    .put("deskCalls", deskCalls)
                    .put("minimumCalls", minimumCalls);
            if (rawSeconds != null) {
                o.put("rawSeconds", rawSeconds).put("syncOverRaw", Math.round(seconds / rawSeconds * 100) / 100.0);
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>(List.of(10_000));
        Path out = Path.of("bench/results/latest.json");
        List<String> scenarios = List.of("raw", "one-way", "two-way");
        int concurrency = 4;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--sizes")) {
                sizes.clear();
                for (String s : args[++i].split(",")) {
                    sizes.add(Integer.parseInt(s.trim()));
                }
            } else if (args[i].equals("--out")) {
                out = Path.of(args[++i]);
            } else if (args[i].equals("--latency-ms")) {
                LATENCY_MS = Long.parseLong(args[++i]);
            } else if (args[i].equals("--write-concurrency")) {
                concurrency = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--scenarios")) {
                scenarios = List.of(args[++i].split(","));
            }
        }
        Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"));
        Path work = Files.createTempDirectory("deskbridge-bench");
        List<Result> results = new ArrayList<>();
        WRITE_CONCURRENCY = concurrency;
        // The JIT compiles the client, the runtime and the store first: neither the raw baseline nor the
        // sync of the first size is measured cold.
        if (scenarios.contains("raw") && scenarios.contains("one-way")) {
            Path warm = work.resolve("warm-up");
            double rawWarm = rawBaseline(jar, warm.resolve("raw"), 2_000);
            oneWay(jar, warm.resolve("sync"), 2_000, rawWarm);
            System.out.println("(warm-up done)");
        }
        for (int n : sizes) {
            Double raw = scenarios.contains("raw") ? rawBaseline(jar, work.resolve("raw-" + n), n) : null;
            if (scenarios.contains("one-way")) {
                results.addAll(oneWay(jar, work.resolve("sync-" + n), n, raw));
            }
            if (scenarios.contains("two-way")) {
                results.add(twoWayHalfAndHalf(jar, work.resolve("two-way-" + n), n));
            }
        }
        System.out.printf(
                "%n%-8s %-30s %9s %10s %8s %8s %9s %10s %9s %8s%n",
                "n",
                "scenario",
                "seconds",
                "records/s",
                "peak MB",
                "live MB",
                "crm calls",
                "desk calls",
                "minimum",
                "sync/raw");
        ArrayNode all = JSON.createArrayNode();
        for (Result r : results) {
            System.out.printf(
                    "%-8d %-30s %9.2f %10d %8d %8d %9d %10d %9d %8s%n",
                    r.n(),
                    r.scenario(),
                    r.seconds(),
                    r.seconds() == 0 ? 0 : Math.round(r.records() / r.seconds()),
                    r.peakHeapMb(),
                    r.liveHeapMb(),
                    r.crmCalls(),
                    r.deskCalls(),
                    r.minimumCalls(),
                    r.rawSeconds() == null ? "" : String.format("%.2f", r.seconds() / r.rawSeconds()));
            all.add(r.json());
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        ObjectNode doc = JSON.createObjectNode()
                .put("measuredAt", Instant.now().toString())
                .put("writeConcurrency", concurrency)
                .put("latencyMs", LATENCY_MS)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        doc.set("results", all);
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        System.out.println("\nwritten to " + out);
    }

    /** The same reads and writes as a full initial sync, made directly: no mapping, matching or state. */
    static double rawBaseline(Path jar, Path dir, int n) throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.start(jar, dir, n)) {
            ZohoCrmClient crm =
                    new ZohoCrmClient(caller(sandbox.url()), URI.create(sandbox.url() + "/sandbox/zoho"), JSON);
            ZohoDeskClient desk = new ZohoDeskClient(
                    caller(sandbox.url()), URI.create(sandbox.url() + "/sandbox/desk"), "600000001", JSON);
            long t0 = System.nanoTime();
            // Read everything, then write: the order a sync works in (it stages what it read before it writes).
            List<ObjectNode> records =
                    readAll(crm, List.of("First_Name", "Last_Name", "Email", "Secondary_Email", "Phone", "Mobile"));
            java.util.concurrent.ExecutorService senders =
                    java.util.concurrent.Executors.newFixedThreadPool(WRITE_CONCURRENCY);
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>(n);
            for (ObjectNode r : records) {
                ObjectNode body = JSON.createObjectNode()
                        .put("lastName", r.path("Last_Name").asText())
                        .put("firstName", r.path("First_Name").asText(null))
                        .put("email", r.path("Email").asText());
                sent.add(senders.submit(() -> desk.create("contacts", List.of(body))));
            }
            for (var f : sent) {
                f.get();
            }
            senders.shutdown();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("raw n=%d: %.2f s%n", n, seconds);
            return seconds;
        }
    }

    static List<Result> oneWay(Path jar, Path dir, int n, Double raw) throws Exception {
        List<Result> out = new ArrayList<>();
        try (SandboxProcess sandbox = SandboxProcess.start(jar, dir, n);
                Runtime1 app = Runtime1.start(sandbox, dir)) {
            out.add(app.measure(n, "full initial CRM -> empty Desk", n, crmReads(n) + deskReads(0) + n, raw));
            // The Desk shows every record the initial run created as changed since the last read, and its API
            // cannot leave out changes made by one user: the next run reads them back (and writes nothing).
            out.add(app.measure(n, "next run: reads back own writes", 0, crmReads(0) + deskReads(n), null));
            out.add(app.measure(n, "incremental, no change", 0, crmReads(0) + deskReads(0), null));
            changeOnePercent(sandbox, n);
            int changed = n / 100;
            out.add(app.measure(
                    n, "incremental, 1% changed", changed, crmReads(changed) + deskReads(0) + changed, null));
        }
        return out;
    }

    static Result twoWayHalfAndHalf(Path jar, Path dir, int n) throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.start(jar, dir, n)) {
            copyHalfToTheDesk(sandbox, n);
            try (Runtime1 app = Runtime1.start(sandbox, dir)) {
                return app.measure(
                        n, "two-way initial, half on both", n + n / 2, crmReads(n) + deskReads(n / 2) + n / 2, null);
            }
        }
    }

    /** Changes the phone of every hundredth CRM contact. (What it holds is gone before the run is measured.) */
    static void changeOnePercent(SandboxProcess sandbox, int n) {
        ZohoCrmClient crm = new ZohoCrmClient(caller(sandbox.url()), URI.create(sandbox.url() + "/sandbox/zoho"), JSON);
        // Ids only (a million records would not fit beside the runtime); one read past 100,000 can repeat an id.
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        crm.readChanges(
                "Contacts",
                List.of("Email"),
                null,
                p -> p.records().forEach(r -> seen.add(r.path("id").asText())));
        List<String> ids = new ArrayList<>(seen);
        List<ObjectNode> changes = new ArrayList<>();
        for (int i = 0; i < n / 100; i++) {
            changes.add(JSON.createObjectNode().put("id", ids.get(i * 100)).put("Phone", "+81 3 0000 " + i));
        }
        crm.update("Contacts", changes);
    }

    /** Creates the first half of the CRM contacts in the Desk, as they would be before a first two-way sync. */
    static void copyHalfToTheDesk(SandboxProcess sandbox, int n) {
        ZohoCrmClient crm = new ZohoCrmClient(caller(sandbox.url()), URI.create(sandbox.url() + "/sandbox/zoho"), JSON);
        ZohoDeskClient desk = new ZohoDeskClient(
                caller(sandbox.url()), URI.create(sandbox.url() + "/sandbox/desk"), "600000001", JSON);
        List<ObjectNode> records = readAll(crm, List.of("First_Name", "Last_Name", "Email"));
        for (int i = 0; i < n / 2; i++) {
            ObjectNode r = records.get(i);
            desk.create(
                    "contacts",
                    List.of(JSON.createObjectNode()
                            .put("lastName", r.path("Last_Name").asText())
                            .put("firstName", r.path("First_Name").asText(null))
                            .put("email", r.path("Email").asText())));
        }
    }

    /**
     * Every CRM contact once, oldest first. Past 100,000 a read starts a new page_token walk and reads the
     * second it starts at again: a record can come twice, and is kept once.
     */
    static List<ObjectNode> readAll(ZohoCrmClient crm, List<String> fields) {
        java.util.Map<String, ObjectNode> byId = new java.util.LinkedHashMap<>();
        crm.readChanges(
                "Contacts",
                fields,
                null,
                p -> p.records().forEach(r -> byId.putIfAbsent(r.path("id").asText(), r)));
        return new ArrayList<>(byId.values());
    }

    /**
     * The fewest CRM calls that can read {@code changed} records: pages of 200 (at least one, a 304 when
     * nothing changed) and one look at the deleted records.
     */
    static long crmReads(long changed) {
        return Math.max(1, (changed + 199) / 200) + 1;
    }

    /**
     * The fewest Desk calls that can read {@code changed} records: pages of 100, the last one short (or a
     * 204) so the end is known, and one look at the recycle bin.
     */
    static long deskReads(long changed) {
        return changed / 100 + 1 + 1;
    }

    static ApiCaller caller(String url) {
        ApiCaller tokens = new ApiCaller(
                "bench OAuth", HTTP, ApiCaller.Auth.NONE, RetryPolicy.DEFAULT, Duration.ofSeconds(30), d -> {});
        ZohoOAuth oauth = new ZohoOAuth(
                "bench",
                tokens,
                URI.create(url + "/sandbox/accounts"),
                "sandbox-client",
                "sandbox-secret",
                "sandbox-refresh-token",
                Clock.systemUTC(),
                JSON);
        return new ApiCaller(
                "bench", HTTP, oauth, RetryPolicy.DEFAULT, Duration.ofSeconds(30), d -> Thread.sleep(d.toMillis()));
    }

    /** The sandbox in its own JVM: java -jar deskbridge.jar sandbox. */
    record SandboxProcess(Process process, String url) implements AutoCloseable {
        static SandboxProcess start(Path jar, Path dir, int contacts) throws Exception {
            Files.createDirectories(dir);
            int port = freePort();
            List<String> cmd = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx3g",
                    "-Dcamel.server.port=" + port,
                    "-Dcamel.management.port=" + freePort(),
                    "-Ddeskbridge.sandbox.data-dir=",
                    "-Ddeskbridge.sandbox.seed-demo-data=false",
                    "-Ddeskbridge.sandbox.generate-contacts=" + contacts,
                    "-Ddeskbridge.sandbox.faults.crm.slow=" + (LATENCY_MS > 0 ? 1 : 0),
                    "-Ddeskbridge.sandbox.faults.crm.slow-ms=" + LATENCY_MS,
                    "-Ddeskbridge.sandbox.faults.desk.slow=" + (LATENCY_MS > 0 ? 1 : 0),
                    "-Ddeskbridge.sandbox.faults.desk.slow-ms=" + LATENCY_MS,
                    "-jar",
                    jar.toAbsolutePath().toString(),
                    "sandbox");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sandbox.log").toFile())
                    .start();
            String url = "http://127.0.0.1:" + port;
            await(() -> get(url + "/sandbox/_faults", null).statusCode() == 200);
            return new SandboxProcess(p, url);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor();
        }
    }

    /** The runtime, started in this JVM the way java -jar starts it, pointed at the sandbox process. */
    record Runtime1(Main main, String base) implements AutoCloseable {
        static Runtime1 start(SandboxProcess sandbox, Path dir) throws Exception {
            int port = freePort();
            Main main = Deskbridge.newMain();
            String s = sandbox.url();
            String[][] props = {
                {"camel.server.port", String.valueOf(port)},
                {"camel.management.port", String.valueOf(freePort())},
                {"deskbridge.sandbox.enabled", "false"},
                {"deskbridge.crm.api-url", s + "/sandbox/zoho"},
                {"deskbridge.crm.accounts-url", s + "/sandbox/accounts"},
                {"deskbridge.desk.api-url", s + "/sandbox/desk"},
                {"deskbridge.desk.accounts-url", s + "/sandbox/accounts"},
                {"deskbridge.chat.api-url", s + "/sandbox/chat/api/v2"},
                {"deskbridge.sell.api-url", s + "/sandbox/sell"},
                {"deskbridge.crm.client-id", "sandbox-client"},
                {"deskbridge.crm.client-secret", "sandbox-secret"},
                {"deskbridge.crm.refresh-token", "sandbox-refresh-token"},
                {"deskbridge.desk.client-id", "sandbox-client"},
                {"deskbridge.desk.client-secret", "sandbox-secret"},
                {"deskbridge.desk.refresh-token", "sandbox-refresh-token"},
                {"deskbridge.desk.org-id", "600000001"},
                {"deskbridge.data-dir", dir.resolve("runtime").toString()},
                {
                    "deskbridge.db.url",
                    "jdbc:h2:file:" + dir.resolve("runtime/deskbridge").toAbsolutePath()
                            + System.getProperty("bench.db-options", "")
                },
                {"deskbridge.admin.token", TOKEN},
                {"deskbridge.sync.contacts.cron", "0 0 0 1 1 ? 2099"},
                {"deskbridge.sync.accounts.cron", "0 0 0 1 1 ? 2099"},
                // What is measured is the contacts sync alone: the tickets sync and the signals drain stay still.
                {"deskbridge.sync.tickets.cron", "0 0 0 1 1 ? 2099"},
                {"deskbridge.signals.cron", "0 0 0 1 1 ? 2099"},
                {"camel.main.jmx-enabled", "false"},
                {"deskbridge.desk.write-concurrency", String.valueOf(WRITE_CONCURRENCY)}
            };
            for (String[] p : props) {
                main.addOverrideProperty(p[0], p[1]);
            }
            main.start();
            return new Runtime1(main, "http://127.0.0.1:" + port);
        }

        Result measure(int n, String scenario, long records, long minimum, Double raw) throws Exception {
            // As a schedule would, leave the second the last change was made in: a change in the second a read
            // starts cannot be told from one made during the read (the CRM keeps whole seconds), and makes the
            // next run read again from the start to be safe.
            Thread.sleep(2000);
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(b -> b.getType() == MemoryType.HEAP)
                    .toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            LiveHeap live = LiveHeap.start();
            long t0 = System.nanoTime();
            HttpResponse<String> started = post(base + "/admin/syncs/contacts/run");
            long runId = JSON.readTree(started.body()).path("runId").asLong();
            JsonNode run;
            do {
                Thread.sleep(100);
                run = JSON.readTree(
                        get(base + "/admin/syncs/contacts/runs/" + runId, TOKEN).body());
            } while ("RUNNING".equals(run.path("status").asText()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = heap.stream().mapToLong(b -> b.getPeakUsage().getUsed()).sum() >> 20;
            long liveMb = live.stop();
            System.out.printf("n=%d %s: %.2f s, %s%n", n, scenario, seconds, run);
            return new Result(
                    n,
                    scenario,
                    seconds,
                    records,
                    peak,
                    liveMb,
                    run.path("apiCalls").path("crm").path("calls").asInt(),
                    run.path("apiCalls").path("desk").path("calls").asInt(),
                    minimum,
                    raw);
        }

        @Override
        public void close() throws Exception {
            main.stop();
            main.shutdown();
        }
    }

    /**
     * The most heap still in use after a full collection, sampled every few seconds while a run goes on:
     * what the run really holds, garbage left out (pool peaks count garbage too).
     */
    static final class LiveHeap {
        private final Thread sampler;
        private volatile boolean running = true;
        private long max;

        private LiveHeap() {
            sampler = new Thread(
                    () -> {
                        while (running) {
                            sample();
                            try {
                                Thread.sleep(3000);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "live-heap");
            sampler.setDaemon(true);
        }

        static LiveHeap start() {
            LiveHeap h = new LiveHeap();
            h.sampler.start();
            return h;
        }

        private synchronized void sample() {
            System.gc();
            max = Math.max(
                    max,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        long stop() throws InterruptedException {
            running = false;
            sampler.interrupt();
            sampler.join();
            sample();
            return max >> 20;
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check check) throws Exception {
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the sandbox did not come up");
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
