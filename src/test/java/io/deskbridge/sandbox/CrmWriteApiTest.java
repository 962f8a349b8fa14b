package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CRM insert / update / upsert / deleted records over real HTTP. */
class CrmWriteApiTest {

    static SandboxServer s;
    static final String CONTACTS = "/sandbox/zoho/crm/v8/Contacts";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void insertOfMoreThan100RecordsIsRejected() throws Exception {
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 101; i++) {
            b.append(i == 0 ? "" : ",").append("{\"Last_Name\":\"L").append(i).append("\"}");
        }
        b.append("]}");
        int before = s.sandbox.crm().count("Contacts");
        SandboxServer.Resp r = s.send("POST", CONTACTS, s.token(), b.toString());
        assertEquals(400, r.status());
        assertEquals("LIMIT_EXCEEDED", r.json().get("code").asText());
        assertEquals(100, r.json().get("details").get("limit").asInt());
        assertEquals("error", r.json().get("status").asText());
        assertEquals(before, s.sandbox.crm().count("Contacts"));
    }

    @Test
    void mixedInsertIs207WithPerRecordErrors() throws Exception {
        int before = s.sandbox.crm().count("Contacts");
        SandboxServer.Resp r = s.send("POST", CONTACTS, s.token(), """
                {"data":[{"Last_Name":"Okabe","First_Name":"Rintaro","Email":"okabe@lab.example"},
                         {"First_Name":"NoLast"},
                         {"Last_Name":"X","Bogus_Field":"1"},
                         {"Last_Name":"Y","Email":"not an email"}],
                 "trigger":["workflow"]}""");
        assertEquals(207, r.status(), r.body());
        JsonNode data = r.json().get("data");
        assertEquals(4, data.size());
        JsonNode ok = data.get(0);
        assertEquals("SUCCESS", ok.get("code").asText());
        assertEquals("insert", ok.get("action").asText());
        assertEquals("record added", ok.get("message").asText());
        assertTrue(ok.get("duplicate_field").isNull());
        String id = ok.get("details").get("id").asText();
        assertTrue(id.matches("\\d{19}"), id);
        assertEquals(
                ok.get("details").get("Created_Time").asText(),
                ok.get("details").get("Modified_Time").asText());
        assertEquals(
                "5725767000000250001",
                ok.get("details").get("Created_By").get("id").asText());
        assertEquals("MANDATORY_NOT_FOUND", data.get(1).get("code").asText());
        assertEquals("Last_Name", data.get(1).get("details").get("api_name").asText());
        assertEquals(
                "$.data[1].Last_Name",
                data.get(1).get("details").get("json_path").asText());
        assertEquals("INVALID_DATA", data.get(2).get("code").asText());
        assertEquals("Bogus_Field", data.get(2).get("details").get("api_name").asText());
        assertEquals("INVALID_DATA", data.get(3).get("code").asText());
        assertEquals("Email", data.get(3).get("details").get("api_name").asText());
        assertEquals(before + 1, s.sandbox.crm().count("Contacts"));
        ObjectNode stored = s.sandbox.crm().get("Contacts", id).orElseThrow();
        assertEquals("Rintaro Okabe", stored.get("Full_Name").asText());
        assertEquals("okabe@lab.example", stored.get("Email").asText());

        SandboxServer.Resp allOk = s.send(
                "POST",
                CONTACTS,
                s.token(),
                "{\"data\":[{\"Last_Name\":\"Solo\",\"Account_Name\":{\"id\":\"5725767000000413002\"}}]}");
        assertEquals(201, allOk.status());
        String soloId = allOk.json().get("data").get(0).get("details").get("id").asText();
        // (another test may upsert the account's name in a different case)
        assertTrue("Acme Corporation"
                .equalsIgnoreCase(s.sandbox
                        .crm()
                        .get("Contacts", soloId)
                        .orElseThrow()
                        .get("Account_Name")
                        .get("name")
                        .asText()));

        SandboxServer.Resp allBad = s.send("POST", CONTACTS, s.token(), "{\"data\":[{\"First_Name\":\"x\"}]}");
        assertEquals(400, allBad.status());
        assertEquals(
                "MANDATORY_NOT_FOUND",
                allBad.json().get("data").get(0).get("code").asText());
    }

    @Test
    void malformedBodiesAre400NotServerErrors() throws Exception {
        String t = s.token();
        SandboxServer.Resp bad = s.send("POST", CONTACTS, t, "{\"data\":[");
        assertEquals(400, bad.status());
        assertEquals("INVALID_DATA", bad.json().get("code").asText());
        SandboxServer.Resp noData = s.send("POST", CONTACTS, t, "{\"records\":[]}");
        assertEquals(400, noData.status());
        assertEquals("MANDATORY_NOT_FOUND", noData.json().get("code").asText());
        assertEquals(400, s.send("PUT", CONTACTS, t, "[1,2,3]").status());
        assertEquals(400, s.send("POST", CONTACTS + "/upsert", t, "").status());
    }

    @Test
    void upsertMatchesEmailCaseInsensitively() throws Exception {
        String marysModified = s.sandbox
                .crm()
                .get("Contacts", "5725767000000412010")
                .orElseThrow()
                .get("Modified_Time")
                .asText();
        SandboxServer.Resp r = s.send("POST", CONTACTS + "/upsert", s.token(), """
                {"data":[{"Last_Name":"Major","Email":"MARY.MAJOR@acme.example","Phone":"+1 555 7777"},
                         {"Last_Name":"Newbie","Email":"newbie@upsert.example"}],
                 "duplicate_check_fields":["Email"],"trigger":[]}""");
        assertEquals(200, r.status(), r.body());
        JsonNode upd = r.json().get("data").get(0);
        assertEquals("update", upd.get("action").asText());
        assertEquals("Email", upd.get("duplicate_field").asText());
        assertEquals("record updated", upd.get("message").asText());
        assertEquals("5725767000000412010", upd.get("details").get("id").asText());
        JsonNode ins = r.json().get("data").get(1);
        assertEquals("insert", ins.get("action").asText());
        assertTrue(ins.get("duplicate_field").isNull());
        ObjectNode mary = s.sandbox.crm().get("Contacts", "5725767000000412010").orElseThrow();
        assertEquals("+1 555 7777", mary.get("Phone").asText());
        assertEquals("MARY.MAJOR@acme.example", mary.get("Email").asText(), "upsert writes the given fields");
        assertNotEquals(marysModified, mary.get("Modified_Time").asText());

        // info@shared.example is held by two CRM contacts: ambiguous.
        SandboxServer.Resp dup = s.send(
                "POST",
                CONTACTS + "/upsert",
                s.token(),
                "{\"data\":[{\"Last_Name\":\"Info\",\"Email\":\"info@shared.example\"}]}");
        assertEquals(400, dup.status());
        assertEquals("DUPLICATE_DATA", dup.json().get("data").get(0).get("code").asText());

        // Accounts default to Account_Name.
        SandboxServer.Resp acc = s.send(
                "POST",
                "/sandbox/zoho/crm/v8/Accounts/upsert",
                s.token(),
                "{\"data\":[{\"Account_Name\":\"acme corporation\",\"Website\":\"https://acme.example/new\"}]}");
        assertEquals(200, acc.status(), acc.body());
        assertEquals(
                "Account_Name",
                acc.json().get("data").get(0).get("duplicate_field").asText());
        assertEquals(
                "5725767000000413002",
                acc.json().get("data").get(0).get("details").get("id").asText());
    }

    @Test
    void updateByIdAndUnknownIds() throws Exception {
        String t = s.token();
        SandboxServer.Resp one =
                s.send("PUT", CONTACTS + "/5725767000000412014", t, "{\"data\":[{\"Mobile\":\"+1 555 0000\"}]}");
        assertEquals(200, one.status(), one.body());
        assertEquals(
                "+1 555 0000",
                s.sandbox
                        .crm()
                        .get("Contacts", "5725767000000412014")
                        .orElseThrow()
                        .get("Mobile")
                        .asText());
        SandboxServer.Resp mixed = s.send(
                "PUT",
                CONTACTS,
                t,
                "{\"data\":[{\"id\":\"5725767000000412013\",\"Title\":\"CTO\"},{\"id\":\"1234\",\"Title\":\"x\"}]}");
        assertEquals(207, mixed.status());
        JsonNode err = mixed.json().get("data").get(1);
        assertEquals("INVALID_DATA", err.get("code").asText());
        assertEquals("1234", err.get("details").get("id").asText());
    }

    @Test
    void deletedRecordsApi() throws Exception {
        String t = s.token();
        ObjectNode c = s.sandbox.crm().insert("Contacts", (ObjectNode)
                SandboxServer.MAPPER.readTree("{\"First_Name\":\"Gone\",\"Last_Name\":\"Soon\"}"));
        String id = c.get("id").asText();
        s.sandbox.crm().delete("Contacts", id);
        assertTrue(s.sandbox.crm().get("Contacts", id).isEmpty());
        SandboxServer.Resp r = s.get(CONTACTS + "/deleted?type=all", t);
        assertEquals(200, r.status());
        JsonNode d = r.json().get("data").get(0);
        assertEquals(id, d.get("id").asText());
        assertEquals("Gone Soon", d.get("display_name").asText());
        assertEquals("recycle", d.get("type").asText());
        assertTrue(d.get("deleted_time").isTextual());
        assertEquals(1, r.json().get("info").get("count").asInt());
        assertEquals(
                304,
                s.get(CONTACTS + "/deleted?type=all", t, "If-Modified-Since", "2031-01-01T00:00:00Z")
                        .status());
        assertEquals(204, s.get(CONTACTS + "/deleted?type=permanent", t).status());
        assertEquals(204, s.get("/sandbox/zoho/crm/v8/Accounts/deleted", t).status());
    }
}
