package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.connector.TicketReply;
import io.deskbridge.sandbox.DeskTickets;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.Tickets;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 6 verified end to end: events of every kind, made in the sandbox Desk, detected by three tickets runs
 * and drained, reach the sandbox CRM's Signals API and the Camel endpoint of deskbridge.signals.uri (a mock: here)
 * exactly once each, the endpoint with the event's stable id. Among them: a ticket of a Desk contact whose email is a
 * CRM lead's (not a contact's), whose signal is shown on that lead, and an OVERDUE raised from the mirror alone for a
 * Desk contact linked to no CRM contact, which reaches the CRM by the ticket's email; and a ticket of a contact with
 * neither, whose event is dropped and logged.
 */
class SignalsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LEAD_EMAIL = "lena.lead@prospect.example";

    @TempDir
    Path dir;

    @Test
    void everyKindReachesTheCrmAndTheEndpointExactlyOnceAcrossThreeRuns() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.signals.uri", "mock:signals");
        try (RunningDeskbridge app = RunningDeskbridge.start(p);
                DroppedLog dropped = new DroppedLog()) {
            Sandbox sandbox = app.sandbox();
            DeskTickets desk = sandbox.desk().tickets();
            assertEquals("SUCCEEDED", app.runAndWait("accounts").path("status").asText());
            assertEquals("SUCCEEDED", app.runAndWait("contacts").path("status").asText());
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            String lead = sandbox.crm()
                    .insert("Leads", obj().put("Last_Name", "Lead").put("Email", LEAD_EMAIL))
                    .path("id")
                    .asText();

            String mary = desk.ticket(TicketsSyncTest.ticket(101))
                    .orElseThrow()
                    .path("contactId")
                    .asText();
            String forMary = create(desk, obj().put("contactId", mary), "A new question");
            // A Desk contact made after the contacts sync ran: linked to no CRM contact, its email a CRM lead's.
            ObjectNode newcomer = obj();
            newcomer.putObject("contact").put("lastName", "Lead").put("email", LEAD_EMAIL);
            String forLead = create(desk, newcomer, "Pricing for 50 seats");
            // A Desk contact without an email, linked to nothing: its ticket's signal has nowhere to go.
            String nobody = sandbox.desk()
                    .createContact(obj().put("lastName", "Walk-in"))
                    .path("id")
                    .asText();
            String walkIns = create(desk, obj().put("contactId", nobody), "Left a note at the counter");
            String t101 = TicketsSyncTest.ticket(101);
            String t104 = TicketsSyncTest.ticket(104);
            String t106 = TicketsSyncTest.ticket(106);
            desk.addComment(t104, "Called the customer back", false);
            app.context()
                    .getRegistry()
                    .lookupByNameAndType("ticketDesk", TicketDesk.class)
                    .sendReply(
                            t104,
                            new TicketReply(
                                    desk.ticket(t104)
                                            .orElseThrow()
                                            .path("email")
                                            .asText(),
                                    "support@sandbox.example",
                                    "We are on it",
                                    false));
            desk.escalate(t104);
            desk.rate(t101, "BAD", "Still cannot sign in");
            desk.update(t104, obj().put("dueDate", "2026-02-01T00:00:00.000Z"));
            // Info's contact is linked to no CRM contact (two share its email): its ticket turns overdue between two
            // runs without the Desk changing it, so only the mirror (and the email it kept) can raise the signal.
            Instant due = Instant.now().plusSeconds(3);
            desk.update(t106, obj().put("dueDate", due.toString()));
            Thread.sleep(1_200); // past the watermark's margin: the next run's read covers every change made above

            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            while (Instant.now().isBefore(due.plusMillis(200))) {
                Thread.sleep(100);
            }
            JsonNode second = app.runAndWait("tickets");
            assertEquals(0, second.path("read").asInt(), "nothing read again: the OVERDUE is the mirror's, " + second);
            assertEquals(1, second.path("updated").asInt(), second.toString());
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            drain(app);
            drain(app);

            List<JsonNode> atEndpoint = bodies(mock(app));
            Map<String, Long> byKindAndTicket = new TreeMap<>(atEndpoint.stream()
                    .collect(Collectors.groupingBy(
                            b -> b.path("kind").asText() + " "
                                    + b.path("ticketId").asText(),
                            Collectors.counting())));
            assertEquals(
                    new TreeMap<>(Map.of(
                            "NEW_TICKET " + forMary, 1L,
                            "NEW_TICKET " + forLead, 1L,
                            "NEW_COMMENT " + t104, 1L,
                            "NEW_REPLY " + t104, 1L,
                            "ESCALATED " + t104, 1L,
                            "OVERDUE " + t104, 1L,
                            "OVERDUE " + t106, 1L,
                            "NEW_RATING " + t101, 1L)),
                    byKindAndTicket,
                    "every kind, each event once at the endpoint");
            assertEquals(
                    atEndpoint.size(),
                    atEndpoint.stream()
                            .map(b -> b.path("eventId").asText())
                            .distinct()
                            .count(),
                    "one message per event id");

            List<ObjectNode> atCrm = sandbox.crm().signals().received();
            assertEquals(atEndpoint.size(), atCrm.size(), "as many at the CRM: " + atCrm);
            for (JsonNode b : atEndpoint) {
                long same = atCrm.stream()
                        .filter(s -> s.path("subject")
                                        .asText()
                                        .equals(b.path("subject").asText())
                                && s.path("message")
                                        .asText()
                                        .equals(b.path("message").asText()))
                        .count();
                assertEquals(1, same, "the CRM took event " + b.path("eventId").asText() + " once: " + b);
            }
            JsonNode leadEvent = event(atEndpoint, "NEW_TICKET", forLead);
            assertNull(leadEvent.path("crmId").textValue(), "no CRM contact: the event goes by email");
            assertEquals(LEAD_EMAIL, leadEvent.path("email").asText());
            ObjectNode onLead = atCrm(atCrm, leadEvent);
            assertEquals("Leads", onLead.path("record").path("module").asText(), onLead.toString());
            assertEquals(lead, onLead.path("record").path("id").asText(), onLead.toString());
            JsonNode fromMirror = event(atEndpoint, "OVERDUE", t106);
            assertEquals(
                    desk.ticket(t106).orElseThrow().path("email").asText(),
                    fromMirror.path("email").asText(),
                    "the overdue raised from the mirror carries the ticket's email");
            assertEquals(
                    "Contacts",
                    atCrm(atCrm, fromMirror).path("record").path("module").asText());

            assertEquals(
                    List.of("1 sales signal(s) dropped, their tickets tied to no CRM contact or deal and without an"
                            + " email: {" + walkIns + "=[NEW_TICKET]}"),
                    dropped.lines(),
                    "the walk-in's NEW_TICKET: no deal, no linked contact, no email");

            // A fourth run and a drain send nothing again.
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            drain(app);
            assertEquals(atEndpoint.size(), mock(app).getReceivedCounter());
            assertEquals(atCrm.size(), sandbox.crm().signals().received().size());
            Tickets mirror = app.context().getRegistry().lookupByNameAndType("ticketMirror", Tickets.class);
            assertTrue(mirror.get("tickets", "600000001", t106).orElseThrow().overdue());
        }
    }

    private static String create(DeskTickets desk, ObjectNode fields, String subject) {
        return desk.create(fields.put("subject", subject).put("departmentId", "1892000000006907"))
                .path("id")
                .asText();
    }

    private static void drain(RunningDeskbridge app) {
        app.context().createProducerTemplate().sendBody("direct:signals-drain", null);
    }

    private static MockEndpoint mock(RunningDeskbridge app) {
        return app.context().getEndpoint("mock:signals", MockEndpoint.class);
    }

    private static List<JsonNode> bodies(MockEndpoint mock) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Exchange e : mock.getExchanges()) {
            JsonNode body = JSON.readTree(e.getMessage().getBody(String.class));
            assertEquals(body.path("eventId").asText(), e.getMessage().getHeader("deskbridgeEventId"));
            out.add(body);
        }
        return out;
    }

    private static JsonNode event(List<JsonNode> bodies, String kind, String ticketId) {
        return find(
                bodies,
                b -> b.path("kind").asText().equals(kind)
                        && b.path("ticketId").asText().equals(ticketId));
    }

    private static ObjectNode atCrm(List<ObjectNode> atCrm, JsonNode event) {
        return find(
                atCrm,
                s -> s.path("subject").asText().equals(event.path("subject").asText())
                        && s.path("message")
                                .asText()
                                .equals(event.path("message").asText()));
    }

    private static <T> T find(List<T> items, Function<T, Boolean> test) {
        return items.stream().filter(test::apply).findFirst().orElseThrow();
    }

    private static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    /** The lines TicketPull logs about signals it dropped, the run's prefix left out, while open. */
    static final class DroppedLog extends org.apache.logging.log4j.core.appender.AbstractAppender
            implements AutoCloseable {
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final org.apache.logging.log4j.core.Logger logger =
                (org.apache.logging.log4j.core.Logger) org.apache.logging.log4j.LogManager.getLogger(TicketPull.class);

        DroppedLog() {
            super("dropped-signals", null, null, true, org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY);
            start();
            logger.addAppender(this);
        }

        @Override
        public void append(org.apache.logging.log4j.core.LogEvent event) {
            String line = event.getMessage().getFormattedMessage();
            if (line.contains("dropped")) {
                lines.add(line.substring(line.indexOf(": ") + 2));
            }
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            logger.removeAppender(this);
            stop();
        }
    }
}
