package io.deskbridge.sync.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.Database;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SignalOutbox.Destination;
import io.deskbridge.store.SignalOutbox.Event;
import io.deskbridge.store.SignalOutbox.Kind;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 6 (delivery): events put in the store's outbox reach the sandbox CRM's Signals API and the Camel
 * endpoint of deskbridge.signals.uri through routes/signals.camel.yaml, over real HTTP, at least once and with
 * their stable event id. Drains are started by hand (direct:signals-drain); the schedule never fires here.
 */
class SignalDeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LINK = "https://desk.zoho.com/support/ShowHomePage.do#Cases/dv/";

    @TempDir
    Path dir;

    TestDatabase.Store store;
    Database database;
    Jdbc jdbc;
    SignalOutbox outbox;

    @BeforeEach
    void openStore() {
        store = TestDatabase.fresh("signals");
        database = store.open();
        jdbc = database.jdbc();
        outbox = new SignalOutbox(jdbc, Clock.systemUTC(), EnumSet.allOf(Destination.class));
    }

    @AfterEach
    void closeStore() {
        try {
            if (!TestDatabase.onPostgres()) {
                jdbc.update("SHUTDOWN");
            } // the in-memory store outlives every runtime of the test, not the test
        } catch (io.deskbridge.store.StoreException closedByTheShutdown) {
            // H2 closed the connection the statement ran on
        }
        database.close();
    }

    Map<String, String> properties() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.db.url", store.url());
        p.put("deskbridge.db.user", store.user());
        p.put("deskbridge.db.password", store.password());
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        p.put("deskbridge.signals.cron", RunningDeskbridge.NEVER);
        p.put("deskbridge.signals.uri", "mock:signals");
        p.put("deskbridge.signals.hold", "1s");
        return p;
    }

    static String contact(Sandbox sandbox, String email) {
        ObjectNode c = JSON.createObjectNode().put("Last_Name", "Roe").put("Email", email);
        return sandbox.crm().insert("Contacts", c).path("id").asText();
    }

    static Event event(String ticketId, Kind kind, String crmId, String email) {
        return new Event(
                SignalOutbox.eventId("tickets", "600000001", ticketId, kind, "1"),
                "tickets",
                "600000001",
                ticketId,
                kind,
                crmId == null ? null : CrmModule.CONTACTS,
                crmId,
                email,
                kind + " on ticket " + ticketId,
                "What happened on ticket " + ticketId,
                LINK + ticketId);
    }

    static void drain(RunningDeskbridge app) {
        app.context().createProducerTemplate().sendBody("direct:signals-drain", null);
    }

    static MockEndpoint mock(RunningDeskbridge app) {
        return app.context().getEndpoint("mock:signals", MockEndpoint.class);
    }

    static List<String> idsAt(MockEndpoint mock) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (Exchange e : mock.getExchanges()) {
            JsonNode body = JSON.readTree(e.getMessage().getBody(String.class));
            assertEquals(body.path("eventId").asText(), e.getMessage().getHeader("deskbridgeEventId"), body.toString());
            ids.add(body.path("eventId").asText());
        }
        return ids;
    }

    /** The subjects the CRM received, sorted: a batch is sent in the outbox's order, not the order added. */
    static List<String> subjectsAtCrm(Sandbox sandbox) {
        return sandbox.crm().signals().received().stream()
                .map(s -> s.path("subject").asText())
                .sorted()
                .toList();
    }

    /** The row of an event's delivery to a destination: pending, attempts, last_error. */
    Map<String, Object> delivery(String eventId, Destination d) {
        return jdbc.queryOne(
                        "SELECT pending, attempts, last_error FROM signal_delivery WHERE event_id = ? AND destination = ?",
                        rs -> {
                            Map<String, Object> m = new java.util.HashMap<>();
                            m.put("pending", rs.getBoolean(1));
                            m.put("attempts", rs.getInt(2));
                            m.put("error", rs.getString(3));
                            return m;
                        },
                        eventId,
                        d.name())
                .orElseThrow();
    }

    @Test
    void settledEventsOlderThanTheRetentionAreForgottenByTheDrain() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.retention", "2s");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            String ann = contact(app.sandbox(), "ann@example.com");
            outbox.addAll(List.of(event("9001", Kind.NEW_TICKET, ann, null)));
            drain(app); // delivered to both destinations, and too young to forget
            assertEquals(1, events());
            Thread.sleep(2_200);
            outbox.addAll(List.of(event("9002", Kind.NEW_TICKET, ann, null)));
            drain(app);

            assertEquals(1, events(), "9001, settled everywhere and older than the retention, is forgotten; 9002 kept");
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
            assertEquals(0, outbox.pendingCount(Destination.CAMEL));
        }
    }

    private long events() {
        return jdbc.query("SELECT COUNT(*) FROM signal_event", rs -> rs.getLong(1))
                .get(0);
    }

    @Test
    void eachEventReachesTheCrmAndTheEndpointOnceWithItsId() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(properties())) {
            Sandbox sandbox = app.sandbox();
            String byId = contact(sandbox, "ann@example.com");
            contact(sandbox, "bob@example.com");
            List<Event> events = List.of(
                    event("1001", Kind.NEW_TICKET, byId, null),
                    event("1002", Kind.NEW_COMMENT, null, "bob@example.com"),
                    event("1003", Kind.NEW_RATING, byId, "ann@example.com"));
            outbox.addAll(events);

            drain(app);
            drain(app);

            assertEquals(
                    List.of("NEW_COMMENT on ticket 1002", "NEW_RATING on ticket 1003", "NEW_TICKET on ticket 1001"),
                    subjectsAtCrm(sandbox));
            ObjectNode first = sandbox.crm().signals().received().stream()
                    .filter(s -> s.path("subject").asText().endsWith("1001"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("deskbridge.tickets", first.path("signal_namespace").asText());
            assertEquals(byId, first.path("record").path("id").asText(), first.toString());
            assertEquals(LINK + "1001", first.path("actions").get(0).path("url").asText());
            assertEquals(sorted(events.stream().map(Event::eventId).toList()), sorted(idsAt(mock(app))));
            JsonNode body = JSON.readTree(mock(app).getExchanges().stream()
                    .map(x -> x.getMessage().getBody(String.class))
                    .filter(b -> b.contains("\"1002\""))
                    .findFirst()
                    .orElseThrow());
            assertEquals("NEW_COMMENT", body.path("kind").asText());
            assertEquals("1002", body.path("ticketId").asText());
            assertEquals("bob@example.com", body.path("email").asText());
            assertEquals(LINK + "1002", body.path("url").asText());
            assertNotNull(java.time.Instant.parse(body.path("createdAt").asText()));
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
            assertEquals(0, outbox.pendingCount(Destination.CAMEL));
        }
    }

    @Test
    void aCrmRefusalIsGivenUpWithItsReasonAndHoldsBackNoOther() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(properties())) {
            Sandbox sandbox = app.sandbox();
            contact(sandbox, "ann@example.com");
            Event unknown = event("2001", Kind.OVERDUE, null, "nobody@example.com");
            Event known = event("2002", Kind.ESCALATED, null, "ann@example.com");
            outbox.addAll(List.of(unknown, known));

            drain(app);
            drain(app);

            assertEquals(List.of("ESCALATED on ticket 2002"), subjectsAtCrm(sandbox));
            Map<String, Object> refused = delivery(unknown.eventId(), Destination.CRM_SIGNALS);
            assertEquals(false, refused.get("pending"), "given up: " + refused);
            assertTrue(
                    String.valueOf(refused.get("error")).contains("no lead or contact has this email"),
                    refused.toString());
            assertEquals(
                    false, delivery(known.eventId(), Destination.CRM_SIGNALS).get("pending"));
            assertEquals(
                    sorted(List.of(unknown.eventId(), known.eventId())),
                    sorted(idsAt(mock(app))),
                    "the endpoint takes both");
        }
    }

    /**
     * Review finding 1: a namespace the CRM lacks is the drain's problem, not the events': they stay pending (an
     * attempt counted, the CRM's reason kept) and are delivered, under the configured namespace, once the CRM has it.
     * It was given up for good before.
     */
    @Test
    void theNamespaceIsTheConfiguredOneAndOneTheCrmLacksKeepsTheEventsPendingUntilItIsRegistered() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.namespace", "deskbridge.support");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            Event e = event("2101", Kind.NEW_TICKET, null, "ann@example.com");
            outbox.addAll(List.of(e));

            drain(app);
            Map<String, Object> kept = delivery(e.eventId(), Destination.CRM_SIGNALS);
            assertEquals(true, kept.get("pending"), kept.toString());
            assertEquals(1, kept.get("attempts"), kept.toString());
            assertTrue(String.valueOf(kept.get("error")).contains("namespace is not registered"), kept.toString());
            assertTrue(app.sandbox().crm().signals().received().isEmpty());

            app.sandbox().crm().signals().register("deskbridge.support", "Support");
            Event next = event("2102", Kind.NEW_TICKET, null, "ann@example.com");
            outbox.addAll(List.of(next));
            Thread.sleep(1_100); // past the hold of the first attempt
            drain(app);
            assertEquals(
                    List.of("NEW_TICKET on ticket 2101", "NEW_TICKET on ticket 2102"),
                    subjectsAtCrm(app.sandbox()),
                    "the kept event is delivered too");
            app.sandbox()
                    .crm()
                    .signals()
                    .received()
                    .forEach(s -> assertEquals(
                            "deskbridge.support", s.path("signal_namespace").asText()));
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
        }
    }

    /**
     * Review finding 1: activating the tickets sync checks the namespace with the CRM (GET settings/signals) and answers
     * 422 naming the namespace, its key and what the CRM has; once the CRM has it, activation goes through.
     */
    @Test
    void activatingTheTicketsSyncRefusesANamespaceTheCrmLacks() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.namespace", "deskbridge.support");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/tickets/disable", RunningDeskbridge.TOKEN)
                            .statusCode());
            var refused = app.call("POST", "/admin/syncs/tickets/activate", RunningDeskbridge.TOKEN);
            assertEquals(422, refused.statusCode(), refused.body());
            String problem = JSON.readTree(refused.body()).path("problems").toString();
            assertTrue(problem.contains("deskbridge.signals.namespace = 'deskbridge.support'"), problem);
            assertTrue(problem.contains("it has: deskbridge.tickets"), problem);
            assertEquals(
                    "DISABLED", app.get("/admin/syncs/tickets").path("state").asText());

            app.sandbox().crm().signals().register("deskbridge.support", "Support");
            var activated = app.call("POST", "/admin/syncs/tickets/activate", RunningDeskbridge.TOKEN);
            assertEquals(200, activated.statusCode(), activated.body());
        }
    }

    /**
     * Review item 7: a slow endpoint does not send a batch past half its hold (when another drain could take it); the
     * rest stays pending and is sent, once each, after the hold.
     */
    @Test
    void aSlowEndpointStopsSendingABatchBeforeItsHoldIsOver() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.hold", "2s");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            List<Event> five = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(event(Integer.toString(6000 + i), Kind.NEW_COMMENT, null, "ann@example.com"));
            }
            outbox.addAll(five);
            AdviceWith.adviceWith(
                    app.context(),
                    "signal-camel-send",
                    a -> a.weaveById("camel-signal-delivered").before().delay(400));

            drain(app);
            int first = mock(app).getReceivedCounter();
            assertTrue(first >= 1 && first <= 3, "sent within a second, 400 ms each: " + first);
            assertEquals(5 - first, outbox.pendingCount(Destination.CAMEL));

            Thread.sleep(2_100);
            drain(app);
            Thread.sleep(2_100);
            drain(app);
            Thread.sleep(2_100);
            drain(app);
            assertEquals(
                    sorted(five.stream().map(Event::eventId).toList()),
                    sorted(idsAt(mock(app))),
                    "every event once in the end");
        }
    }

    /**
     * Second review, item 3: a Camel batch that ran out of its time ends the drain; it took the next full batch from
     * the slow endpoint before.
     */
    @Test
    void aSlowEndpointEndsTheDrainWithTheBatchThatRanOutOfTime() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.hold", "2s");
        p.put("deskbridge.signals.destinations", "camel");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            List<Event> many = new java.util.ArrayList<>();
            for (int i = 0; i < SignalDelivery.BATCH + 5; i++) {
                many.add(event(Integer.toString(6100 + i), Kind.NEW_COMMENT, null, "ann@example.com"));
            }
            outbox.addAll(many);
            AdviceWith.adviceWith(
                    app.context(),
                    "signal-camel-send",
                    a -> a.weaveById("camel-signal-delivered").before().delay(400));

            drain(app);

            int sent = mock(app).getReceivedCounter();
            assertTrue(sent >= 1 && sent <= 3, "one batch's second of sending, then the drain ends: " + sent);
            assertEquals(many.size() - sent, outbox.pendingCount(Destination.CAMEL));
        }
    }

    /**
     * Second review, item 2: only the CRM's naming of the field (INVALID_DATA, details.api_name signal_namespace) is a
     * refusal of the namespace; a message that merely speaks of one is the event's own refusal, given up.
     */
    @Test
    void onlyARefusalNamingTheNamespaceFieldIsTheNamespaces() {
        ObjectNode ofNamespace = JSON.createObjectNode();
        ofNamespace.putObject("details").put("api_name", "signal_namespace");
        ObjectNode ofEmail = JSON.createObjectNode();
        ofEmail.putObject("details").put("api_name", "email");
        assertTrue(SignalDelivery.refusesTheNamespace(
                io.deskbridge.connector.WriteResult.refused("INVALID_DATA", "not registered", ofNamespace)));
        assertFalse(SignalDelivery.refusesTheNamespace(io.deskbridge.connector.WriteResult.refused(
                "INVALID_DATA", "no contact in the namespace of this org has this email", ofEmail)));
        assertFalse(SignalDelivery.refusesTheNamespace(
                io.deskbridge.connector.WriteResult.refused("INVALID_DATA", "signal namespace disabled", null)));
    }

    /**
     * Second review, item 2: an event kept pending (here, its namespace refused) is given up once pending longer than
     * the retention, with its last error; its row stays readable for a retention after that.
     */
    @Test
    void anEventPendingLongerThanTheRetentionIsGivenUpWithItsReason() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.namespace", "deskbridge.support");
        p.put("deskbridge.signals.retention", "3s");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            Event e = event("2201", Kind.NEW_TICKET, null, "ann@example.com");
            outbox.addAll(List.of(e));
            drain(app);
            assertEquals(true, delivery(e.eventId(), Destination.CRM_SIGNALS).get("pending"));

            Thread.sleep(3_100);
            drain(app);

            Map<String, Object> row = delivery(e.eventId(), Destination.CRM_SIGNALS);
            assertEquals(false, row.get("pending"), row.toString());
            String error = String.valueOf(row.get("error"));
            assertTrue(
                    error.contains("deskbridge.signals.retention") && error.contains("namespace is not registered"),
                    error);
            assertTrue(app.sandbox().crm().signals().received().isEmpty());
        }
    }

    /**
     * Second review, item 1: deskbridge.signals.destinations = camel sends to the endpoint only; events queued for the
     * CRM are settled unsent, and activation needs no namespace in the CRM.
     */
    @Test
    void destinationsCamelSendsToTheEndpointOnlyAndActivationNeedsNoNamespace() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.destinations", "camel");
        p.put("deskbridge.signals.namespace", "deskbridge.support");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            Event e = event("2301", Kind.NEW_TICKET, null, "ann@example.com");
            outbox.addAll(List.of(e));

            drain(app);

            assertEquals(List.of(e.eventId()), idsAt(mock(app)));
            assertTrue(app.sandbox().crm().signals().received().isEmpty());
            Map<String, Object> crm = delivery(e.eventId(), Destination.CRM_SIGNALS);
            assertEquals(false, crm.get("pending"), crm.toString());
            assertTrue(String.valueOf(crm.get("error")).contains("deskbridge.signals.destinations"), crm.toString());
            app.call("POST", "/admin/syncs/tickets/disable", RunningDeskbridge.TOKEN);
            var activated = app.call("POST", "/admin/syncs/tickets/activate", RunningDeskbridge.TOKEN);
            assertEquals(200, activated.statusCode(), activated.body());
        }
    }

    /** Second review, item 1: deskbridge.signals.events = none starts, and its drain sends nothing anywhere. */
    @Test
    void eventsNoneStartsAndTheDrainSendsNothing() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.events", "none");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            outbox.addAll(List.of(event("2401", Kind.NEW_TICKET, null, "ann@example.com")));

            drain(app);

            assertEquals(0, mock(app).getReceivedCounter());
            assertTrue(app.sandbox().crm().signals().received().isEmpty());
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
            assertEquals(0, outbox.pendingCount(Destination.CAMEL));
        }
    }

    /** Review finding 1: a full batch refused for the namespace stops the drain there rather than trying every batch. */
    @Test
    void aNamespaceRefusalStopsTheDrainAfterOneBatch() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.namespace", "deskbridge.support");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            List<Event> many = new java.util.ArrayList<>();
            for (int i = 0; i < SignalDelivery.BATCH + 20; i++) {
                many.add(event(Integer.toString(3000 + i), Kind.NEW_TICKET, null, "ann@example.com"));
            }
            outbox.addAll(many);
            app.sandbox().requests().clear();

            drain(app);

            long calls = app.sandbox().requests().entries().stream()
                    .filter(r -> r.path().endsWith("signals/notifications"))
                    .count();
            assertEquals(1, calls, "one batch tried, then the drain stops");
            assertEquals(many.size(), outbox.pendingCount(Destination.CRM_SIGNALS), "none given up");
        }
    }

    @Test
    void refusedCredentialsLeaveEverythingPendingAndALaterDrainDelivers() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(properties())) {
            Sandbox sandbox = app.sandbox();
            contact(sandbox, "ann@example.com");
            List<Event> events = List.of(
                    event("3001", Kind.NEW_TICKET, null, "ann@example.com"),
                    event("3002", Kind.NEW_REPLY, null, "ann@example.com"));
            outbox.addAll(events);
            // Every CRM token is revoked before each call: a 401 that survives the refresh.
            sandbox.faults().set("crm", FaultPlan.parse(Map.of(FaultPlan.TOKEN_REVOCATIONS, "1"), "crm."));

            drain(app);

            assertEquals(List.of(), subjectsAtCrm(sandbox));
            assertEquals(2, outbox.pendingCount(Destination.CRM_SIGNALS));
            for (Event e : events) {
                Map<String, Object> row = delivery(e.eventId(), Destination.CRM_SIGNALS);
                assertEquals(0, row.get("attempts"), "no event is blamed: " + row);
            }
            assertEquals(2, idsAt(mock(app)).size(), "the endpoint is not held back by the CRM");

            sandbox.faults().clear();
            Thread.sleep(1100); // the hold of the batch taken is over
            drain(app);

            assertEquals(List.of("NEW_REPLY on ticket 3002", "NEW_TICKET on ticket 3001"), subjectsAtCrm(sandbox));
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
        }
    }

    @Test
    void aServerErrorCountsAnAttemptAndTheEventStaysPending() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.http.max-attempts", "1");
        p.put("deskbridge.signals.uri", "direct:no-one-listens?block=false");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox sandbox = app.sandbox();
            contact(sandbox, "ann@example.com");
            Event e = event("4001", Kind.NEW_TICKET, null, "ann@example.com");
            outbox.addAll(List.of(e));
            sandbox.faults().set("crm", FaultPlan.parse(Map.of(FaultPlan.SERVER_ERRORS, "1.0"), "crm."));

            drain(app);

            Map<String, Object> crm = delivery(e.eventId(), Destination.CRM_SIGNALS);
            assertEquals(true, crm.get("pending"), crm.toString());
            assertEquals(1, crm.get("attempts"), crm.toString());
            Map<String, Object> camel = delivery(e.eventId(), Destination.CAMEL);
            assertEquals(true, camel.get("pending"), camel.toString());
            assertEquals(1, camel.get("attempts"), camel.toString());
            assertTrue(String.valueOf(camel.get("error")).contains("no-one-listens"), camel.toString());
        }
    }

    /**
     * A crash after the send and before the delivery is recorded (simulated: the step that records it is replaced
     * by a stop, then the runtime is stopped and started again on the same store) sends the event again, once the
     * hold is over, with the same event id.
     */
    @Test
    void aCrashBetweenTheSendAndItsRecordSendsTheEventAgainWithTheSameId() throws Exception {
        Event e = event("5001", Kind.ESCALATED, null, "ann@example.com");
        Map<String, String> p = properties();
        p.put("deskbridge.signals.hold", "5s"); // longer than a restart takes here
        List<String> first;
        java.time.Instant sent;
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            outbox.addAll(List.of(e));
            AdviceWith.adviceWith(
                    app.context(),
                    "signals-crm",
                    a -> a.weaveById("crm-signals-settled").replace().stop());
            AdviceWith.adviceWith(
                    app.context(),
                    "signal-camel-send",
                    a -> a.weaveById("camel-signal-delivered").replace().stop());

            sent = java.time.Instant.now();
            drain(app);

            first = idsAt(mock(app));
            assertEquals(List.of(e.eventId()), first);
            assertEquals(List.of("ESCALATED on ticket 5001"), subjectsAtCrm(app.sandbox()));
            assertEquals(1, outbox.pendingCount(Destination.CRM_SIGNALS), "sent but not recorded");
            assertEquals(1, outbox.pendingCount(Destination.CAMEL), "sent but not recorded");
        }
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            drain(app);
            assertEquals(List.of(), idsAt(mock(app)), "held: not sent again before the hold is over");
            Thread.sleep(Math.max(
                    0,
                    java.time.Duration.between(java.time.Instant.now(), sent.plusMillis(5200))
                            .toMillis()));
            drain(app);
            drain(app);

            assertEquals(first, idsAt(mock(app)), "sent again, once, with the same id");
            assertEquals(List.of("ESCALATED on ticket 5001"), subjectsAtCrm(app.sandbox()));
            assertEquals(0, outbox.pendingCount(Destination.CRM_SIGNALS));
            assertEquals(0, outbox.pendingCount(Destination.CAMEL));
        }
    }

    @Test
    void onlyTheChosenKindsAreSent() throws Exception {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.events", "new_ticket, OVERDUE");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            Event ticket = event("6001", Kind.NEW_TICKET, null, "ann@example.com");
            Event comment = event("6002", Kind.NEW_COMMENT, null, "ann@example.com");
            Event overdue = event("6003", Kind.OVERDUE, null, "ann@example.com");
            outbox.addAll(List.of(ticket, comment, overdue));

            drain(app);

            assertEquals(List.of("NEW_TICKET on ticket 6001", "OVERDUE on ticket 6003"), subjectsAtCrm(app.sandbox()));
            assertEquals(sorted(List.of(ticket.eventId(), overdue.eventId())), sorted(idsAt(mock(app))));
            for (Destination d : Destination.values()) {
                Map<String, Object> row = delivery(comment.eventId(), d);
                assertEquals(false, row.get("pending"), "settled unsent: " + row);
                assertTrue(String.valueOf(row.get("error")).contains("deskbridge.signals.events"), row.toString());
            }
        }
    }

    /** As shipped: the Quartz schedule drains the outbox by itself, to log:deskbridge.signals (camel-log is back). */
    @Test
    void theScheduleDrainsTheOutboxToTheShippedLogEndpoint() throws Exception {
        Map<String, String> p = properties();
        p.remove("deskbridge.signals.uri");
        p.put("deskbridge.signals.cron", "0/1 * * * * ?");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            contact(app.sandbox(), "ann@example.com");
            Event e = event("8001", Kind.NEW_TICKET, null, "ann@example.com");
            outbox.addAll(List.of(e));
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(15);
            while ((outbox.pendingCount(Destination.CAMEL) > 0 || outbox.pendingCount(Destination.CRM_SIGNALS) > 0)
                    && java.time.Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            Map<String, Object> camel = delivery(e.eventId(), Destination.CAMEL);
            assertEquals(false, camel.get("pending"), camel.toString());
            assertEquals(0, camel.get("attempts"), "delivered at the first try: " + camel);
            assertEquals(List.of("NEW_TICKET on ticket 8001"), subjectsAtCrm(app.sandbox()));
        }
    }

    @Test
    void anUnknownKindStopsStartupWithOneLineNamingTheKeyAndTheAllowedKinds() {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.events", "NEW_TICKET, BIRTHDAY");
        String message = setupProblem(p);
        assertTrue(
                message.startsWith("deskbridge.signals.events = 'NEW_TICKET, BIRTHDAY'")
                        && message.contains("'BIRTHDAY'")
                        && message.contains("NEW_TICKET, NEW_COMMENT, NEW_REPLY, OVERDUE, ESCALATED, NEW_RATING")
                        && !message.contains("MENTION")
                        && !message.contains("\n"),
                message);
    }

    @Test
    void aBadScheduleStopsStartupNamingTheKey() {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.cron", "every ten seconds");
        String message = setupProblem(p);
        assertTrue(
                message.startsWith("deskbridge.signals.cron = 'every ten seconds' is not a valid Quartz cron"),
                message);
    }

    @Test
    void aHoldShorterThanASecondStopsStartupNamingTheKey() {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.hold", "0s");
        assertTrue(setupProblem(p).startsWith("deskbridge.signals.hold = PT0S must be at least 1s"));
    }

    @Test
    void anEndpointWhoseComponentIsMissingStopsStartupNamingTheKey() {
        Map<String, String> p = properties();
        p.put("deskbridge.signals.uri", "kafka:signals");
        assertTrue(setupProblem(p)
                .startsWith("deskbridge.signals.uri = 'kafka:signals' names no Camel component this"
                        + " runtime has ('kafka')"));
    }

    /** The one-line configuration error a start with these properties stops with. */
    static String setupProblem(Map<String, String> p) {
        Exception e =
                assertThrows(Exception.class, () -> RunningDeskbridge.start(p).close());
        Throwable reason = e;
        while (reason != null && !(reason instanceof ConfigurationException)) {
            reason = reason.getCause();
        }
        assertNotNull(reason, "expected a configuration error, got " + e);
        assertTrue(!reason.getMessage().contains("\n"), reason.getMessage());
        return reason.getMessage();
    }

    static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }
}
