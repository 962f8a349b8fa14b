package io.deskbridge.it;

import static io.deskbridge.it.Processes.await;
import static io.deskbridge.it.Processes.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 4: the two-node drill. Two packaged runtimes share one PostgreSQL database (held by this test's
 * JVM), with the sandbox as a third process whose Desk answers slowly, so a contacts run lasts long enough to be killed
 * in. Contacts are scheduled every 3 s on both nodes under a 10 s run lease. The node holding the run is killed with
 * SIGKILL mid-run, twice (the first one restarted in between): each time the other node takes the sync over once the
 * lease has run out and carries the work on from the last commit. In the end: no two runs of contacts overlapped,
 * every contact is once on each side, both nodes show the same syncs, and a pause made through one node holds on the
 * other.
 */
class TwoNodeFailoverIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "two-node-drill-admin-token-0123456789";
    static final int CRM_CONTACTS = 2500;
    static final int DESK_ONLY = 100;
    static final int KILLS = 2;
    static final Duration LEASE = Duration.ofSeconds(10);
    static final Duration CHECKIN = Duration.ofSeconds(2);
    /**
     * Quartz declares a node dead once its check-in is late by the interval plus 7.5 s, and the survivor sees it at
     * its own next check-in; until then the dead node's fire keeps its sync's trigger blocked (fires of one sync may
     * not overlap).
     */
    static final Duration DECLARED_DEAD = CHECKIN.plusMillis(7500).plus(CHECKIN);
    /**
     * The trigger freed by that recovery is then late by more than the misfire threshold: Quartz's misfire scan, every
     * 5 s, moves it to the schedule's next time, up to one period (3 s) later.
     */
    static final Duration MISFIRE_SCAN = Duration.ofSeconds(5);

    static final Duration PERIOD = Duration.ofSeconds(3);

    final Path dir = Path.of("target", "two-node-drill");
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Random random = new Random(20261129);
    private static final Pattern NODE_NAME = Pattern.compile("Node name: (\\S+) \\(slot ");
    final Map<String, Node> nodes = new LinkedHashMap<>();
    Path jar;
    List<String> runtime;
    Connection db;

    /** A runtime process of the drill, named as it names itself in the leases it takes. */
    /** A runtime of the drill: its label (its folder and logs), the node name it gave itself, its process. */
    record Node(String label, String name, Process process, String base, int life) {}

    /** The run holding the contacts sync's lease, and the node that holds it. */
    record Holder(long runId, String node) {}

    /** A row of the runs table. */
    record RunRow(long runId, String status, Instant startedAt, Instant finishedAt, int read) {}

    @Test
    void theNodeHoldingTheRunIsKilledAndTheOtherFinishesTheWorkWithEveryRecordOnceOnBothSides() throws Exception {
        jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        assertTrue(Files.exists(jar), "the packaged jar: " + jar);
        // One server for the test's JVM, one database for both nodes: they are one Deskbridge.
        TestDatabase.Store store = TestDatabase.postgres().database("twonode_drill");
        db = DriverManager.getConnection(store.url(), store.user(), store.password());
        int sandboxPort = RunningDeskbridge.freePort();
        String sandboxUrl = "http://127.0.0.1:" + sandboxPort;
        Process sandbox = Processes.startJar(
                jar,
                "512m",
                dir.resolve("sandbox.log"),
                List.of(
                        "-Dcamel.server.port=" + sandboxPort,
                        "-Dcamel.management.port=" + RunningDeskbridge.freePort(),
                        "-Ddeskbridge.sandbox.data-dir=" + dir.resolve("sandbox-data"),
                        "-Ddeskbridge.sandbox.seed-demo-data=false",
                        "-Ddeskbridge.sandbox.desk-unique-emails=false",
                        "-Ddeskbridge.sandbox.generate-contacts=" + CRM_CONTACTS),
                List.of("sandbox"));
        try {
            await(() -> get(sandboxUrl + "/sandbox/_faults").statusCode() == 200, "the sandbox");
            ZohoDeskClient deskClient = deskClient(sandboxUrl);
            for (int i = 0; i < DESK_ONLY; i++) {
                deskClient.create(
                        "contacts",
                        List.of(JSON.createObjectNode()
                                .put("lastName", "Desk " + i)
                                .put("email", "desk-only-" + i + "@example.org")));
            }
            // Every Desk answer takes 15 ms more: creating the Desk's 2,500 contacts takes about 40 s of runs on two
            // cores, long enough to kill two of them mid-way.
            send("PUT", sandboxUrl + "/sandbox/_faults/desk", "{\"slow\":1.0,\"slow-ms\":15}", 200);

            runtime = new ArrayList<>(Processes.pointedAt(sandboxUrl));
            runtime.addAll(store.jvmProperties());
            runtime.addAll(List.of(
                    "-Ddeskbridge.admin.token=" + TOKEN,
                    "-Ddeskbridge.sync.run-lease=" + LEASE.toSeconds() + "s",
                    "-Ddeskbridge.cluster.checkin-interval=" + CHECKIN.toSeconds() + "s",
                    "-Ddeskbridge.sync.contacts.cron=0/" + PERIOD.toSeconds() + " * * * * ?",
                    "-Ddeskbridge.sync.accounts.cron=" + RunningDeskbridge.NEVER,
                    "-Ddeskbridge.sync.products.cron=" + RunningDeskbridge.NEVER,
                    "-Ddeskbridge.sync.tickets.cron=" + RunningDeskbridge.NEVER,
                    "-Ddeskbridge.sync.chats.cron=" + RunningDeskbridge.NEVER,
                    "-Ddeskbridge.signals.cron=" + RunningDeskbridge.NEVER,
                    "-Ddeskbridge.handover.cron=" + RunningDeskbridge.NEVER,
                    "-Ddeskbridge.sync.max-failed-runs=1000"));
            // No deskbridge.node.name: each node names itself (host name and the id kept in its data folder).
            String nameA = start("node-a", 0).name();
            String nameB = start("node-b", 0).name();
            assertNotEquals(nameA, nameB, "two processes on one host are two nodes without a setting");

            List<Double> takeovers = new ArrayList<>();
            int kills = 0;
            for (int k = 0; k < KILLS; k++) {
                Optional<Holder> holder = runGoingFor(Duration.ofMillis(3000 + random.nextInt(3000)));
                if (holder.isEmpty()) {
                    break; // the work was done before this kill: nothing left to kill mid-run
                }
                Node victim = nodes.get(holder.get().node());
                assertNotNull(victim, "the lease is held by a node of the drill: " + holder.get());
                Instant killed = Instant.now();
                victim.process().destroyForcibly().waitFor();
                kills++;
                RunRow next = awaitRunAfter(holder.get().runId());
                takeovers.add(Duration.between(killed, next.startedAt()).toMillis() / 1000.0);
                Optional<Holder> taker = holder().filter(h -> h.runId() == next.runId());
                taker.ifPresent(h -> assertTrue(
                        !h.node().equals(victim.name()) && nodes.containsKey(h.node()),
                        "the other node took the run over: " + h));
                // The killed node comes back on its folder, under its name as before, ready to take the next run over.
                assertEquals(
                        victim.name(), start(victim.label(), victim.life() + 1).name(), "the name survives");
            }
            assertTrue(kills > 0, "a run was killed mid-way");
            awaitNothingLeft();

            // A pause through one node holds on the other, whose schedule keeps firing.
            Node a = nodes.get(nameA);
            Node b = nodes.get(nameB);
            send("POST", a.base() + "/admin/syncs/contacts/pause", null, 200);
            awaitNoRunHoldsTheLease();
            long lastBefore = lastRunId();
            assertEquals(syncs(a), syncs(b), "both nodes show the same syncs");
            assertEquals("PAUSED", syncs(b).get("contacts").path("state").asText());
            Thread.sleep(7_000); // two fires of the schedule
            assertEquals(lastBefore, lastRunId(), "no run started while paused");
            send("POST", b.base() + "/admin/syncs/contacts/activate", null, 200);
            await(() -> lastRunId() > lastBefore, "a run after the activation");
            assertEquals("ACTIVE", syncs(a).get("contacts").path("state").asText());

            int overlaps = overlaps(runs());
            Map<String, Integer> desk = byEmail(readDesk(deskClient), "email");
            Map<String, Integer> crm = byEmail(readCrm(sandboxUrl), "Email");
            Set<String> emails = new HashSet<>(desk.keySet());
            emails.addAll(crm.keySet());
            int duplicates = 0;
            int lost = 0;
            for (String email : emails) {
                for (Map<String, Integer> side : List.of(desk, crm)) {
                    int n = side.getOrDefault(email, 0);
                    duplicates += Math.max(0, n - 1);
                    lost += n == 0 ? 1 : 0;
                }
            }
            double slowest =
                    takeovers.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            String line = String.format(
                    Locale.ROOT,
                    "two-node drill: %d kills, takeover in %.1f s, %d overlaps, %d duplicates, %d lost",
                    kills,
                    slowest,
                    overlaps,
                    duplicates,
                    lost);
            System.out.println(line + " (takeovers " + takeovers + " s, lease " + LEASE.toSeconds() + " s)");
            Files.writeString(dir.resolve("figures.txt"), line + System.lineSeparator());
            assertEquals(0, overlaps, "runs of contacts that overlapped: " + runs());
            assertEquals(0, duplicates, "duplicates");
            assertEquals(0, lost, "lost");
            assertEquals(CRM_CONTACTS + DESK_ONLY, emails.size(), "every contact of either side");
            double bound =
                    (Math.max(LEASE.toMillis(), DECLARED_DEAD.plus(MISFIRE_SCAN).toMillis()) + PERIOD.toMillis())
                                    / 1000.0
                            + 3;
            assertTrue(
                    slowest <= bound,
                    "taken over within the longer of a lease and Quartz's failure detection and misfire scan, a period and"
                            + " a little (" + bound + " s): " + takeovers);
        } finally {
            for (Node n : nodes.values()) {
                n.process().destroy();
                n.process().waitFor();
            }
            sandbox.destroy();
            sandbox.waitFor();
            if (db != null) {
                db.close();
            }
        }
    }

    /** Starts the runtime {@code label} on its own data folder, waits for its admin API, and learns its node name. */
    private Node start(String label, int life) throws Exception {
        List<String> props = new ArrayList<>(runtime);
        props.add("-Ddeskbridge.data-dir=" + dir.resolve(label + "-data"));
        int port = RunningDeskbridge.freePort();
        props.add("-Dcamel.server.port=" + port);
        props.add("-Dcamel.management.port=" + RunningDeskbridge.freePort());
        Path log = dir.resolve(label + "-" + life + ".log");
        Process p = Processes.startJar(jar, "384m", log, props, List.of());
        String base = "http://127.0.0.1:" + port;
        await(() -> Processes.get(http, base + "/admin/syncs", TOKEN).statusCode() == 200, label);
        Matcher named = NODE_NAME.matcher(Files.readString(log));
        assertTrue(named.find(), label + " logs its node name");
        Node node = new Node(label, named.group(1), p, base, life);
        nodes.put(node.name(), node);
        return node;
    }

    /** The run holding the lease once it has been going for {@code going}; empty once nothing is left to do. */
    private Optional<Holder> runGoingFor(Duration going) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            Optional<Holder> h = holder();
            if (h.isPresent()) {
                RunRow run = run(h.get().runId());
                if (run.startedAt().plus(going).isBefore(Instant.now())) {
                    return h;
                }
            } else if (nothingLeft()) {
                return Optional.empty();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no contacts run went on for " + going + " in 90 s: " + runs());
    }

    /** The first run after {@code runId}: the other node's, since the one that ran {@code runId} is dead. */
    private RunRow awaitRunAfter(long runId) throws Exception {
        Instant deadline = Instant.now().plus(LEASE.multipliedBy(4));
        while (Instant.now().isBefore(deadline)) {
            Optional<RunRow> next =
                    runs().stream().filter(r -> r.runId() > runId).findFirst();
            if (next.isPresent()) {
                return next.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no node took run " + runId + " over: " + runs());
    }

    /** Runs until one reads nothing: every record is through, on both sides. */
    private void awaitNothingLeft() throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (nothingLeft()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the runs did not settle in 120 s: " + runs());
    }

    private boolean nothingLeft() throws SQLException {
        List<RunRow> all = runs();
        return !all.isEmpty()
                && all.get(all.size() - 1).finishedAt() != null
                && all.stream()
                        .filter(r -> r.finishedAt() != null)
                        .reduce((first, second) -> second)
                        .map(r -> r.status().equals("SUCCEEDED") && r.read() == 0)
                        .orElse(false);
    }

    private void awaitNoRunHoldsTheLease() throws Exception {
        await(() -> holder().isEmpty(), "the run stopped by the pause");
    }

    /** Runs that started before the one before them finished. */
    private static int overlaps(List<RunRow> runs) {
        List<RunRow> byStart = new ArrayList<>(runs);
        byStart.sort(java.util.Comparator.comparing(RunRow::startedAt));
        int n = 0;
        for (int i = 1; i < byStart.size(); i++) {
            Instant previousEnd = byStart.get(i - 1).finishedAt();
            if (previousEnd == null || byStart.get(i).startedAt().isBefore(previousEnd)) {
                n++;
            }
        }
        return n;
    }

    private Optional<Holder> holder() throws SQLException {
        try (var s = db.prepareStatement("SELECT running_run_id, lease_owner FROM sync_state WHERE sync_id = 'contacts'"
                + " AND running_run_id IS NOT NULL")) {
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(new Holder(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }

    private List<RunRow> runs() throws SQLException {
        List<RunRow> out = new ArrayList<>();
        try (var s = db.prepareStatement("SELECT run_id, status, started_at, finished_at, read_count FROM sync_run"
                + " WHERE sync_id = 'contacts' ORDER BY run_id")) {
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                java.sql.Timestamp finished = rs.getTimestamp(4);
                out.add(new RunRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        finished == null ? null : finished.toInstant(),
                        rs.getInt(5)));
            }
        }
        return out;
    }

    private RunRow run(long runId) throws SQLException {
        return runs().stream().filter(r -> r.runId() == runId).findFirst().orElseThrow();
    }

    private long lastRunId() throws SQLException {
        List<RunRow> all = runs();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).runId();
    }

    /** Each sync as the node shows it: its state, its direction and its last run. */
    private Map<String, JsonNode> syncs(Node n) throws Exception {
        HttpResponse<String> r = Processes.get(http, n.base() + "/admin/syncs", TOKEN);
        assertEquals(200, r.statusCode(), n.name() + ": " + r.body());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode s : JSON.readTree(r.body()).path("syncs")) {
            out.put(
                    s.path("id").asText(),
                    JSON.createObjectNode()
                            .put("state", s.path("state").asText())
                            .put("direction", s.path("direction").asText())
                            .set("lastRun", s.path("lastRun")));
        }
        return out;
    }

    private List<ObjectNode> readDesk(ZohoDeskClient desk) {
        Map<String, ObjectNode> byId = new HashMap<>();
        desk.readChanges(
                "contacts",
                List.of(),
                null,
                p -> p.records().forEach(r -> byId.put(r.path("id").asText(), r)));
        return new ArrayList<>(byId.values());
    }

    private List<ObjectNode> readCrm(String sandboxUrl) {
        ZohoCrmClient crm = new ZohoCrmClient(
                Processes.sandboxCaller(http, sandboxUrl, "CRM"),
                URI.create(sandboxUrl + "/sandbox/zoho"),
                JSON,
                CrmProductApi.of(CrmProduct.ZOHO_CRM));
        List<ObjectNode> all = new ArrayList<>();
        crm.readChanges("Contacts", List.of("Email", "Last_Name"), null, p -> all.addAll(p.records()));
        return all;
    }

    private static Map<String, Integer> byEmail(List<ObjectNode> records, String field) {
        Map<String, Integer> out = new HashMap<>();
        records.forEach(r -> out.merge(r.path(field).asText().toLowerCase(Locale.ROOT), 1, Integer::sum));
        return out;
    }

    private ZohoDeskClient deskClient(String sandboxUrl) {
        return Processes.sandboxDeskClient(http, sandboxUrl);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A PUT or POST that must answer {@code expected}; the admin token goes with it, a JSON body when given. */
    private void send(String method, String url, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), method + " " + url + ": " + r.body());
    }
}
