package io.deskbridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.support.RunningDeskbridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 2: a health check per sync at /observe/health on the management port, DOWN with the reason when the
 * sync paused itself, its credentials are refused, a daily budget is used up, or it is late; UP again once that is
 * fixed. The per-sync checks are in neither /ready nor /live, which stay 200 while a sync is DOWN.
 */
class HealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A health answer: its HTTP status and JSON. */
    private record Health(int status, JsonNode body) {
        JsonNode check(String name) {
            for (JsonNode c : body.path("checks")) {
                if (c.path("name").asText().equals(name)) {
                    return c;
                }
            }
            return null;
        }

        Set<String> names() {
            Set<String> names = new TreeSet<>();
            body.path("checks").forEach(c -> names.add(c.path("name").asText()));
            return names;
        }
    }

    @Test
    void aFreshStartIsUpAndSaysWhatAHumanStopped() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.chats.direction", "none");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Health all = health(app, "");
            assertEquals(200, all.status(), all.body().toString());
            assertEquals("UP", all.body().path("status").asText());
            assertEquals(
                    "active with direction none: nothing flows either way, so it does not run",
                    all.check("sync-chats").path("message").asText());
            for (String sync : new String[] {"accounts", "contacts", "products", "tickets"}) {
                JsonNode check = all.check("sync-" + sync);
                assertNotNull(check, all.names().toString());
                assertEquals("UP", check.path("status").asText(), check.toString());
                assertTrue(check.path("message").asText().contains("no successful run yet"), check.toString());
            }
            assertTrue(
                    all.names().containsAll(Set.of("context", "store", "scheduler")),
                    all.names().toString());

            Health ready = health(app, "/ready");
            assertEquals(200, ready.status(), ready.body().toString());
            assertNotNull(ready.check("store"), ready.names().toString());
            assertEquals("UP", ready.check("store").path("status").asText());
            assertTrue(
                    ready.names().stream().noneMatch(n -> n.startsWith("sync-")),
                    ready.names().toString());
            Health live = health(app, "/live");
            assertEquals(200, live.status(), live.body().toString());
            assertEquals(Set.of("context", "scheduler"), live.names());
            assertEquals(
                    "UP",
                    live.check("scheduler").path("status").asText(),
                    live.body().toString());

            assertEquals(200, post(app, "/admin/syncs/contacts/pause"));
            assertEquals(200, post(app, "/admin/syncs/products/disable"));
            Health stopped = health(app, "");
            assertEquals(200, stopped.status(), stopped.body().toString());
            assertEquals("UP", stopped.check("sync-contacts").path("status").asText());
            assertTrue(
                    stopped.check("sync-contacts").path("message").asText().startsWith("paused by an admin"),
                    stopped.body().toString());
            assertEquals("UP", stopped.check("sync-products").path("status").asText());
            assertTrue(
                    stopped.check("sync-products").path("message").asText().startsWith("disabled"),
                    stopped.body().toString());

            JsonNode data = health(app, "?data=true").check("sync-contacts").path("data");
            assertEquals("PAUSED", data.path("state").asText(), data.toString());
            assertEquals("none", data.path("last.success").asText(), data.toString());
            assertEquals(0, data.path("records.failing").asInt(), data.toString());
        }
    }

    @Test
    void aSyncThatPausedItselfIsDownUntilActivatedAndRunAgain() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.max-failed-runs", "2");
        p.put("deskbridge.http.max-attempts", "1");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().faults().set("crm", FaultPlan.parse(Map.of(FaultPlan.SERVER_ERRORS, "1.0"), "crm."));
            for (int i = 0; i < 2; i++) {
                JsonNode run = app.runAndWait("contacts");
                assertEquals("FAILED", run.path("status").asText(), run.toString());
            }
            assertEquals(
                    "PAUSED", app.get("/admin/syncs/contacts").path("state").asText());
            Health down = health(app, "");
            assertEquals(503, down.status(), down.body().toString());
            assertEquals("DOWN", down.body().path("status").asText());
            JsonNode check = down.check("sync-contacts");
            assertEquals("DOWN", check.path("status").asText(), check.toString());
            String message = check.path("message").asText();
            assertTrue(message.contains("paused automatically after 2 failed runs"), message);
            assertTrue(message.contains("then activate it through the admin API"), message);
            assertEquals("UP", down.check("sync-accounts").path("status").asText(), "only the sync that paused");
            assertEquals(200, health(app, "/live").status(), "a DOWN sync does not restart the node");
            assertEquals(200, health(app, "/ready").status(), "nor takes it out of the load balancer");

            app.sandbox().faults().clear();
            assertEquals(200, post(app, "/admin/syncs/contacts/activate"));
            assertEquals("SUCCEEDED", app.runAndWait("contacts").path("status").asText());
            Health up = health(app, "");
            assertEquals(200, up.status(), up.body().toString());
            assertEquals(
                    "UP",
                    up.check("sync-contacts").path("status").asText(),
                    up.body().toString());
        }
    }

    @Test
    void refusedCredentialsAreDownUntilTheyAreAcceptedAgain() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            // Every access token is revoked before each Desk call: the call after the refresh is refused again.
            app.sandbox().faults().set("desk", FaultPlan.parse(Map.of(FaultPlan.TOKEN_REVOCATIONS, "1.0"), "desk."));
            JsonNode run = app.runAndWait("contacts");
            assertEquals("FAILED", run.path("status").asText(), run.toString());
            assertEquals(
                    "ACTIVE", app.get("/admin/syncs/contacts").path("state").asText(), "not paused yet");
            Health down = health(app, "");
            assertEquals(503, down.status(), down.body().toString());
            String message = down.check("sync-contacts").path("message").asText();
            assertTrue(
                    message.startsWith(
                            "credentials refused: run " + run.path("runId").asLong()),
                    message);
            assertTrue(message.contains("Zoho Desk"), message);
            JsonNode data = health(app, "?data=true").check("sync-contacts").path("data");
            assertEquals("CREDENTIALS_REFUSED", data.path("last.run.failure").asText(), data.toString());
            assertEquals(
                    run.path("message").asText(), data.path("last.run.message").asText());
            Health live = health(app, "/live");
            assertEquals(200, live.status(), live.body().toString());
            assertEquals("UP", live.body().path("status").asText());

            app.sandbox().faults().clear();
            assertEquals("SUCCEEDED", app.runAndWait("contacts").path("status").asText());
            Health up = health(app, "");
            assertEquals(200, up.status(), up.body().toString());
            assertTrue(
                    up.check("sync-contacts").path("message").asText().startsWith("active; last successful run"),
                    up.body().toString());
        }
    }

    @Test
    void aUsedUpDailyBudgetIsABudgetStopThatLiftsAtMidnightUtc() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.crm.daily-call-budget", "2");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(200, health(app, "").status(), "a budget not used yet");
            JsonNode run = app.runAndWait("contacts");
            assertEquals("STOPPED", run.path("status").asText(), run.toString());
            // The budget is read from the store, kept a few seconds (as for the metrics).
            Health down = healthUntil(app, h -> h.status() == 503);
            assertEquals(503, down.status(), down.body().toString());
            for (String sync : new String[] {"contacts", "accounts"}) {
                String message = down.check("sync-" + sync).path("message").asText();
                assertTrue(message.startsWith("budget stop: the daily budget of 2 crm API calls is used up"), message);
                assertTrue(message.contains("00:00 UTC"), message);
            }
            assertEquals("UP", down.check("sync-chats").path("status").asText(), "the chats sync calls Sell and Chat");
            assertEquals(200, health(app, "/ready").status());
        }
    }

    @Test
    void anActiveSyncWithoutASuccessfulRunForItsPeriodsIsLate() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        // Fires every 3 s, but only in 2099: a period of 3 s, and no fire during the test.
        p.put("deskbridge.sync.contacts.cron", "0/3 * * * * ? 2099");
        p.put("deskbridge.health.late-after-periods", "2");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(200, post(app, "/admin/syncs/contacts/pause"));
            assertEquals(200, post(app, "/admin/syncs/contacts/activate"));
            Instant activated = Instant.now();
            Health fresh = health(app, "");
            if (Duration.between(activated, Instant.now()).toSeconds() < 5) {
                assertEquals(
                        "UP",
                        fresh.check("sync-contacts").path("status").asText(),
                        fresh.body().toString());
            }
            Health late = healthUntil(app, h -> h.status() == 503);
            String message = late.check("sync-contacts").path("message").asText();
            assertTrue(message.startsWith("late: no successful run since it was activated at"), message);
            assertTrue(message.contains("more than 2 schedule periods of 3s"), message);
            assertTrue(Duration.between(activated, Instant.now()).toSeconds() >= 6, "not before 2 periods: " + message);
            assertEquals("UP", late.check("sync-accounts").path("status").asText(), "its schedule never fires");

            assertEquals("SUCCEEDED", app.runAndWait("contacts").path("status").asText());
            Health up = health(app, "");
            assertEquals(
                    "UP",
                    up.check("sync-contacts").path("status").asText(),
                    up.body().toString());
        }
    }

    @Test
    void aRunWhoseEveryRecordIsRefusedIsNoSuccess() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.cron", "0/3 * * * * ? 2099");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        p.put("deskbridge.health.late-after-periods", "2");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode first = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", first.path("status").asText(), first.toString());
            // A valid internationalised address this Desk refuses: the next run has that record only, and fails it.
            app.sandbox()
                    .crm()
                    .insert(
                            "Contacts",
                            JSON.createObjectNode().put("Last_Name", "国際").put("Email", "user@例え.jp"));
            JsonNode refused = app.runAndWait("contacts");
            assertEquals("PARTIAL", refused.path("status").asText(), refused.toString());
            assertEquals(
                    0,
                    refused.path("created").asInt()
                            + refused.path("updated").asInt()
                            + refused.path("linked").asInt()
                            + refused.path("unchanged").asInt()
                            + refused.path("deleted").asInt(),
                    refused.toString());

            String since = first.path("finishedAt").asText();
            JsonNode data = health(app, "?data=true").check("sync-contacts").path("data");
            assertEquals(since, data.path("last.success").asText(), "the refused run is no success: " + data);
            Health late = healthUntil(app, h -> h.status() == 503);
            String message = late.check("sync-contacts").path("message").asText();
            assertTrue(message.startsWith("late: no successful run since " + since), message);
        }
    }

    @Test
    void aLateAfterPeriodsBelowOneStopsTheStartNamingTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.health.late-after-periods", "0");
        Exception e =
                assertThrows(Exception.class, () -> RunningDeskbridge.start(p).close());
        Throwable reason = e;
        while (reason != null && !(reason instanceof ConfigurationException)) {
            reason = reason.getCause();
        }
        assertNotNull(reason, e.toString());
        assertTrue(reason.getMessage().contains("deskbridge.health.late-after-periods = 0"), reason.getMessage());
    }

    private int post(RunningDeskbridge app, String path) throws Exception {
        return app.call("POST", path, RunningDeskbridge.TOKEN).statusCode();
    }

    private Health healthUntil(RunningDeskbridge app, Predicate<Health> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        Health h = health(app, "");
        while (!done.test(h) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            h = health(app, "");
        }
        return h;
    }

    /** GET /observe/health{path} on the management port, without a token. */
    private Health health(RunningDeskbridge app, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + app.managementPort() + "/observe/health" + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Health(r.statusCode(), JSON.readTree(r.body()));
    }
}
