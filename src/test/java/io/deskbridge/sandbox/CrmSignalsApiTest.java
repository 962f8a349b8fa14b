package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CRM's Signals API over real HTTP: validation, recording, the namespace settings, faults. */
class CrmSignalsApiTest {

    static SandboxServer s;
    static String token;
    static final String NOTIFY = "/sandbox/zoho/crm/v2/signals/notifications";
    static final String DEAL = "5725767000000414001";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
        token = s.token();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @BeforeEach
    void reset() {
        s.sandbox.crm().signals().clear();
        s.sandbox.faults().clear();
    }

    /** One signal item; {@code who} is the "email":… or "id":… member. */
    static String signal(String who, String subject, String message) {
        return "{\"signal_namespace\":\"deskbridge.tickets\"," + who + ",\"subject\":\"" + subject + "\",\"message\":\""
                + message + "\",\"actions\":[{\"type\":\"link\",\"open_in\":\"tab\",\"display_name\":\"Open ticket\","
                + "\"url\":\"https://desk.zoho.com/support/sandbox/ShowHomePage.do#Cases/dv/1892000000143001\"}]}";
    }

    static SandboxServer.Resp notify(String... items) throws Exception {
        return s.send("POST", NOTIFY, token, "{\"signals\":[" + String.join(",", items) + "]}");
    }

    @Test
    void acceptedSignalsAreRecordedAndReadBack() throws Exception {
        SandboxServer.Resp r = notify(
                signal("\"email\":\"MARY.major@acme.example\"", "New ticket #101", "*Cannot sign in*~br~High"),
                signal("\"id\":\"" + DEAL + "\"", "Ticket overdue", "Ticket #101 is overdue"));
        assertEquals(200, r.status(), r.body());
        JsonNode first = r.json().get("data").get(0);
        assertEquals("SUCCESS", first.get("code").asText());
        assertEquals("success", first.get("status").asText());
        List<com.fasterxml.jackson.databind.node.ObjectNode> got =
                s.sandbox.crm().signals().received();
        assertEquals(2, got.size());
        assertEquals(
                first.get("details").get("id").asText(), got.get(0).get("id").asText());
        assertEquals("Contacts", got.get(0).get("record").get("module").asText());
        assertEquals("5725767000000412010", got.get(0).get("record").get("id").asText());
        assertEquals("Deals", got.get(1).get("record").get("module").asText());
        assertEquals("New ticket #101", got.get(0).get("subject").asText());
        SandboxServer.Resp log = s.get("/sandbox/_signals", null);
        assertEquals(200, log.status());
        assertEquals(2, log.json().get("signals").size());
        assertEquals(
                "Ticket overdue",
                log.json().get("signals").get(1).get("subject").asText());
        assertEquals(200, s.send("DELETE", "/sandbox/_signals", null, null).status());
        assertEquals(0, s.sandbox.crm().signals().received().size());
    }

    @Test
    void subjectAndMessageLengthsAreEnforcedPerItem() throws Exception {
        String ok100 = "s".repeat(100);
        String long101 = "s".repeat(101);
        SandboxServer.Resp r = notify(
                signal("\"email\":\"john.smith@acme.example\"", ok100, "m".repeat(1000)),
                signal("\"email\":\"john.smith@acme.example\"", long101, "m"),
                signal("\"email\":\"john.smith@acme.example\"", "s", "m".repeat(1001)));
        assertEquals(207, r.status(), r.body());
        JsonNode data = r.json().get("data");
        assertEquals("success", data.get(0).get("status").asText());
        JsonNode subject = data.get(1);
        assertEquals("error", subject.get("status").asText());
        assertEquals("INVALID_DATA", subject.get("code").asText());
        assertEquals("subject", subject.get("details").get("api_name").asText());
        assertEquals(
                "$.signals[1].subject", subject.get("details").get("json_path").asText());
        assertEquals(100, subject.get("details").get("maximum_length").asInt());
        assertEquals("message", data.get(2).get("details").get("api_name").asText());
        assertEquals(1000, data.get(2).get("details").get("maximum_length").asInt());
        assertEquals(1, s.sandbox.crm().signals().received().size(), "only the valid signal is recorded");
        // 100 characters, not 100 UTF-16 units: kanji and emoji count once
        SandboxServer.Resp cjk = notify(signal("\"email\":\"john.smith@acme.example\"", "票".repeat(99) + "😀", "m"));
        assertEquals(200, cjk.status(), cjk.body());
    }

    @Test
    void refusalsNameTheField() throws Exception {
        String noActions = "{\"signal_namespace\":\"deskbridge.tickets\",\"email\":\"john.smith@acme.example\","
                + "\"subject\":\"s\",\"message\":\"m\"}";
        String badAction =
                signal("\"email\":\"john.smith@acme.example\"", "s", "m").replace("\"link\"", "\"button\"");
        String noOpenIn =
                signal("\"email\":\"john.smith@acme.example\"", "s", "m").replace("\"open_in\":\"tab\",", "");
        String unknownNs =
                signal("\"email\":\"john.smith@acme.example\"", "s", "m").replace("deskbridge.tickets", "other.app");
        String nobody = signal("\"email\":\"nobody@nowhere.example\"", "s", "m");
        String noRecord = "{\"signal_namespace\":\"deskbridge.tickets\",\"subject\":\"s\",\"message\":\"m\"}";
        String badId = signal("\"id\":\"5725767000000413001\"", "s", "m");
        SandboxServer.Resp r = notify(noActions, badAction, noOpenIn, unknownNs, nobody, noRecord, badId);
        assertEquals(400, r.status(), r.body());
        List<String> got = new java.util.ArrayList<>();
        r.json()
                .get("data")
                .forEach(e -> got.add(e.get("code").asText() + " "
                        + e.get("details").get("api_name").asText()));
        assertEquals(
                List.of(
                        "MANDATORY_NOT_FOUND actions",
                        "INVALID_DATA actions[0].type",
                        "MANDATORY_NOT_FOUND actions[0].open_in",
                        "INVALID_DATA signal_namespace",
                        "INVALID_DATA email",
                        "MANDATORY_NOT_FOUND email",
                        "INVALID_DATA id"),
                got,
                "an account id is not a lead, contact or deal");
        assertEquals(0, s.sandbox.crm().signals().received().size());
        SandboxServer.Resp noArray = s.send("POST", NOTIFY, token, "{\"data\":[]}");
        assertEquals(400, noArray.status());
        assertEquals("MANDATORY_NOT_FOUND", noArray.json().get("code").asText());
        assertEquals("signals", noArray.json().get("details").get("api_name").asText());
        SandboxServer.Resp noToken = s.send("POST", NOTIFY, null, "{\"signals\":[]}");
        assertEquals(401, noToken.status());
        assertEquals("INVALID_TOKEN", noToken.json().get("code").asText());
        assertEquals(405, s.get(NOTIFY, token).status());
    }

    @Test
    void settingsListTheRegisteredNamespaces() throws Exception {
        for (String v : List.of("v2", "v8")) {
            SandboxServer.Resp r = s.get("/sandbox/zoho/crm/" + v + "/settings/signals", token);
            assertEquals(200, r.status(), r.body());
            JsonNode first = r.json().get("signals").get(0);
            assertEquals(CrmSignals.DEFAULT_NAMESPACE, first.get("namespace").asText());
            assertTrue(first.get("enabled").asBoolean());
        }
        s.sandbox.crm().signals().register("deskbridge.chats", "Chats");
        assertEquals(
                2,
                s.get("/sandbox/zoho/crm/v2/settings/signals", token)
                        .json()
                        .get("signals")
                        .size());
        SandboxServer.Resp accepted =
                notify(signal("\"id\":\"" + DEAL + "\"", "s", "m").replace("deskbridge.tickets", "deskbridge.chats"));
        assertEquals(200, accepted.status(), accepted.body());
    }

    @Test
    void crmFaultsApplyToSignals() throws Exception {
        s.sandbox.faults().set("crm", FaultPlan.parse(java.util.Map.of("server-errors", "1.0"), "crm."));
        SandboxServer.Resp r = notify(signal("\"id\":\"" + DEAL + "\"", "s", "m"));
        assertEquals(500, r.status());
        assertEquals("INTERNAL_ERROR", r.json().get("code").asText());
        assertEquals(0, s.sandbox.crm().signals().received().size());
    }
}
