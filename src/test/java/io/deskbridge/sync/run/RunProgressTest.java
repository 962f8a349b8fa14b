package io.deskbridge.sync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 6: a long run says how far it is, in its JSON while RUNNING and in a log line every 10 s. */
class RunProgressTest {

    /** "contacts run 3 in progress: 9 of 22 record(s) done in 10 s (0.9/s), about 14 s to go; read=..." */
    private static final Pattern LINE = Pattern.compile(
            "contacts run (\\d+) in progress: (\\d+) of (\\d+) record\\(s\\) done in (\\d+) s \\(([\\d.]+)/s\\),"
                    + " about (\\d+) s to go; read=.*");

    @TempDir
    Path dir;

    @Test
    void aSlowRunShowsItsProgressInItsJsonAndLogsItEveryTenSeconds() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        p.put("deskbridge.desk.write-concurrency", "1");
        try (RunningDeskbridge app = RunningDeskbridge.start(p);
                InfoLog log = new InfoLog()) {
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < 8; i++) {
                app.sandbox()
                        .crm()
                        .insert(
                                "Contacts",
                                json.createObjectNode()
                                        .put("Last_Name", "Slow " + i)
                                        .put("Email", "slow" + i + "@progress.example"));
            }
            // Every Desk answer takes 1 s, one write at a time: the 15 contacts to create take longer than 10 s.
            app.sandbox()
                    .faults()
                    .set("desk", FaultPlan.parse(Map.of(FaultPlan.SLOW, "1.0", FaultPlan.SLOW_MS, "1000"), "desk."));
            var started = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
            assertEquals(202, started.statusCode(), started.body());
            long run = json.readTree(started.body()).path("runId").asLong();

            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline) && log.progressLines().isEmpty()) {
                JsonNode now = app.get("/admin/syncs/contacts/runs/" + run);
                assertEquals("RUNNING", now.path("status").asText(), "no progress line before the end: " + now);
                assertTrue(now.has("progress"), "a running run shows its progress: " + now);
                Thread.sleep(200);
            }
            List<String> lines = log.progressLines();
            assertFalse(lines.isEmpty(), "a progress line within the run");
            Matcher m = LINE.matcher(lines.get(0));
            assertTrue(m.matches(), lines.get(0));
            assertEquals(run, Long.parseLong(m.group(1)));
            int done = Integer.parseInt(m.group(2));
            assertTrue(done > 0, lines.get(0));
            int total = Integer.parseInt(m.group(3));
            assertTrue(done < total, "done before the end: " + lines.get(0));
            assertTrue(Integer.parseInt(m.group(4)) >= 10, "logged after 10 s: " + lines.get(0));
            assertTrue(Double.parseDouble(m.group(5)) > 0, lines.get(0));

            // The figures are saved with the line: the JSON shows them on any node.
            JsonNode running = app.get("/admin/syncs/contacts/runs/" + run);
            assertEquals("RUNNING", running.path("status").asText(), running.toString());
            JsonNode progress = running.path("progress");
            assertTrue(progress.path("recordsDone").asInt() >= done, lines.get(0) + " / " + running);
            assertTrue(progress.path("recordsPerSecond").asDouble() > 0, running.toString());
            assertTrue(progress.path("elapsedSeconds").asInt() >= 10, running.toString());
            // As the line says them: the pass's total (saved with it) and the estimate to its end.
            assertEquals(total, progress.path("total").asInt(-1), lines.get(0) + " / " + running);
            assertTrue(progress.path("etaSeconds").isIntegralNumber(), running.toString());
            assertTrue(progress.path("etaSeconds").asLong() >= 0, running.toString());

            app.sandbox().faults().clear();
            JsonNode ended = app.runAndWaitFor("contacts", run);
            assertFalse(ended.has("progress"), "only while RUNNING: " + ended);
            assertEquals(ended.path("read").asInt(), total, "the total is the records the pass had: " + lines.get(0));
        }
    }

    /** The progress lines of SyncRuns logged while open (the tests' log configuration keeps INFO out otherwise). */
    static final class InfoLog extends AbstractAppender implements AutoCloseable {
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Logger logger = (Logger) LogManager.getLogger(SyncRuns.class);

        private final org.apache.logging.log4j.Level before = logger.getLevel();

        InfoLog() {
            super("run-progress", null, null, true, Property.EMPTY_ARRAY);
            start();
            org.apache.logging.log4j.core.config.Configurator.setLevel(
                    logger.getName(), org.apache.logging.log4j.Level.INFO);
            logger.addAppender(this);
        }

        @Override
        public void append(LogEvent event) {
            String line = event.getMessage().getFormattedMessage();
            if (line.contains(" in progress: ")) {
                lines.add(line);
            }
        }

        List<String> progressLines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            logger.removeAppender(this);
            org.apache.logging.log4j.core.config.Configurator.setLevel(logger.getName(), before);
            stop();
        }
    }
}
