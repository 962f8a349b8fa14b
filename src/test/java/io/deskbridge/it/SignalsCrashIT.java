package io.deskbridge.it;

import static io.deskbridge.it.Processes.await;
import static io.deskbridge.it.Processes.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.NewTicket;
import io.deskbridge.connector.TicketChanges;
import io.deskbridge.connector.zohodesk.ZohoDeskTickets;
import io.deskbridge.support.RunningDeskbridge;
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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: a kill -9 between the detection of sales signals and their delivery loses none. The packaged jar
 * runs as its own process against a sandbox process; a tickets run queues events while the drain never fires, the
 * runtime is killed with SIGKILL, and restarted with the drain on: every event queued reaches the CRM's Signals API
 * and the Camel endpoint (the shipped log: endpoint, whose lines name each event's id) exactly once.
 */
class SignalsCrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "signals-crash-admin-token-0123456789";
    static final String NEVER = "0 0 0 1 1 ? 2099";
    static final String DEPARTMENT = "1892000000006907";
    static final Pattern LOGGED_ID = Pattern.compile("deskbridgeEventId=([^,}\\s]+)");

    final Path dir = Path.of("target", "signals-crash");
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void eventsQueuedBeforeAKillAreDeliveredOnceEachAfterTheRestart() throws Exception {
        Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        assertTrue(Files.exists(jar), "the packaged jar: " + jar);
        int sandboxPort = RunningDeskbridge.freePort();
        String sandboxUrl = "http://127.0.0.1:" + sandboxPort;
        Process sandbox = Processes.startJar(
                jar,
                "384m",
                dir.resolve("sandbox.log"),
                List.of(
                        "-Dcamel.server.port=" + sandboxPort,
                        "-Dcamel.management.port=" + RunningDeskbridge.freePort(),
                        "-Ddeskbridge.sandbox.data-dir=" + dir.resolve("sandbox-data")),
                List.of("sandbox"));
        try {
            await(() -> get(sandboxUrl + "/sandbox/_signals", null).statusCode() == 200, "the sandbox");
            String db = "jdbc:h2:file:" + dir.resolve("runtime-data/deskbridge").toAbsolutePath();
            List<String> runtime = runtime(sandboxUrl, db);

            // Life 1: the mirror is filled, the Desk changes, a run detects the events; the drain never fires.
            Life first = start(jar, runtime, NEVER, 1);
            for (String sync : List.of("accounts", "contacts", "tickets")) {
                assertEquals(
                        "SUCCEEDED",
                        runAndWait(first.base(), sync).path("status").asText(),
                        sync);
            }
            ZohoDeskTickets desk = desk(sandboxUrl);
            List<String> contacts = new ArrayList<>();
            for (String ticket : List.of("1892000000143001", "1892000000143004", "1892000000143006")) {
                contacts.add(desk.ticket(ticket).path("contactId").asText());
            }
            for (int i = 0; i < contacts.size(); i++) {
                desk.createTicket(new NewTicket(
                        contacts.get(i), DEPARTMENT, "Question " + i + " after the crash drill", null, null, null));
            }
            desk.comment("1892000000143001", "Asked for the log files", false);
            desk.comment("1892000000143004", "Replacement on its way", true);
            desk.updateTicket("1892000000143005", new TicketChanges("Escalated", null, null, null));
            JsonNode detecting = runAndWait(first.base(), "tickets");
            assertEquals("SUCCEEDED", detecting.path("status").asText(), detecting.toString());
            assertEquals(0, received(sandboxUrl).size(), "nothing delivered before the kill");
            // An embedded H2 writes a commit to its file within a second (its write delay): a kill sooner takes the
            // whole page back (mirror, outbox and watermark together), and the next run detects the same events
            // again under the same ids. Here the events must be in the store when the process dies.
            Thread.sleep(1_500);
            first.process().destroyForcibly().waitFor();

            Map<String, String> queued = queued(db);
            // #105 was due long ago: escalating it also shows it overdue.
            assertEquals(7, queued.size(), "3 new tickets, 2 comments, 1 escalation, 1 overdue: " + queued.values());

            // Life 2: the drain fires every second.
            Life second = start(jar, runtime, "0/1 * * * * ?", 2);
            Path log = dir.resolve("runtime-2.log");
            try {
                Instant deadline = Instant.now().plusSeconds(30);
                while (Instant.now().isBefore(deadline)
                        && (received(sandboxUrl).size() < queued.size()
                                || logged(log).size() < queued.size())) {
                    Thread.sleep(250);
                }
                Thread.sleep(2_500); // two more drains: nothing may be sent again
            } finally {
                second.process().destroy();
                second.process().waitFor();
            }

            Map<String, Integer> atEndpoint = new TreeMap<>();
            logged(log).forEach(id -> atEndpoint.merge(id, 1, Integer::sum));
            Map<String, Integer> once = new TreeMap<>();
            queued.keySet().forEach(id -> once.put(id, 1));
            assertEquals(once, atEndpoint, "every queued event once at the endpoint, by its id");

            List<JsonNode> atCrm = received(sandboxUrl);
            Map<String, Integer> crmCounts = new TreeMap<>();
            atCrm.forEach(s -> crmCounts.merge(
                    s.path("subject").asText() + " | " + s.path("message").asText(), 1, Integer::sum));
            Map<String, Integer> expected = new TreeMap<>();
            queued.values().forEach(text -> expected.merge(text, 1, Integer::sum));
            assertEquals(expected, crmCounts, "every queued event once at the CRM");
        } finally {
            sandbox.destroy();
            sandbox.waitFor();
        }
    }

    private record Life(Process process, String base) {}

    private Life start(Path jar, List<String> runtime, String drainCron, int life) throws Exception {
        int port = RunningDeskbridge.freePort();
        List<String> props = new ArrayList<>(runtime);
        props.add("-Ddeskbridge.signals.cron=" + drainCron);
        props.add("-Dcamel.server.port=" + port);
        props.add("-Dcamel.management.port=" + RunningDeskbridge.freePort());
        Process p = Processes.startJar(jar, "384m", dir.resolve("runtime-" + life + ".log"), props, List.of());
        String base = "http://127.0.0.1:" + port;
        await(() -> get(base + "/admin/syncs", TOKEN).statusCode() == 200, "the runtime");
        return new Life(p, base);
    }

    private List<String> runtime(String sandboxUrl, String db) {
        List<String> props = new ArrayList<>(Processes.pointedAt(sandboxUrl));
        props.addAll(List.of(
                "-Ddeskbridge.data-dir=" + dir.resolve("runtime-data"),
                "-Ddeskbridge.db.url=" + db,
                "-Ddeskbridge.admin.token=" + TOKEN));
        for (String sync : List.of("accounts", "contacts", "products", "tickets")) {
            props.add("-Ddeskbridge.sync." + sync + ".cron=" + NEVER);
        }
        return props;
    }

    /** The events in the outbox, read from the dead runtime's store: id → "subject | message". */
    private static Map<String, String> queued(String db) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db, "sa", "");
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT e.event_id, e.subject, e.message FROM signal_event e WHERE"
                                + " (SELECT COUNT(*) FROM signal_delivery d WHERE d.event_id = e.event_id"
                                + " AND d.pending = TRUE) = 2")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + " | " + rs.getString(3));
            }
        }
        return out;
    }

    /** The event ids the shipped log: endpoint logged, one per message it took. */
    private static List<String> logged(Path log) throws Exception {
        List<String> ids = new ArrayList<>();
        if (!Files.exists(log)) {
            return ids;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.contains("deskbridge.signals") || line.contains(" signals ")) {
                Matcher m = LOGGED_ID.matcher(line);
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    private List<JsonNode> received(String sandboxUrl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(get(sandboxUrl + "/sandbox/_signals", null).body())
                .path("signals")
                .forEach(out::add);
        return out;
    }

    private ZohoDeskTickets desk(String sandboxUrl) {
        ApiCaller caller = Processes.sandboxCaller(http, sandboxUrl, "Desk");
        return new ZohoDeskTickets(caller, URI.create(sandboxUrl + "/sandbox/desk"), "600000001", JSON);
    }

    private JsonNode runAndWait(String base, String sync) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/syncs/" + sync + "/run"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        long id = JSON.readTree(r.body()).path("runId").asLong();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = JSON.readTree(
                    get(base + "/admin/syncs/" + sync + "/runs/" + id, TOKEN).body());
            if (!"RUNNING".equals(run.path("status").asText())) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(sync + " run " + id + " did not finish");
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
