package io.deskbridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.support.RunningDeskbridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 1: /observe/metrics on the management port, moved by each run's figures and by the state store. */
class MetricsTest {

    private static final String CONTACTS = "{sync=\"contacts\"}";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aRunMovesTheCountersByItsFiguresAndTheGaugesFollowTheStore() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.max-attempts", "2");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        p.put("deskbridge.crm.daily-call-budget", "5000");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            // A valid internationalised address this Desk refuses: one record fails, is retried once, then parked.
            app.sandbox()
                    .crm()
                    .insert(
                            "Contacts",
                            new ObjectMapper()
                                    .createObjectNode()
                                    .put("Last_Name", "国際")
                                    .put("Email", "user@例え.jp"));
            Map<String, Double> before = scrape(app);
            assertEquals(
                    0.0, before.get("deskbridge_records_total{outcome=\"created\",sync=\"contacts\"}"), "made at 0");
            assertTrue(
                    before.get("deskbridge_last_success_age_seconds" + CONTACTS).isNaN(), "no run has gone through");
            assertEquals(0.0, before.get("deskbridge_records_failing" + CONTACTS));
            assertEquals(Double.POSITIVE_INFINITY, before.get("deskbridge_daily_budget_left{system=\"desk\"}"));

            JsonNode run = app.runAndWait("contacts");
            assertEquals("PARTIAL", run.path("status").asText(), run.toString());
            Map<String, Double> after = scrape(app);
            assertEquals(1.0, moved(before, after, "deskbridge_runs_total{status=\"PARTIAL\",sync=\"contacts\"}"));
            assertEquals(0.0, moved(before, after, "deskbridge_runs_total{status=\"SUCCEEDED\",sync=\"contacts\"}"));
            assertEquals(1.0, moved(before, after, "deskbridge_run_duration_seconds_count" + CONTACTS));
            assertTrue(after.containsKey("deskbridge_run_duration_seconds_bucket{sync=\"contacts\",le=\"10.0\"}"));
            for (String[] o : new String[][] {
                {"created", "created"}, {"updated", "updated"}, {"linked", "linked"}, {"unchanged", "unchanged"},
                {"excluded", "excluded"}, {"conflict", "conflicts"}, {"failed", "failed"}, {"deleted", "deleted"}
            }) {
                assertEquals(
                        run.path(o[1]).asDouble(),
                        moved(before, after, "deskbridge_records_total{outcome=\"" + o[0] + "\",sync=\"contacts\"}"),
                        o[0] + " of " + run);
            }
            assertEquals(1.0, moved(before, after, "deskbridge_records_total{outcome=\"failed\",sync=\"contacts\"}"));
            assertTrue(run.path("created").asInt() > 0, run.toString());
            for (String system : new String[] {"crm", "desk"}) {
                JsonNode calls = run.path("apiCalls").path(system);
                String labels = "{sync=\"contacts\",system=\"" + system + "\"}";
                assertEquals(
                        calls.path("calls").asDouble(), moved(before, after, "deskbridge_api_calls_total" + labels));
                assertTrue(calls.path("calls").asInt() > 0, run.toString());
                assertEquals(
                        calls.path("throttled").asDouble(),
                        moved(before, after, "deskbridge_api_throttled_total" + labels));
                assertEquals(
                        calls.path("waitedSeconds").asDouble(),
                        moved(before, after, "deskbridge_api_wait_seconds_total" + labels));
            }

            // The gauges read the store, kept a few seconds: they follow within that.
            Map<String, Double> gauges = scrapeUntil(
                    app,
                    m -> !m.get("deskbridge_last_success_age_seconds" + CONTACTS)
                            .isNaN());
            assertTrue(gauges.get("deskbridge_last_success_age_seconds" + CONTACTS) < 60, gauges.toString());
            assertEquals(1.0, gauges.get("deskbridge_records_failing" + CONTACTS), "the refused record");
            assertEquals(0.0, gauges.get("deskbridge_records_parked" + CONTACTS), "retried once more first");
            assertTrue(gauges.get("deskbridge_lag_seconds" + CONTACTS) > 0, "the refused record waits: " + gauges);
            long crmToday = app.get("/admin/syncs/contacts")
                    .path("apiCalls")
                    .path("crm")
                    .path("today")
                    .asLong();
            double used = gauges.get("deskbridge_daily_budget_used{system=\"crm\"}");
            assertTrue(used > 0 && used <= crmToday, used + " of " + crmToday);
            assertEquals(5000 - used, gauges.get("deskbridge_daily_budget_left{system=\"crm\"}"));

            app.runAndWait("contacts");
            Map<String, Double> parked = scrapeUntil(app, m -> m.get("deskbridge_records_parked" + CONTACTS) == 1.0);
            assertEquals(1.0, parked.get("deskbridge_records_failing" + CONTACTS));
            assertEquals(0.0, parked.get("deskbridge_lag_seconds" + CONTACTS), "nothing waits any more: " + parked);
        }
    }

    private static double moved(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), series + " in " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private Map<String, Double> scrapeUntil(RunningDeskbridge app, Predicate<Map<String, Double>> done)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        Map<String, Double> m = scrape(app);
        while (!done.test(m) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            m = scrape(app);
        }
        return m;
    }

    /** A sample's value in the text format: Go's spellings of the infinities. */
    private static double value(String text) {
        return Double.parseDouble(text.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
    }

    /** The deskbridge_* samples of a scrape, by series (name and labels as written). */
    private Map<String, Double> scrape(RunningDeskbridge app) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.managementPort() + "/observe/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(
                r.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
                r.headers().toString());
        assertTrue(
                r.body()
                        .contains("# HELP deskbridge_records_total Records the runs of this node ended, by outcome;"
                                + " conflict counts field conflicts"),
                "the conflict outcome says it counts fields, as the run's conflicts do");
        Map<String, Double> samples = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("deskbridge_")) {
                int cut = line.lastIndexOf(' ');
                samples.put(line.substring(0, cut), value(line.substring(cut + 1)));
            }
        }
        return samples;
    }
}
