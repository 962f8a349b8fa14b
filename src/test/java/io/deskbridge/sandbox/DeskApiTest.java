package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Desk API over real HTTP. */
class DeskApiTest {

    static SandboxServer s;
    static final String API = "/sandbox/desk/api/v1";
    static final String ORG = "777001";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private SandboxServer.Resp get(String path) throws Exception {
        return s.get(API + path, s.token(), "orgId", ORG);
    }

    private SandboxServer.Resp send(String method, String path, String body) throws Exception {
        return s.send(method, API + path, s.token(), body, "orgId", ORG);
    }

    @Test
    void orgIdHeaderIsRequiredAndChecked() throws Exception {
        String t = s.token();
        SandboxServer.Resp missing = s.get(API + "/contacts", t);
        assertEquals(422, missing.status());
        assertEquals("UNPROCESSABLE_ENTITY", missing.json().get("errorCode").asText());
        assertEquals(
                "orgId is missing in the request header",
                missing.json().get("message").asText());
        // orgId only as a query parameter is not the header.
        assertEquals(422, s.get(API + "/contacts?orgId=" + ORG, t).status());
        SandboxServer.Resp wrong = s.get(API + "/contacts", t, "orgId", "999");
        assertEquals(403, wrong.status());
        assertEquals("OAUTH_ORG_MISMATCH", wrong.json().get("errorCode").asText());
        SandboxServer.Resp noToken = s.get(API + "/contacts", null, "orgId", ORG);
        assertEquals(401, noToken.status());
        assertEquals("INVALID_OAUTH", noToken.json().get("errorCode").asText());
        assertEquals(
                "The OAuth Token you provided is invalid.",
                noToken.json().get("message").asText());
    }

    @Test
    void listParamsAreValidated() throws Exception {
        SandboxServer.Resp limit = get("/contacts?limit=101");
        assertEquals(422, limit.status());
        assertEquals("UNPROCESSABLE_ENTITY", limit.json().get("errorCode").asText());
        SandboxServer.Resp from = get("/contacts?from=5000");
        assertEquals(422, from.status());
        assertTrue(from.json().get("message").asText().contains("exceeds the range of '0-4999'"));
        // A search pages no further than from=999 (zohodesk-oas Search.json), a list to 4,999.
        SandboxServer.Resp searchFrom = get("/contacts/search?email=a@b.example&from=1000");
        assertEquals(422, searchFrom.status());
        assertTrue(
                searchFrom.json().get("message").asText().contains("exceeds the range of '0-999'"), searchFrom.body());
        assertEquals(204, get("/contacts/search?email=a@b.example&from=999").status());
        SandboxServer.Resp extra = get("/contacts?sortBy=createdTime&sortOrder=asc");
        assertEquals(422, extra.status());
        assertEquals(
                "Extra query parameter 'sortOrder' is present in the input.",
                extra.json().get("message").asText());
        assertEquals(422, get("/contacts/search?email=a@b.example&limit=0").status());
        assertEquals(422, get("/contacts?sortBy=bogus").status());
    }

    @Test
    void listItemsHaveNoModifiedTimeAndNoPagingMetadata() throws Exception {
        SandboxServer.Resp r = get("/contacts?from=1&limit=2&sortBy=createdTime");
        assertEquals(200, r.status());
        assertEquals(1, r.json().size(), "only data, no paging metadata");
        JsonNode data = r.json().get("data");
        assertEquals(2, data.size());
        assertEquals("1892000000042032", data.get(0).get("id").asText());
        assertEquals("1892000000042033", data.get(1).get("id").asText());
        for (JsonNode c : data) {
            assertFalse(c.has("modifiedTime"), c.toString());
            assertTrue(c.get("createdTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        }
        SandboxServer.Resp desc = get("/contacts?limit=1&sortBy=-createdTime");
        assertTrue(
                desc.json().get("data").get(0).get("createdTime").asText().compareTo("2026-01-03T03:00:00.000Z") >= 0);
        SandboxServer.Resp empty = get("/contacts?from=4000&limit=100");
        assertEquals(204, empty.status());
        assertTrue(empty.body().isEmpty());
        SandboxServer.Resp accounts = get("/accounts");
        assertEquals(2, accounts.json().get("data").size());
        assertFalse(accounts.json().get("data").get(0).has("modifiedTime"));
    }

    @Test
    void searchByModifiedTimeRangeReturnsModifiedContactsSorted() throws Exception {
        String start = Instant.now().minusSeconds(1).toString();
        SandboxServer.Resp p1 = send("PATCH", "/contacts/1892000000042035", "{\"phone\":\"03-0000-1111\"}");
        assertEquals(200, p1.status(), p1.body());
        assertEquals("03-0000-1111", p1.json().get("phone").asText());
        Thread.sleep(3);
        assertTrue(p1.json().has("modifiedTime"));
        SandboxServer.Resp p2 = send("PATCH", "/contacts/1892000000042032", "{\"title\":\"Engineer\"}");
        assertEquals(200, p2.status());
        assertEquals("Tanaka", p2.json().get("lastName").asText(), "PATCH is partial");
        String end = Instant.now().plusSeconds(5).toString();
        String range = fmt(start) + "," + fmt(end);
        SandboxServer.Resp r = get("/contacts/search?modifiedTimeRange=" + range + "&sortBy=modifiedTime&from=0");
        assertEquals(200, r.status(), r.body());
        List<String> ids = new ArrayList<>();
        r.json().get("data").forEach(d -> ids.add(d.get("id").asText()));
        assertTrue(
                ids.indexOf("1892000000042035") >= 0
                        && ids.indexOf("1892000000042032") > ids.indexOf("1892000000042035"),
                ids.toString());
        assertEquals(r.json().get("data").size(), r.json().get("count").asInt());
        JsonNode firstHit = r.json().get("data").get(0);
        assertTrue(firstHit.has("modifiedTime"));
        String prev = "";
        for (JsonNode d : r.json().get("data")) {
            assertTrue(d.get("modifiedTime").asText().compareTo(prev) >= 0);
            prev = d.get("modifiedTime").asText();
        }
        SandboxServer.Resp rev = get("/contacts/search?modifiedTimeRange=" + range + "&sortBy=-modifiedTime&limit=1");
        assertEquals(1, rev.json().get("data").size());
        assertEquals(r.json().get("count").asInt(), rev.json().get("count").asInt());
        assertEquals(
                ids.get(ids.size() - 1), rev.json().get("data").get(0).get("id").asText());

        SandboxServer.Resp old =
                get("/contacts/search?modifiedTimeRange=2020-01-01T00:00:00.000Z," + "2020-02-01T00:00:00.000Z");
        assertEquals(204, old.status());
        assertEquals(422, get("/contacts/search?from=0").status());
        SandboxServer.Resp byEmail = get("/contacts/search?email=mary.major@acme.EXAMPLE");
        assertEquals(1, byEmail.json().get("count").asInt());
        assertEquals(
                "1892000000042034", byEmail.json().get("data").get(0).get("id").asText());
    }

    private static String fmt(String instant) {
        return Times.desk(Instant.parse(instant).toEpochMilli());
    }

    @Test
    void createValidatesInput() throws Exception {
        SandboxServer.Resp noLast = send("POST", "/contacts", "{\"firstName\":\"Ann\",\"email\":\"ann@x.example\"}");
        assertEquals(422, noLast.status());
        assertEquals("INVALID_DATA", noLast.json().get("errorCode").asText());
        JsonNode e = noLast.json().get("errors").get(0);
        assertEquals("/lastName", e.get("fieldName").asText());
        assertEquals("missing", e.get("errorType").asText());

        SandboxServer.Resp badEmail =
                send("POST", "/contacts", "{\"lastName\":\"Bad\",\"email\":\"foo@@bar.example\"}");
        assertEquals(422, badEmail.status());
        assertEquals(
                "/email", badEmail.json().get("errors").get(0).get("fieldName").asText());
        assertEquals(
                "invalid", badEmail.json().get("errors").get(0).get("errorType").asText());

        SandboxServer.Resp unknown = send("POST", "/contacts", "{\"lastName\":\"U\",\"nickname\":\"x\"}");
        assertEquals(422, unknown.status());
        assertEquals(
                "/nickname",
                unknown.json().get("errors").get(0).get("fieldName").asText());

        SandboxServer.Resp dup = send("POST", "/contacts", "{\"lastName\":\"Dup\",\"email\":\"INFO@shared.example\"}");
        assertEquals(422, dup.status());
        assertEquals(
                "duplicate", dup.json().get("errors").get(0).get("errorType").asText());

        assertEquals(422, send("POST", "/contacts", "[1,2]").status());
        assertEquals(400, send("POST", "/contacts", "{oops").status());
        assertEquals(422, send("POST", "/contacts", "").status());

        int before = s.sandbox.desk().contactCount();
        SandboxServer.Resp ok = send(
                "POST",
                "/contacts",
                "{\"lastName\":\"Nakamura\",\"firstName\":\"Yui\",\"email\":\" yui@new.example \",\"accountId\":\"1892000000975383\"}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("yui@new.example", ok.json().get("email").asText());
        assertEquals(
                ok.json().get("createdTime").asText(),
                ok.json().get("modifiedTime").asText());
        assertFalse(ok.json().get("isTrashed").asBoolean());
        assertTrue(ok.json().get("zohoCRMContact").isNull());
        assertEquals(before + 1, s.sandbox.desk().contactCount());
        SandboxServer.Resp fetched = get("/contacts/" + ok.json().get("id").asText());
        assertEquals("Nakamura", fetched.json().get("lastName").asText());
        SandboxServer.Resp missing = get("/contacts/1892000009999999");
        assertEquals(404, missing.status());
        assertEquals("URL_NOT_FOUND", missing.json().get("errorCode").asText());
        SandboxServer.Resp acc = send("POST", "/accounts", "{\"website\":\"https://x.example\"}");
        assertEquals(422, acc.status());
        assertEquals(
                "/accountName", acc.json().get("errors").get(0).get("fieldName").asText());
    }

    @Test
    void moveToTrashHidesContacts() throws Exception {
        SandboxServer.Resp c = send("POST", "/contacts", "{\"lastName\":\"Trash\",\"email\":\"trash.me@x.example\"}");
        String id = c.json().get("id").asText();
        assertEquals(
                1, s.sandbox.desk().contactsWithEmail("TRASH.me@x.example ").size());
        SandboxServer.Resp r = send("POST", "/contacts/moveToTrash", "{\"contactIds\":[\"" + id + "\"]}");
        assertEquals(204, r.status());
        assertTrue(s.sandbox.desk().contact(id).orElseThrow().get("isTrashed").asBoolean());
        assertEquals(0, s.sandbox.desk().contactsWithEmail("trash.me@x.example").size());
        assertEquals(204, get("/contacts/search?email=trash.me@x.example").status());
        SandboxServer.Resp all = get("/contacts?limit=100");
        all.json().get("data").forEach(d -> assertFalse(d.get("id").asText().equals(id)));
    }
}
