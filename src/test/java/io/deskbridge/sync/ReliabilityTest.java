package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budgets, shutdowns and odd data: the runtime keeps going, loses nothing and writes nothing twice. */
class ReliabilityTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Map<String, String> props(String... extra) {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.data-dir", dir.resolve("data/sandbox").toString());
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    @Test
    void aRunStopsCleanlyWhenTheDailyCallBudgetIsUsedUpAndGoesOnWhenThereIsMore() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props("deskbridge.desk.daily-call-budget", "6"))) {
            JsonNode run = app.runAndWait("contacts");
            assertEquals("STOPPED", run.path("status").asText(), run.toString());
            assertTrue(
                    run.path("message").asText().contains("daily budget of 6 desk API calls is used up"),
                    run.toString());
            int created = run.path("created").asInt();
            assertTrue(created < 7, run.toString());
            JsonNode calls = app.get("/admin/syncs/contacts").path("apiCalls").path("desk");
            assertEquals(6, calls.path("today").asInt(), calls.toString());
            assertTrue(calls.path("exhausted").asBoolean(), calls.toString());
            assertEquals(created, app.sandbox().desk().contactCount() - 4, "the demo Desk had 4 contacts");
        }
        try (RunningDeskbridge app = RunningDeskbridge.start(props("deskbridge.desk.daily-call-budget", "1000"))) {
            JsonNode run = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(
                    7,
                    app.sandbox().desk().contactCount() - 4,
                    "every contact arrived once: " + app.get("/admin/syncs/contacts"));
        }
    }

    @Test
    void aShutdownDuringARunEndsAtABatchBoundaryAndTheRestartFinishesTheJob() throws Exception {
        Map<String, String> p = props("deskbridge.sandbox.seed-demo-data", "false");
        long runId;
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().crm().generateContacts(3000, "stop");
            var started = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
            runId = JSON.readTree(started.body()).path("runId").asLong();
            JsonNode run;
            do {
                Thread.sleep(20);
                run = app.get("/admin/syncs/contacts/runs/" + runId);
            } while (run.path("read").asInt() < 300
                    && "RUNNING".equals(run.path("status").asText()));
        }
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode stopped = app.get("/admin/syncs/contacts/runs/" + runId);
            assertEquals("STOPPED", stopped.path("status").asText(), stopped.toString());
            assertTrue(stopped.path("message").asText().contains("shutting down"), stopped.toString());
            assertTrue(stopped.path("created").asInt() < 3000, stopped.toString());
            JsonNode rest = app.runAndWait("contacts");
            assertEquals(
                    3000 - stopped.path("created").asInt(), rest.path("created").asInt(), rest.toString());
            Set<String> emails = new HashSet<>();
            app.sandbox()
                    .desk()
                    .contacts()
                    .forEach(c -> assertTrue(emails.add(c.path("email").asText()), "twice: " + c));
            assertEquals(3000, emails.size());
        }
    }

    @Test
    void valuesThatLookLikeExpressionsOrSqlAreCarriedVerbatim() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            Sandbox s = app.sandbox();
            String[] odd = {
                "${header.Authorization}",
                "'; DROP TABLE record_link; --",
                "#{sandbox}",
                "{{deskbridge.admin.token}}",
                "Zoë 🙂 \u200b𠮷野家",
                "\\u0000 <script>alert(1)</script>"
            };
            for (int i = 0; i < odd.length; i++) {
                s.crm()
                        .insert(
                                "Contacts",
                                JSON.createObjectNode()
                                        .put("Last_Name", odd[i])
                                        .put("First_Name", odd[i])
                                        .put("Email", "odd" + i + "@example.com"));
            }
            JsonNode run = app.runAndWait("contacts");
            assertEquals(0, run.path("failed").asInt(), run.toString());
            for (int i = 0; i < odd.length; i++) {
                ObjectNode c =
                        s.desk().contactsWithEmail("odd" + i + "@example.com").get(0);
                assertEquals(odd[i], c.path("lastName").asText());
                assertEquals(odd[i], c.path("firstName").asText());
            }
            assertEquals(
                    200,
                    app.call("GET", "/admin/syncs", RunningDeskbridge.TOKEN).statusCode(),
                    "the store is fine");
        }
    }

    @Test
    void aRunStopsBetweenBatchesOnceItHasRetriedTooOftenAndNothingIsLost() throws Exception {
        Map<String, String> p = props(
                "deskbridge.http.max-retries-per-run",
                "5",
                "deskbridge.sandbox.faults.desk.too-many-requests",
                "0.2",
                "deskbridge.sandbox.faults.desk.retry-after",
                "0",
                "deskbridge.sandbox.faults.seed",
                "7",
                "deskbridge.sandbox.seed-demo-data",
                "false");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().crm().generateContacts(600, "busy");
            assertTrue(app.sandbox().faults().plan("desk").active(), "fault plan taken from the configuration");
            JsonNode run = app.runAndWait("contacts");
            assertEquals("STOPPED", run.path("status").asText(), run.toString());
            assertTrue(run.path("message").asText().contains("had to be retried"), run.toString());
            assertTrue(run.path("created").asInt() < 600, run.toString());
            app.sandbox().faults().clear();
            JsonNode rest = app.runAndWait("contacts");
            assertEquals(600, run.path("created").asInt() + rest.path("created").asInt(), rest.toString());
            assertEquals(600, app.sandbox().desk().contactCount());
        }
    }
}
