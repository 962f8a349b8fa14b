package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CRM's Deals module over real HTTP, read and written like Contacts. */
class CrmDealsApiTest {

    static SandboxServer s;
    static String token;
    static final String DEALS = "/sandbox/zoho/crm/v8/Deals";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
        token = s.token();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void seededDealsHaveContactAndAccountLookups() throws Exception {
        SandboxServer.Resp r = s.get(
                DEALS + "?fields=Deal_Name,Stage,Amount,Closing_Date,Contact_Name,Account_Name"
                        + "&sort_by=id&sort_order=asc",
                token);
        assertEquals(200, r.status(), r.body());
        JsonNode d = r.json().get("data").get(0);
        assertEquals("5725767000000414001", d.get("id").asText());
        assertEquals("Acme renewal 2026", d.get("Deal_Name").asText());
        assertEquals("Negotiation/Review", d.get("Stage").asText());
        assertTrue(d.get("Amount").isNumber());
        assertEquals(48000, d.get("Amount").asInt());
        assertEquals("2026-03-31", d.get("Closing_Date").asText());
        assertEquals("Mary Major", d.get("Contact_Name").get("name").asText());
        assertEquals("5725767000000412010", d.get("Contact_Name").get("id").asText());
        assertEquals("Acme Corporation", d.get("Account_Name").get("name").asText());
        assertEquals(
                "Ken Tanaka",
                s.get(DEALS + "/5725767000000414002", token)
                        .json()
                        .get("data")
                        .get(0)
                        .get("Contact_Name")
                        .get("name")
                        .asText());
    }

    @Test
    void writesValidateMandatoryFieldsLookupsAndTypes() throws Exception {
        SandboxServer.Resp noStage = s.send("POST", DEALS, token, "{\"data\":[{\"Deal_Name\":\"No stage\"}]}");
        assertEquals(400, noStage.status());
        JsonNode e = noStage.json().get("data").get(0);
        assertEquals("MANDATORY_NOT_FOUND", e.get("code").asText());
        assertEquals("Stage", e.get("details").get("api_name").asText());
        SandboxServer.Resp badRefs = s.send(
                "POST",
                DEALS,
                token,
                "{\"data\":["
                        + "{\"Deal_Name\":\"a\",\"Stage\":\"Qualification\","
                        + "\"Contact_Name\":{\"id\":\"5725767000000413001\"}},"
                        + "{\"Deal_Name\":\"b\",\"Stage\":\"Qualification\",\"Amount\":\"lots\"},"
                        + "{\"Deal_Name\":\"c\",\"Stage\":\"Qualification\",\"Closing_Date\":\"31/03/2026\"}]}");
        assertEquals(400, badRefs.status());
        JsonNode data = badRefs.json().get("data");
        assertEquals("Contact_Name", data.get(0).get("details").get("api_name").asText(), "an account is no contact");
        assertEquals(
                "double", data.get(1).get("details").get("expected_data_type").asText());
        assertEquals(
                "date", data.get(2).get("details").get("expected_data_type").asText());

        SandboxServer.Resp ok = s.send(
                "POST",
                DEALS,
                token,
                "{\"data\":[{\"Deal_Name\":\"Sato upgrade\","
                        + "\"Stage\":\"Qualification\",\"Amount\":1500.5,\"Closing_Date\":\"2026-06-30\","
                        + "\"Contact_Name\":{\"id\":\"5725767000000412002\"},"
                        + "\"Account_Name\":{\"name\":\"株式会社サンプル\"}}]}");
        assertEquals(201, ok.status(), ok.body());
        String id = ok.json().get("data").get(0).get("details").get("id").asText();
        SandboxServer.Resp upd = s.send("PUT", DEALS + "/" + id, token, "{\"data\":[{\"Stage\":\"Closed Won\"}]}");
        assertEquals(200, upd.status(), upd.body());
        JsonNode deal = s.sandbox.crm().get("Deals", id).orElseThrow();
        assertEquals("Closed Won", deal.get("Stage").asText());
        assertEquals(1500.5, deal.get("Amount").asDouble());
        assertEquals("花子 佐藤", deal.get("Contact_Name").get("name").asText(), "the contact's Full_Name");
        assertEquals("5725767000000413001", deal.get("Account_Name").get("id").asText());
        SandboxServer.Resp del = s.send("DELETE", DEALS + "/" + id, token, null);
        assertEquals(200, del.status());
        assertEquals(
                id,
                s.get(DEALS + "/deleted", token)
                        .json()
                        .get("data")
                        .get(0)
                        .get("id")
                        .asText());
        assertEquals(
                "Sato upgrade",
                s.get(DEALS + "/deleted", token)
                        .json()
                        .get("data")
                        .get(0)
                        .get("display_name")
                        .asText());
    }
}
