package io.deskbridge.it;

import static io.deskbridge.it.Processes.deleteRecursively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.AgentDirectory;
import io.deskbridge.sandbox.AgentDirectory.HandOverScenario;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.RequestLog;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 4: a hand-over job killed with SIGKILL mid-way, then the runtime restarted: the job resumes, no ticket
 * is moved twice (the sandbox counts each ticket's applied updateMany), and the agent is deactivated last. The packaged
 * jar runs as its own process against the sandbox of an in-test Deskbridge, whose Desk answers slowly enough that the
 * kill lands among the batches.
 */
class HandOverCrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "handover-crash-admin-token-0123456789";

    final Path dir = Path.of("target", "handover-crash");
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void killedMidJobTheHandOverResumesMovesNoTicketTwiceAndDeactivatesLast() throws Exception {
        Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        assertTrue(Files.exists(jar), "the packaged jar: " + jar);
        try (RunningDeskbridge host = RunningDeskbridge.start(RunningDeskbridge.defaults(dir.resolve("host")))) {
            AgentDirectory agents = host.sandbox().desk().agents();
            HandOverScenario s = agents.seedHandOverScenario(700, 500, 2);
            List<String> tickets = new ArrayList<>(s.supportTickets());
            tickets.addAll(s.salesTickets());
            // Every Desk answer takes 150 ms: 24 batches of 50 last long enough to be killed among.
            host.sandbox().faults().set("desk", new FaultPlan(0, 1, 0, 0, 1.0, 150, 0, 1000, 0));
            List<String> runtime = runtime("http://127.0.0.1:" + host.port());

            Processes.Runtime first = start(jar, runtime, 0);
            HttpResponse<String> started = send(
                    first.base() + "/admin/agents/" + s.leaving() + "/deactivate",
                    "{\"tickets\":\"round-robin:" + s.targetSupportOnly() + "," + s.targetInBoth()
                            + "\",\"activities\":\"" + s.targetInBoth() + "\"}");
            assertEquals(202, started.statusCode(), started.body());
            long jobId = JSON.readTree(started.body()).path("jobId").asLong();
            Instant deadline = Instant.now().plusSeconds(60);
            while (agents.ticketAssignments().size() < 300 && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            first.process().destroyForcibly().waitFor();
            int movedBeforeKill = agents.ticketAssignments().size();
            assertTrue(
                    movedBeforeKill >= 300 && movedBeforeKill < tickets.size(), "killed mid-way: " + movedBeforeKill);
            assertEquals("ACTIVE", agents.status(s.leaving()));

            host.sandbox().faults().clear();
            Processes.Runtime second = start(jar, runtime, 1);
            JsonNode job;
            try {
                job = finished(second.base(), jobId);
            } finally {
                second.process().destroy();
                second.process().waitFor();
            }

            System.out.printf(
                    "hand-over crash drill: %d tickets, killed after %d moved, job %s: %d moved, %d left, %d failed%n",
                    tickets.size(),
                    movedBeforeKill,
                    job.path("state").asText(),
                    job.path("moved").asInt(),
                    job.path("left").asInt(),
                    job.path("failed").asInt());
            assertEquals("DONE", job.path("state").asText(), job.toString());
            assertEquals(tickets.size() + 12, job.path("moved").asInt());
            for (String t : tickets) {
                assertEquals(1, agents.ticketAssignments().getOrDefault(t, 0), "ticket " + t + " moved exactly once");
                String owner = host.sandbox()
                        .desk()
                        .tickets()
                        .ticket(t)
                        .orElseThrow()
                        .path("assigneeId")
                        .asText();
                assertTrue(Set.of(s.targetInBoth(), s.targetSupportOnly()).contains(owner), t + " -> " + owner);
            }
            for (String t : s.salesTickets()) {
                assertEquals(
                        s.targetInBoth(),
                        host.sandbox()
                                .desk()
                                .tickets()
                                .ticket(t)
                                .orElseThrow()
                                .path("assigneeId")
                                .asText());
            }
            assertEquals("DISABLED", agents.status(s.leaving()));
            List<RequestLog.Entry> log = host.sandbox().requests().entries();
            int lastMove = -1;
            int deactivated = -1;
            for (int i = 0; i < log.size(); i++) {
                RequestLog.Entry e = log.get(i);
                if (e.path().endsWith("/updateMany") && e.status() < 300) {
                    lastMove = i;
                }
                if (e.path().endsWith("/agents/" + s.leaving() + "/deactivate") && deactivated < 0) {
                    deactivated = i;
                }
            }
            assertTrue(deactivated > lastMove && lastMove > 0, "deactivated last: " + deactivated + " > " + lastMove);
        }
    }

    private Processes.Runtime start(Path jar, List<String> runtime, int life) throws Exception {
        return Processes.startRuntime(jar, runtime, dir.resolve("runtime-" + life + ".log"), http, TOKEN);
    }

    private List<String> runtime(String sandboxUrl) {
        List<String> props = new ArrayList<>(Processes.quietRuntime(sandboxUrl, dir.resolve("runtime-data"), TOKEN));
        props.add("-Ddeskbridge.handover.cron=0/1 * * * * ?");
        return props;
    }

    private JsonNode finished(String base, long jobId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = JSON.readTree(get(base + "/admin/jobs/" + jobId).body());
            if (Set.of("DONE", "BLOCKED", "FAILED").contains(job.path("state").asText())) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not finish in 60 s");
    }

    private HttpResponse<String> send(String url, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return Processes.get(http, url, TOKEN);
    }
}
