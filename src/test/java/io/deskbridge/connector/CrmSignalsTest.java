package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.SalesSignals.Link;
import io.deskbridge.connector.SalesSignals.Signal;
import io.deskbridge.connector.zohocrm.ZohoCrmSignals;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6 (the call only): Zoho CRM's Signals API as zoho.com/crm/developer/docs/signals/invoke-signal-via-API
 * documents it, against a scripted server: the v2 path, the body, the lengths the CRM takes, and the answers, whose
 * shape is not documented.
 */
class CrmSignalsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Link TICKET = new Link("Open ticket #101", "https://desk.example/tickets/5");

    ScriptedApi api;

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    ZohoCrmSignals signals() {
        ApiCaller.Auth token = new ApiCaller.Auth() {
            @Override
            public String header() {
                return "Zoho-oauthtoken 1000.t";
            }

            @Override
            public void rejected(String header) {
                // the test's token is never refreshed
            }
        };
        return new ZohoCrmSignals(
                new ApiCaller(
                        "Zoho CRM",
                        ApiCaller.newHttpClient(Duration.ofSeconds(5)),
                        token,
                        RetryPolicy.DEFAULT,
                        Duration.ofSeconds(5),
                        d -> {}),
                URI.create(api.uri() + "/"),
                JSON);
    }

    static Signal byEmail(String subject, String message) {
        return new Signal("deskbridge.new_ticket", "jane@acme.com", null, subject, message, List.of(TICKET));
    }

    JsonNode sent(int call) throws Exception {
        return JSON.readTree(api.seen.get(call).body());
    }

    /** Review finding 1: the namespaces the activation check compares deskbridge.signals.namespace with. */
    @Test
    void theRegisteredNamespacesAreReadFromTheSignalsSettings() throws Exception {
        api.then(
                        200,
                        "{\"signals\":[{\"namespace\":\"deskbridge.tickets\",\"display_label\":\"Tickets\"},"
                                + "{\"namespace\":\"surveys.responded\"}]}")
                .then(200, "{\"data\":[{\"namespace\":\"other.shape\"}]}")
                .then(204, "");
        assertEquals(
                List.of("deskbridge.tickets", "surveys.responded"), signals().namespaces());
        assertEquals("GET", api.seen.get(0).method());
        assertEquals("/crm/v8/settings/signals", api.seen.get(0).path());
        assertEquals(List.of("other.shape"), signals().namespaces(), "an answer listing them under another key");
        assertEquals(List.of(), signals().namespaces(), "none registered");
    }

    @Test
    void signalsArePostedToTheV2NotificationsPathWithTheDocumentedBody() throws Exception {
        api.then(200, "");
        List<WriteResult> results = signals()
                .notify(List.of(
                        byEmail("New ticket: Login fails", "*High* priority~br~Since Monday"),
                        new Signal(
                                "deskbridge.bad_rating",
                                null,
                                "5000000014010",
                                "Bad rating",
                                "Slow",
                                List.of(TICKET))));
        assertEquals(2, results.size());
        assertTrue(results.stream().allMatch(WriteResult::success));
        ScriptedApi.Seen post = api.seen.get(0);
        assertEquals("POST", post.method());
        assertEquals("/crm/v2/signals/notifications", post.path());
        assertEquals("Zoho-oauthtoken 1000.t", post.authorization());
        assertTrue(post.header("Content-Type").startsWith("application/json"));
        assertEquals(
                JSON.readTree("{\"signals\":["
                        + "{\"signal_namespace\":\"deskbridge.new_ticket\",\"email\":\"jane@acme.com\","
                        + "\"subject\":\"New ticket: Login fails\",\"message\":\"*High* priority~br~Since Monday\","
                        + "\"actions\":[{\"type\":\"link\",\"open_in\":\"tab\",\"display_name\":\"Open ticket #101\","
                        + "\"url\":\"https://desk.example/tickets/5\"}]},"
                        + "{\"signal_namespace\":\"deskbridge.bad_rating\",\"id\":\"5000000014010\","
                        + "\"subject\":\"Bad rating\",\"message\":\"Slow\","
                        + "\"actions\":[{\"type\":\"link\",\"open_in\":\"tab\",\"display_name\":\"Open ticket #101\","
                        + "\"url\":\"https://desk.example/tickets/5\"}]}]}"),
                sent(0));
    }

    @Test
    void aSubjectOrMessageLongerThanTheCrmTakesIsShortenedWithAnEllipsisAndTheResultSaysSo() throws Exception {
        api.then(200, "").then(200, "");
        String subject = "S".repeat(150);
        String message = "m".repeat(1200);
        WriteResult r = signals().notify(List.of(byEmail(subject, message))).get(0);
        JsonNode s = sent(0).path("signals").get(0);
        assertEquals("S".repeat(99) + "\u2026", s.path("subject").asText());
        assertEquals("m".repeat(999) + "\u2026", s.path("message").asText());
        assertTrue(r.success());
        assertEquals(JSON.readTree("[\"subject\",\"message\"]"), r.details().path("shortened"));

        // Never half a character, never half a ~br~ line break.
        String emoji = "a".repeat(98) + "\uD83D\uDE00" + "tail";
        String lineBreak = "b".repeat(998) + "~br~more";
        WriteResult cut = signals().notify(List.of(byEmail(emoji, lineBreak))).get(0);
        JsonNode c = sent(1).path("signals").get(0);
        assertEquals("a".repeat(98) + "\u2026", c.path("subject").asText());
        assertEquals("b".repeat(998) + "\u2026", c.path("message").asText());
        assertEquals(2, cut.details().path("shortened").size());
    }

    @Test
    void textsWithinTheLimitsAreSentAsTheyAre() throws Exception {
        api.then(204, "");
        WriteResult r = signals()
                .notify(List.of(byEmail("S".repeat(100), "m".repeat(1000))))
                .get(0);
        assertEquals(
                "S".repeat(100), sent(0).path("signals").get(0).path("subject").asText());
        assertEquals(
                1000, sent(0).path("signals").get(0).path("message").asText().length());
        assertFalse(r.details().has("shortened"));
    }

    @Test
    void everyAcceptedStatusIsDelivery() {
        for (int status : List.of(200, 201, 202, 204)) {
            api.then(status, status == 204 ? "" : "{\"message\":\"signals sent\"}");
            assertTrue(signals().notify(List.of(byEmail("s", "m"))).get(0).success(), "HTTP " + status);
        }
    }

    @Test
    void anEntryThatIsNotSuccessIsThatSignalsRefusal() {
        api.then(
                        200,
                        "{\"signals\":[{\"status\":\"success\",\"code\":\"SUCCESS\"},"
                                + "{\"status\":\"error\",\"code\":\"INVALID_DATA\",\"message\":\"invalid email\","
                                + "\"details\":{\"api_name\":\"email\"}}]}")
                .then(
                        207,
                        "{\"data\":[{\"status\":\"error\",\"code\":\"NOT_FOUND\",\"message\":\"no such record\"},"
                                + "{\"status\":\"success\",\"code\":\"SUCCESS\",\"details\":{\"id\":\"77\"}}]}");
        List<Signal> two = List.of(byEmail("s1", "m1"), byEmail("s2", "m2"));
        List<WriteResult> first = signals().notify(two);
        assertTrue(first.get(0).success());
        assertFalse(first.get(1).success());
        assertEquals("INVALID_DATA", first.get(1).code());
        assertEquals("invalid email", first.get(1).message());
        List<WriteResult> mixed = signals().notify(two);
        assertEquals("NOT_FOUND", mixed.get(0).code());
        assertTrue(mixed.get(1).success());
        assertEquals("77", mixed.get(1).id());
    }

    @Test
    void aRefusedCallIsTheTypedFailureWithTheCrmsMessage() {
        api.then(
                        400,
                        "{\"code\":\"INVALID_DATA\",\"details\":{\"api_name\":\"signal_namespace\"},"
                                + "\"message\":\"the signal namespace is not registered\",\"status\":\"error\"}")
                .then(
                        403,
                        "{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"message\":\"invalid oauth scope\",\"status\":\"error\"}")
                .then(200, "{\"signals\":[{\"status\":\"success\"}]}");
        ApiException invalid = assertThrows(ApiException.class, () -> signals().notify(List.of(byEmail("s", "m"))));
        assertInstanceOf(RecordRefused.class, invalid);
        assertEquals("INVALID_DATA", invalid.code());
        assertTrue(invalid.getMessage().contains("the signal namespace is not registered"), invalid.getMessage());
        assertTrue(invalid.getMessage().contains("signal_namespace"), invalid.getMessage());
        assertInstanceOf(
                CredentialsRefused.class,
                assertThrows(ApiException.class, () -> signals().notify(List.of(byEmail("s", "m")))));
        ApiException miscounted = assertThrows(
                ApiException.class, () -> signals().notify(List.of(byEmail("s1", "m1"), byEmail("s2", "m2"))));
        assertEquals("MALFORMED_RESPONSE", miscounted.code(), "one entry for two signals tells neither's fate");
    }

    @Test
    void aSignalIsNotSentTwiceAfterAServerErrorAndNothingToSendIsNoCall() {
        api.then(500, "{\"code\":\"INTERNAL_ERROR\",\"message\":\"oops\",\"status\":\"error\"}");
        assertThrows(ServerTrouble.class, () -> signals().notify(List.of(byEmail("s", "m"))));
        assertEquals(1, api.seen.size(), "the CRM may have shown it: the outbox sends it again, not the call");
        assertEquals(List.of(), signals().notify(List.of()));
        assertEquals(1, api.seen.size());
    }

    @Test
    void aSignalNamesItsRecordByEmailOrByIdExactlyOnce() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Signal("ns", "jane@acme.com", "5000", "s", "m", List.of(TICKET)));
        assertThrows(IllegalArgumentException.class, () -> new Signal("ns", null, " ", "s", "m", List.of(TICKET)));
        assertThrows(IllegalArgumentException.class, () -> new Signal(" ", "jane@acme.com", null, "s", "m", List.of()));
        assertNull(new Signal("ns", null, "5000", "s", "m", List.of()).email());
    }
}
