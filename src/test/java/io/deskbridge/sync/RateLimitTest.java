package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, items 1 to 3 over real HTTP: the Desk's rate limits are shared by every caller and respected. */
class RateLimitTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** How late a call may start after a 429 was sent and still count as already in flight: the answer's way back. */
    static final Duration IN_FLIGHT_SLACK = Duration.ofMillis(50);

    @TempDir
    Path dir;

    Map<String, String> props(String... extra) {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        p.put("deskbridge.sync.accounts.direction", "crm-to-desk");
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    /** Items 1 and 3: one writer's 429 holds back all four, and the run reports the 429s and the wait. */
    @Test
    void noDeskCallStartsInsideAnOpenRetryAfterWindowAndTheResultIsExact() throws Exception {
        Map<String, String> p = props(
                "deskbridge.desk.write-concurrency",
                "4",
                "deskbridge.sandbox.faults.desk.too-many-requests",
                "0.1",
                "deskbridge.sandbox.faults.desk.retry-after",
                "1",
                "deskbridge.sandbox.faults.desk.too-many-requests-method",
                "POST",
                "deskbridge.sandbox.faults.seed",
                "11");
        JsonNode run;
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().crm().generateContacts(150, "gate");
            run = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());

            List<RequestLog.Entry> desk = app.sandbox().requests().entries().stream()
                    .filter(e -> e.system().equals("desk"))
                    .toList();
            List<RequestLog.Entry> refused =
                    desk.stream().filter(e -> e.status() == 429).toList();
            assertTrue(refused.size() >= 5, "enough 429s to mean something: " + refused.size());
            List<String> inWindow = new ArrayList<>();
            for (RequestLog.Entry r : refused) {
                Instant opens = r.endedAt().plus(IN_FLIGHT_SLACK);
                Instant closes = r.endedAt().plusSeconds(1);
                for (RequestLog.Entry e : desk) {
                    if (e.client() != null
                            && e.client().equals(r.client())
                            && e.startedAt().isAfter(opens)
                            && e.startedAt().isBefore(closes)) {
                        inWindow.add(e.method() + " " + e.path() + " at " + e.startedAt()
                                + " inside the window of the 429 sent at " + r.endedAt());
                    }
                }
            }
            assertEquals(List.of(), inWindow, inWindow.size() + " call(s) started inside a Retry-After window");

            assertEquals(150, app.sandbox().desk().contactCount(), "every contact arrived");
            Set<String> emails = new HashSet<>();
            app.sandbox()
                    .desk()
                    .contacts()
                    .forEach(c -> assertTrue(emails.add(c.path("email").asText()), "twice: " + c));

            JsonNode calls = run.path("apiCalls");
            assertEquals(refused.size(), calls.path("desk").path("throttled").asInt(), calls.toString());
            assertEquals(0, calls.path("crm").path("throttled").asInt(), calls.toString());
            assertTrue(calls.path("desk").path("waitedSeconds").asDouble() >= 0.9, calls.toString());
            assertTrue(calls.path("desk").path("calls").asInt() > 150, calls.toString());
        }
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            JsonNode again =
                    app.get("/admin/syncs/contacts/runs/" + run.path("runId").asLong());
            assertEquals(run.path("apiCalls"), again.path("apiCalls"), "stored with the run, kept across a restart");
        }
    }

    /** Item 2: the cap holds across routes, here a second sync's reads and creates beside the first one's writers. */
    @Test
    void neverMoreDeskCallsInFlightThanMaxConcurrentCalls() throws Exception {
        Map<String, String> p = props(
                "deskbridge.desk.max-concurrent-calls",
                "2",
                "deskbridge.desk.write-concurrency",
                "2",
                "deskbridge.sandbox.faults.desk.slow",
                "1",
                "deskbridge.sandbox.faults.desk.slow-ms",
                "40");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().crm().generateContacts(60, "cap");
            for (int i = 0; i < 30; i++) {
                app.sandbox().crm().insert("Accounts", JSON.createObjectNode().put("Account_Name", "Cap " + i));
            }
            long contacts = runId(app, "contacts");
            Thread.sleep(300);
            long accounts = runId(app, "accounts");
            assertEquals(
                    "SUCCEEDED",
                    app.runAndWaitFor("contacts", contacts).path("status").asText());
            assertEquals(
                    "SUCCEEDED",
                    app.runAndWaitFor("accounts", accounts).path("status").asText());
            assertEquals(60, app.sandbox().desk().contactCount());
            assertEquals(30, app.sandbox().desk().accountCount());
            int most = app.sandbox().requests().maxInFlight("desk");
            assertEquals(2, most, "at most 2 Desk calls in flight, and the cap was used");
        }
    }

    /** Item 1: a Retry-After beyond deskbridge.http.max-retry-after stops the run between batches; nothing is lost. */
    @Test
    void aWaitLongerThanTheCapStopsTheRunBetweenBatches() throws Exception {
        Map<String, String> p = props(
                "deskbridge.http.max-retry-after",
                "100ms",
                "deskbridge.sandbox.faults.desk.too-many-requests",
                "0.05",
                "deskbridge.sandbox.faults.desk.retry-after",
                "60",
                "deskbridge.sandbox.faults.desk.too-many-requests-method",
                "POST",
                "deskbridge.sandbox.faults.seed",
                "3");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().crm().generateContacts(500, "long");
            JsonNode run = app.runAndWait("contacts");
            assertEquals("STOPPED", run.path("status").asText(), run.toString());
            assertTrue(run.path("message").asText().contains("deskbridge.http.max-retry-after"), run.toString());
            assertTrue(run.path("created").asInt() < 500, run.toString());
            app.sandbox().faults().clear();
            JsonNode rest = app.runAndWait("contacts");
            assertEquals(500, run.path("created").asInt() + rest.path("created").asInt(), rest.toString());
            assertEquals(500, app.sandbox().desk().contactCount());
        }
    }

    private static long runId(RunningDeskbridge app, String sync) throws Exception {
        var r = app.call("POST", "/admin/syncs/" + sync + "/run", RunningDeskbridge.TOKEN);
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("runId").asLong();
    }
}
