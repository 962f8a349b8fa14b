package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 2: a tickets run after 1% of a thousand tickets changed reads only those. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketsAtScaleTest {

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    Sandbox sandbox;

    @BeforeAll
    void start() throws Exception {
        app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir));
        sandbox = app.sandbox();
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void afterOnePercentChangedOnlyThoseAreRead() throws Exception {
        List<String> generated = sandbox.desk().tickets().generate(1000);
        app.runAndWait("accounts");
        app.runAndWait("contacts");
        Thread.sleep(1100); // past the watermark's margin: the newest generated ticket is a second old
        JsonNode bulk = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", bulk.path("status").asText(), bulk.toString());
        assertEquals(1008, bulk.path("created").asInt(), bulk.toString());

        List<String> changed = new ArrayList<>();
        for (int i = 5; i < 1000; i += 100) {
            changed.add(generated.get(i));
            sandbox.desk().tickets().addComment(generated.get(i), "Follow-up " + i, true);
        }
        sandbox.requests().clear();
        JsonNode run = app.runAndWait("tickets");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(10, run.path("read").asInt(), run.toString());
        assertEquals(10, run.path("updated").asInt(), run.toString());
        List<String> calls = sandbox.requests().entries().stream()
                .filter(e -> e.system().equals("desk"))
                .map(e -> e.method() + " " + e.path() + (e.query() == null ? "" : "?" + e.query()))
                .toList();
        List<String> perTicket =
                calls.stream().filter(c -> c.matches(".*tickets/\\d+.*")).toList();
        assertEquals(10, perTicket.size(), "one comments read per changed ticket: " + perTicket);
        perTicket.forEach(c -> assertTrue(changed.stream().anyMatch(c::contains), c));
        // The change read is one page of the ten, not a walk through the thousand.
        List<String> searches =
                calls.stream().filter(c -> c.contains("tickets/search")).toList();
        assertEquals(1, searches.size(), searches.toString());
        assertTrue(searches.get(0).contains("modifiedTimeRange="), searches.toString());
        // The search, the trash, the comments of each, and the ratings of their contacts (at most one a ticket).
        assertTrue(calls.size() <= 2 + 10 + 10, calls.toString());
        assertTrue(run.path("apiCalls").path("desk").path("calls").asInt() <= 22, run.toString());
    }
}
