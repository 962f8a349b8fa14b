package io.deskbridge.sync.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.store.Database;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import io.deskbridge.sync.RunContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 5: a dry run holds one database transaction from its first read to its end, with every row it staged,
 * linked or kept locked in it. Held open at its end (all its writes made), it must keep nobody waiting: the admin
 * calls on its sync and on another answer at once, another sync runs, and the heartbeat renews its lease past the
 * lease's length.
 */
class DryRunLocksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARY = "5725767000000412010";
    /** Far below a lock wait: H2 gives up on a lock after seconds, PostgreSQL never. */
    private static final Duration PROMPT = Duration.ofSeconds(4);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void whileADryRunHoldsItsTransactionTheAdminCallsAnswerAtOnceAndItsLeaseIsRenewed() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.run-lease", "10s");
        // With a budget, every call of every run updates the day's shared count (api_usage) at once.
        p.put("deskbridge.crm.daily-call-budget", "100000");
        p.put("deskbridge.desk.daily-call-budget", "100000");
        try (RunningDeskbridge app = RunningDeskbridge.start(p);
                Database db = Database.open(
                        p.get("deskbridge.db.url"), p.get("deskbridge.db.user"), p.get("deskbridge.db.password"))) {
            app.runAndWait("accounts");
            app.runAndWait("contacts");
            // Changes for the dry run to stage, link and keep: an update, new contacts, and a kept record changed.
            app.sandbox().crm().update("Contacts", MARY, JSON.createObjectNode().put("Phone", "+81 3 0000 2222"));
            app.sandbox().crm().generateContacts(40, "held");
            JsonNode excluded =
                    app.get("/admin/syncs/contacts/errors?kind=EXCLUDED").path("items");
            JsonNode kept = null;
            for (JsonNode i : excluded) {
                if (i.path("system").asText().equals("crm")) {
                    kept = i;
                }
            }
            assertTrue(kept != null, "a CRM record kept as excluded: " + excluded);
            app.sandbox()
                    .crm()
                    .update(
                            "Contacts",
                            kept.path("recordId").asText(),
                            JSON.createObjectNode().put("Phone", "+1 555"));

            CountDownLatch reached = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // Held after its last step, still in its transaction: every row it wrote is locked now.
            AdviceWith.adviceWith(
                    app.context(),
                    "sync-contacts",
                    r -> r.weaveAddLast().process(e -> {
                        RunContext run = e.getProperty(RunContext.PROPERTY, RunContext.class);
                        if (run != null && run.dryRun()) {
                            reached.countDown();
                            release.await(90, TimeUnit.SECONDS);
                        }
                    }));
            HttpResponse<String> started = app.call("POST", "/admin/syncs/contacts/dry-run", RunningDeskbridge.TOKEN);
            assertEquals(202, started.statusCode(), started.body());
            long dry = JSON.readTree(started.body()).path("runId").asLong();
            Instant since = Instant.now();
            try {
                assertTrue(reached.await(60, TimeUnit.SECONDS), "the dry run reached its end");
                List<String> written = writtenByAnOpenTransaction(db);
                assertFalse(written.isEmpty(), "the dry run holds uncommitted writes");
                System.out.println("DryRunLocksTest: the held dry run has written " + written);

                List<String> slow = new ArrayList<>();
                JsonNode all = JSON.readTree(prompt(app, slow, "GET", "/admin/syncs", 200));
                assertTrue(all.toString().contains("\"contacts\""), all.toString());
                JsonNode status = JSON.readTree(prompt(app, slow, "GET", "/admin/syncs/contacts", 200));
                assertEquals(dry, status.path("lastRun").path("runId").asLong(), status.toString());
                prompt(app, slow, "GET", "/admin/syncs/contacts/errors", 200);
                prompt(app, slow, "GET", "/admin/syncs/contacts/links?crmId=" + MARY, 200);
                prompt(app, slow, "POST", "/admin/syncs/contacts/run", 409);
                for (String sync : List.of("contacts", "accounts")) {
                    for (String action : List.of("pause", "activate", "disable", "activate")) {
                        prompt(app, slow, "POST", "/admin/syncs/" + sync + "/" + action, 200);
                    }
                }
                long accounts = JSON.readTree(prompt(app, slow, "POST", "/admin/syncs/accounts/run", 202))
                        .path("runId")
                        .asLong();
                Instant runStarted = Instant.now();
                JsonNode accountsRun = app.runAndWaitFor("accounts", accounts);
                assertEquals("SUCCEEDED", accountsRun.path("status").asText(), accountsRun.toString());
                assertTrue(
                        Duration.between(runStarted, Instant.now()).compareTo(PROMPT.multipliedBy(2)) < 0,
                        "another sync's run waits on nothing");
                prompt(
                        app,
                        slow,
                        "POST",
                        "/admin/syncs/contacts/errors/" + kept.path("id").asText() + "/replay",
                        409);
                prompt(app, slow, "POST", "/admin/syncs/contacts/errors/replay?kind=EXCLUDED", 409);
                assertEquals(List.of(), slow, "calls that waited on the dry run's locks");
                assertEquals(0, lockWaits(db), "nobody waits on a lock");

                // Past its 10 s lease, still held: the heartbeat renewed it from its own connection.
                long left = Duration.ofSeconds(12)
                        .minus(Duration.between(since, Instant.now()))
                        .toMillis();
                Thread.sleep(Math.max(0, left));
                SyncStates other = new SyncStates(db.jdbc(), new Runs(db.jdbc()), Clock.systemUTC(), "other-node");
                String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
                SyncStates.Claim second = other.claimRun("contacts", org, "schedule", Duration.ofSeconds(10));
                assertFalse(second.started(), "12 s into a dry run under a 10 s lease, the lease is still its own");
                Instant until = other.find("contacts").orElseThrow().leaseUntil();
                assertTrue(until.isAfter(Instant.now().plusSeconds(5)), "renewed a moment ago: " + until);
            } finally {
                release.countDown();
            }
            JsonNode done = app.runAndWaitFor("contacts", dry);
            assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
            assertTrue(done.path("dryRun").asBoolean(), done.toString());
            assertEquals(1, done.path("updated").asInt(), done.toString());
            // Its end released the lease in the same commit: a run may start at once, and does what was previewed.
            JsonNode real = app.runAndWait("contacts");
            assertEquals(done.path("created").asInt(), real.path("created").asInt(), real.toString());
        }
    }

    /**
     * One call, answered within {@link #PROMPT} with {@code status}; a call that did not answer in time is noted in
     * {@code slow}, with how long it was waited for.
     */
    private String prompt(RunningDeskbridge app, List<String> slow, String method, String path, int status)
            throws Exception {
        Instant at = Instant.now();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                            .timeout(PROMPT)
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", "Bearer " + RunningDeskbridge.TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
            return r.body();
        } catch (HttpTimeoutException e) {
            slow.add(method + " " + path + " (no answer in "
                    + Duration.between(at, Instant.now()).toMillis() + " ms)");
            return "{}";
        }
    }

    /** The tables an open transaction of another session has written (PostgreSQL), or that one has (H2). */
    private static List<String> writtenByAnOpenTransaction(Database db) {
        if (TestDatabase.onPostgres()) {
            return db.jdbc()
                    .query(
                            "SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                                    + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.state = 'idle in transaction'"
                                    + " AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r' ORDER BY 1",
                            rs -> rs.getString(1));
        }
        return db.jdbc()
                .query(
                        "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED",
                        rs -> "session " + rs.getString(1));
    }

    private static int lockWaits(Database db) {
        return db.jdbc()
                .queryOne(
                        TestDatabase.onPostgres()
                                ? "SELECT COUNT(*) FROM pg_locks WHERE NOT granted"
                                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL",
                        rs -> rs.getInt(1))
                .orElse(0);
    }
}
