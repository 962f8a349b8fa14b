package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 5 in the sandbox: the CRM's field metadata ({@code settings/fields}) and the custom fields the
 * tickets' support figures are written into, typed as a real CRM types them.
 */
class CrmFieldsApiTest {

    static SandboxServer s;
    static String token;
    static final String MARY = "/sandbox/zoho/crm/v8/Contacts/5725767000000412010";

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
    void fieldMetadataListsTheStandardAndCustomFieldsWithTheirTypes() throws Exception {
        SandboxServer.Resp r = s.get("/sandbox/zoho/crm/v8/settings/fields?module=Accounts", token);
        assertEquals(200, r.status(), r.body());
        Map<String, String> types = new HashMap<>();
        for (JsonNode f : r.json().path("fields")) {
            types.put(f.path("api_name").asText(), f.path("data_type").asText());
        }
        assertEquals("text", types.get("Account_Name"));
        assertEquals("textarea", types.get("Description"));
        assertEquals("integer", types.get("Desk_Tickets_Total"));
        assertEquals("double", types.get("Desk_Resolution_Hours"));
        assertEquals("datetime", types.get("Desk_Latest_Feedback_At"));
        assertEquals(400, s.get("/sandbox/zoho/crm/v8/settings/fields", token).status(), "module is required");
        assertEquals(
                400,
                s.get("/sandbox/zoho/crm/v8/settings/fields?module=Nope", token).status());
    }

    @Test
    void customFieldsAreWrittenTypedAndShownOnceSet() throws Exception {
        assertFalse(s.get(MARY, token).json().at("/data/0").has("Desk_Tickets_Total"), "not shown while unset");
        SandboxServer.Resp ok = s.send(
                "PUT",
                "/sandbox/zoho/crm/v8/Contacts",
                token,
                "{\"data\":[{\"id\":\"5725767000000412010\",\"Desk_Tickets_Total\":3,"
                        + "\"Desk_First_Response_Hours\":1.5,\"Desk_Latest_Feedback_At\":\"2026-01-15T10:00:00+00:00\"}]}");
        assertEquals(200, ok.status(), ok.body());
        JsonNode mary = s.get(MARY, token).json().at("/data/0");
        assertEquals(3, mary.path("Desk_Tickets_Total").asInt());
        assertEquals(1.5, mary.path("Desk_First_Response_Hours").asDouble());
        assertEquals(
                "2026-01-15T10:00:00+00:00",
                mary.path("Desk_Latest_Feedback_At").asText());

        SandboxServer.Resp notWhole = s.send(
                "PUT",
                "/sandbox/zoho/crm/v8/Contacts",
                token,
                "{\"data\":[{\"id\":\"5725767000000412010\",\"Desk_Tickets_Total\":1.5}]}");
        JsonNode item = notWhole.json().at("/data/0");
        assertEquals("INVALID_DATA", item.path("code").asText(), notWhole.body());
        assertEquals("integer", item.at("/details/expected_data_type").asText(), notWhole.body());
    }
}
