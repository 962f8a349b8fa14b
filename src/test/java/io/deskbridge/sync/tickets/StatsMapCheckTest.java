package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.TicketStatistics;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 5: the statistics map is checked at start (its names) and at the tickets sync's activation (its CRM
 * fields), and the shipped one writes nothing and leaves no marks behind.
 */
class StatsMapCheckTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    String startupFailure(Map<String, String> properties) {
        Exception e = assertThrows(
                Exception.class, () -> RunningDeskbridge.start(properties).close());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("expected a configuration error, got " + e, e);
    }

    @Test
    void anUnknownFigureOrModuleStopsStartupNamingTheFileTheKeyAndTheAllowedNames() throws Exception {
        String message = startupFailure(StatsWriteBackTest.withStatsMap(dir, """
                modules:
                  Contacts:
                    totl: Desk_Tickets_Total
                  Leads:
                    open: Desk_Tickets_Open
                """));
        assertTrue(message.contains("test.statsmap.yaml") && message.contains("deskbridge.tickets.statsmap"), message);
        assertTrue(message.contains("unknown figure 'totl'") && message.contains("unknown module 'Leads'"), message);
        assertTrue(message.contains("averageFirstResponse") && message.contains("Contacts, Accounts, Deals"), message);
    }

    @Test
    void aMalformedFileStopsStartup() throws Exception {
        String message = startupFailure(StatsWriteBackTest.withStatsMap(dir, "modules: [Contacts\n"));
        assertTrue(message.contains("test.statsmap.yaml") && message.contains("not valid YAML"), message);
        message = startupFailure(StatsWriteBackTest.withStatsMap(dir, "fields:\n  - crm: Desk_Tickets_Total\n"));
        assertTrue(message.contains("unknown key 'fields'"), message);
    }

    @Test
    void aMissingFileStopsStartupNamingTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.tickets.statsmap", "file:" + dir.resolve("nowhere.yaml"));
        String message = startupFailure(p);
        assertTrue(message.contains("deskbridge.tickets.statsmap") && message.contains("nowhere.yaml"), message);
    }

    @Test
    void activationNamesEveryStatsFieldTheCrmLacksOrThatCannotTakeItsFigure() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(StatsWriteBackTest.withStatsMap(dir, """
                modules:
                  Contacts:
                    total: Desk_Tickets_Total
                    open: Desk_Tickets_Opn
                  Accounts:
                    overdue: Desk_Latest_Feedback
                """))) {
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/tickets/pause", RunningDeskbridge.TOKEN)
                            .statusCode());
            HttpResponse<String> r = app.call("POST", "/admin/syncs/tickets/activate", RunningDeskbridge.TOKEN);
            assertEquals(422, r.statusCode(), r.body());
            JsonNode problems = JSON.readTree(r.body()).path("problems");
            assertEquals(2, problems.size(), r.body());
            assertTrue(problems.get(0).asText().contains("Contacts.Desk_Tickets_Opn"), r.body());
            assertTrue(problems.get(0).asText().contains("does not exist"), r.body());
            assertTrue(problems.get(1).asText().contains("Accounts.Desk_Latest_Feedback"), r.body());
            assertTrue(problems.get(1).asText().contains("'textarea'"), r.body());
            assertEquals("PAUSED", app.get("/admin/syncs/tickets").path("state").asText(), "nothing was changed");
        }
    }

    @Test
    void activationPassesWhenEveryStatsFieldExists() throws Exception {
        try (RunningDeskbridge app =
                RunningDeskbridge.start(StatsWriteBackTest.withStatsMap(dir, StatsWriteBackTest.EVERY_FIGURE))) {
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/tickets/pause", RunningDeskbridge.TOKEN)
                            .statusCode());
            HttpResponse<String> r = app.call("POST", "/admin/syncs/tickets/activate", RunningDeskbridge.TOKEN);
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    @Test
    void theShippedMapWritesNothingAndLeavesNoMarksAndAMapAddedLaterWritesEveryRecord() throws Exception {
        // The sandbox is kept on disk: the second start below finds what the first one's syncs made.
        String sandboxData = dir.resolve("data/sandbox").toString();
        Map<String, String> shipped = RunningDeskbridge.defaults(dir);
        shipped.put("deskbridge.sandbox.data-dir", sandboxData);
        try (RunningDeskbridge app = RunningDeskbridge.start(shipped)) {
            Sandbox sandbox = app.sandbox();
            TicketStatistics statistics =
                    app.context().getRegistry().lookupByNameAndType("ticketStatistics", TicketStatistics.class);
            app.runAndWait("accounts");
            app.runAndWait("contacts");
            sandbox.requests().clear();
            JsonNode run = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            sandbox.desk().tickets().rate(TicketsSyncTest.ticket(103), "BAD", "Still waiting");
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            assertEquals(
                    List.of(),
                    sandbox.requests().entries().stream()
                            .filter(e -> e.system().equals("crm"))
                            .map(e -> e.method() + " " + e.path())
                            .toList(),
                    "no CRM call at all");
            for (CrmModule m : List.of(CrmModule.CONTACTS, CrmModule.ACCOUNTS, CrmModule.DEALS)) {
                assertEquals(0, statistics.pendingMarks("tickets", m), "no marks pile up for " + m);
            }
            assertEquals(
                    0,
                    sandbox.crm().list("Contacts").stream()
                            .filter(c -> c.has("Desk_Tickets_Total"))
                            .count());
        }
        // Mapped later: the first run with the map writes every record with tickets, though no ticket changed.
        Map<String, String> mapped = StatsWriteBackTest.withStatsMap(dir, StatsWriteBackTest.EVERY_FIGURE);
        mapped.put("deskbridge.sandbox.data-dir", sandboxData);
        try (RunningDeskbridge app = RunningDeskbridge.start(mapped)) {
            JsonNode run = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(0, run.path("created").asInt() + run.path("updated").asInt(), "no ticket changed: " + run);
            assertEquals(
                    3,
                    app.sandbox()
                            .crm()
                            .get("Contacts", TicketsSyncTest.MARY_CRM)
                            .orElseThrow()
                            .path("Desk_Tickets_Total")
                            .asInt());
        }
    }
}
