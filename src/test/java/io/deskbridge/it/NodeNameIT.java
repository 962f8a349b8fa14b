package io.deskbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 2: two packaged runtimes started from one working folder without {@code deskbridge.node.name} are two
 * nodes, and one killed with SIGKILL mid-run comes back as the same node, so it marks its cut-short run FAILED at once.
 */
class NodeNameIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "node-name-it-admin-token-0123456789";
    static final Pattern LOGGED = Pattern.compile("Node name: (\\S+) \\((slot \\d+) of ");

    @TempDir
    Path work;

    final Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"))
            .toAbsolutePath();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void twoRuntimesOfOneFolderAreTwoNodesAndOneKilledMidRunComesBackAsItself() throws Exception {
        assertTrue(Files.exists(jar), "the packaged jar: " + jar);
        List<Process> started = new ArrayList<>();
        try {
            Processes.Runtime a = start("a", "a.log", started);
            Processes.Runtime b = start("b", "b.log", started);
            String[] nameA = logged("a.log");
            String[] nameB = logged("b.log");
            assertNotEquals(nameA[0], nameB[0], "one data folder, two live processes");
            assertEquals("slot 1", nameA[1]);
            assertEquals("slot 2", nameB[1]);

            long runId = JSON.readTree(
                            post(a.base() + "/admin/syncs/accounts/run").body())
                    .path("runId")
                    .asLong();
            JsonNode running = run(a, runId);
            assertEquals("RUNNING", running.path("status").asText(), "the CRM answers slowly: " + running);
            assertEquals(nameA[0], running.path("node").asText(), running.toString());
            // An embedded H2 writes a commit to its file up to a second later (Jdbc.flushIfEmbeddedH2): the run's row
            // must be on disk before the kill, or the restarted node has no run to find.
            Thread.sleep(2000);
            a.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no release

            Processes.Runtime again = start("a", "a-again.log", started);
            assertEquals(nameA[0], logged("a-again.log")[0], "the OS dropped the dead process's lock on slot 1");
            JsonNode cutShort = run(again, runId);
            assertEquals("FAILED", cutShort.path("status").asText(), cutShort.toString());
            assertEquals(nameA[0], cutShort.path("node").asText());
            assertTrue(cutShort.path("message").asText().contains(nameA[0]), cutShort.toString());
            assertEquals(
                    200, Processes.get(http, b.base() + "/admin/syncs", TOKEN).statusCode(), "b ran on");
        } finally {
            for (Process p : started) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A runtime in the shared working folder (so the default data folder ./data is shared) with its own sandbox and
     * store (two processes cannot share an H2 file), the CRM slow so a run lasts, every schedule off.
     */
    private Processes.Runtime start(String store, String log, List<Process> started) throws Exception {
        List<String> props = new ArrayList<>(List.of(
                "-Ddeskbridge.admin.token=" + TOKEN,
                "-Ddeskbridge.sandbox.data-dir=",
                "-Ddeskbridge.sandbox.faults.crm.slow=1.0",
                "-Ddeskbridge.sandbox.faults.crm.slow-ms=4000",
                "-Ddeskbridge.signals.cron=" + RunningDeskbridge.NEVER,
                "-Ddeskbridge.cluster.checkin-interval=1s"));
        for (String sync : List.of("accounts", "contacts", "products", "tickets", "chats")) {
            props.add("-Ddeskbridge.sync." + sync + ".cron=" + RunningDeskbridge.NEVER);
        }
        props.addAll(TestDatabase.storeFor(work.resolve(store)).jvmProperties());
        Processes.Runtime r;
        try {
            r = Processes.startRuntime(jar, props, work.resolve(log), http, TOKEN);
        } catch (Exception | AssertionError e) {
            throw new AssertionError(log + ":\n" + Files.readString(work.resolve(log)), e);
        }
        started.add(r.process());
        return r;
    }

    /** The node name the runtime logged at start, and its slot. */
    private String[] logged(String log) throws Exception {
        Matcher m = LOGGED.matcher(Files.readString(work.resolve(log)));
        assertTrue(m.find(), "no node name in " + log);
        return new String[] {m.group(1), m.group(2)};
    }

    private JsonNode run(Processes.Runtime r, long runId) throws Exception {
        HttpResponse<String> answer = Processes.get(http, r.base() + "/admin/syncs/accounts/runs/" + runId, TOKEN);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
