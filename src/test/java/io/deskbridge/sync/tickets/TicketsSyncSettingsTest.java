package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SignalOutbox.Destination;
import io.deskbridge.store.Tickets;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 items 2 and 6: the tickets sync's direction, its lifecycle like the other syncs', and which kinds are queued. */
class TicketsSyncSettingsTest {

    @TempDir
    Path dir;

    /** Direction none keeps the mirror (for ticket lists and statistics) and queues no signal. */
    @Test
    void directionNoneMirrorsAndQueuesNothing() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.tickets.direction", "none");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(
                    "none", app.get("/admin/syncs/tickets").path("direction").asText());
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            app.sandbox().desk().tickets().escalate(TicketsSyncTest.ticket(104));
            JsonNode run = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(1, run.path("updated").asInt(), run.toString());
            Tickets mirror = app.context().getRegistry().lookupByNameAndType("ticketMirror", Tickets.class);
            String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
            assertTrue(mirror.get("tickets", org, TicketsSyncTest.ticket(104))
                    .orElseThrow()
                    .escalated());
            SignalOutbox outbox = app.context().getRegistry().lookupByNameAndType("signalOutbox", SignalOutbox.class);
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
        }
    }

    /** deskbridge.signals.events chooses the kinds queued: an escalation is not queued when only new tickets are. */
    @Test
    void onlyTheChosenKindsAreQueued() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.signals.events", "new-ticket");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.runAndWait("tickets");
            app.sandbox().desk().tickets().escalate(TicketsSyncTest.ticket(104));
            app.sandbox().desk().tickets().addComment(TicketsSyncTest.ticket(104), "noted", false);
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            SignalOutbox outbox = app.context().getRegistry().lookupByNameAndType("signalOutbox", SignalOutbox.class);
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
        }
    }

    /**
     * Second review, item 1: deskbridge.signals.events = none turns sales signals off: Deskbridge starts, activating
     * the tickets sync needs no namespace in the CRM, and a run that would queue events queues none.
     */
    @Test
    void signalsOffQueuesNothingAndActivationNeedsNoNamespace() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.signals.events", "none");
        p.put("deskbridge.signals.namespace", "not.registered");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.call("POST", "/admin/syncs/tickets/disable", RunningDeskbridge.TOKEN);
            var activated = app.call("POST", "/admin/syncs/tickets/activate", RunningDeskbridge.TOKEN);
            assertEquals(200, activated.statusCode(), activated.body());
            app.runAndWait("tickets");
            app.sandbox().desk().tickets().escalate(TicketsSyncTest.ticket(104));
            app.sandbox().desk().tickets().addComment(TicketsSyncTest.ticket(104), "noted", false);
            JsonNode run = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(1, run.path("updated").asInt(), "the change was read: " + run);
            SignalOutbox outbox = app.context().getRegistry().lookupByNameAndType("signalOutbox", SignalOutbox.class);
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
            assertEquals(0, outbox.pendingCount(Destination.CAMEL));
        }
    }

    /** The tickets sync is paused, refused a run while paused, and activated like the others; it has no links. */
    @Test
    void pauseAndActivateLikeTheOtherSyncs() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/tickets/pause", RunningDeskbridge.TOKEN)
                            .statusCode());
            assertEquals(
                    409,
                    app.call("POST", "/admin/syncs/tickets/run", RunningDeskbridge.TOKEN)
                            .statusCode());
            var activated = app.call("POST", "/admin/syncs/tickets/activate", RunningDeskbridge.TOKEN);
            assertEquals(200, activated.statusCode(), activated.body());
            assertEquals("ACTIVE", app.get("/admin/syncs/tickets").path("state").asText());
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            assertEquals(1, app.get("/admin/syncs/tickets/runs").path("items").size());
            var links = app.call("GET", "/admin/syncs/tickets/links?email=a@b.example", RunningDeskbridge.TOKEN);
            assertEquals(404, links.statusCode(), links.body());
        }
    }

    /** Settings the tickets sync cannot run with stop the start, naming the key. */
    @Test
    void aDirectionOrEventKindItCannotHaveNamesTheKey() {
        for (var bad : List.of(
                Map.entry("deskbridge.sync.tickets.direction", "two-way"),
                Map.entry("deskbridge.signals.events", "new-ticket, gossip"),
                Map.entry("deskbridge.signals.destinations", "crm, slack"))) {
            Map<String, String> p = RunningDeskbridge.defaults(dir);
            p.put(bad.getKey(), bad.getValue());
            Exception e = assertThrows(
                    Exception.class, () -> RunningDeskbridge.start(p).close());
            Throwable reason = e;
            while (!(reason instanceof ConfigurationException) && reason.getCause() != null) {
                reason = reason.getCause();
            }
            assertTrue(reason instanceof ConfigurationException, "expected a configuration error, got " + e);
            assertTrue(reason.getMessage().contains(bad.getKey()), reason.getMessage());
        }
    }
}
