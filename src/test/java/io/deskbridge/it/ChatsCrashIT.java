package io.deskbridge.it;

import static io.deskbridge.it.Processes.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.ChatSimulator;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.SellSimulator;
import io.deskbridge.support.RunningDeskbridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 4: the chats sync killed with SIGKILL while it writes into Sell, twice, then restarted: every chat has
 * exactly one note and every new visitor one lead. The packaged jar runs as its own process against the sandbox of an
 * in-test Deskbridge (so the test adds the chats and reads Sell directly), whose Sell answers slowly enough that the
 * kills land among the writes.
 */
class ChatsCrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "chats-crash-admin-token-0123456789";
    static final int CHATS = 300;
    /** The demo chats written (ChatSeed): five notes, two new leads. */
    static final int SEEDED_NOTES = 5;

    final Path dir = Path.of("target", "chats-crash");
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void killedDuringTheWritesEveryChatEndsWithExactlyOneNote() throws Exception {
        Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        assertTrue(Files.exists(jar), "the packaged jar: " + jar);
        try (RunningDeskbridge host = RunningDeskbridge.start(RunningDeskbridge.defaults(dir.resolve("host")))) {
            ChatSimulator chat = host.sandbox().chat();
            SellSimulator sell = host.sandbox().sell();
            Instant end = Instant.now().minusSeconds(3600);
            for (int i = 0; i < CHATS; i++) {
                ObjectNode c = JSON.createObjectNode();
                c.put("id", String.format("2613.%04d.crash", i));
                c.put("timestamp", end.minusSeconds(600).toString());
                c.put("end_timestamp", end.toString());
                c.putObject("visitor").put("name", "Crash Visitor" + i).put("email", "crash-" + i + "@example.com");
                c.putArray("agent_names").add("Sandbox Agent");
                chat.add(c);
            }
            // Every Sell answer takes 20 ms: some 600 writes last long enough to be killed among.
            host.sandbox().faults().set("sell", new FaultPlan(0, 1, 0, 0, 1.0, 20, 0, 1000, 0));
            List<String> runtime = runtime("http://127.0.0.1:" + host.port());

            int[] killedAt = {60, 240};
            for (int life = 0; life < killedAt.length; life++) {
                Processes.Runtime l = start(jar, runtime, life);
                post(l.base() + "/admin/syncs/chats/run");
                int target = killedAt[life];
                Instant deadline = Instant.now().plusSeconds(120);
                while (sell.notes().size() < target && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
                l.process().destroyForcibly().waitFor();
                assertTrue(sell.notes().size() < CHATS + SEEDED_NOTES, "killed before the run was through");
            }
            host.sandbox().faults().clear();
            Processes.Runtime last = start(jar, runtime, killedAt.length);
            JsonNode run;
            try {
                run = runAndWait(last.base());
                if (run.path("read").asInt() > 0) {
                    run = runAndWait(last.base());
                }
            } finally {
                last.process().destroy();
                last.process().waitFor();
            }
            assertEquals(0, run.path("read").asInt(), "the runs settle: " + run);

            Map<String, Long> perChat = sell.notes().stream()
                    .collect(Collectors.groupingBy(
                            n -> n.path("content").asText().lines().findFirst().orElse(""),
                            TreeMap::new,
                            Collectors.counting()));
            long twice = perChat.values().stream().filter(n -> n > 1).count();
            Map<String, Long> leads = sell.leads().stream()
                    .collect(Collectors.groupingBy(l -> l.path("email").asText(), Collectors.counting()));
            long leadsTwice = leads.values().stream().filter(n -> n > 1).count();
            System.out.printf(
                    "chats crash drill: %d chats, %d kills, %d notes, %d chats noted twice, %d leads twice%n",
                    CHATS + SEEDED_NOTES, killedAt.length, sell.notes().size(), twice, leadsTwice);
            assertEquals(CHATS + SEEDED_NOTES, perChat.size(), "every chat noted");
            assertEquals(0, twice, "no chat noted twice: " + perChat);
            assertEquals(0, leadsTwice, "no visitor with two leads");
            for (int i = 0; i < CHATS; i++) {
                assertEquals(1L, leads.getOrDefault("crash-" + i + "@example.com", 0L), "lead of visitor " + i);
            }
        }
    }

    private Processes.Runtime start(Path jar, List<String> runtime, int life) throws Exception {
        return Processes.startRuntime(jar, runtime, dir.resolve("runtime-" + life + ".log"), http, TOKEN);
    }

    private List<String> runtime(String sandboxUrl) {
        List<String> props = new ArrayList<>(Processes.quietRuntime(sandboxUrl, dir.resolve("runtime-data"), TOKEN));
        return props;
    }

    private void post(String url) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
    }

    private JsonNode runAndWait(String base) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/syncs/chats/run"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        long id = JSON.readTree(r.body()).path("runId").asLong();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run =
                    JSON.readTree(get(base + "/admin/syncs/chats/runs/" + id).body());
            if (!"RUNNING".equals(run.path("status").asText())) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("chats run " + id + " did not finish");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return Processes.get(http, url, TOKEN);
    }
}
