package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OAuth endpoint and the CRM read API over real HTTP. */
class CrmReadApiTest {

    static SandboxServer s;
    static final String CONTACTS = "/sandbox/zoho/crm/v8/Contacts";

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true));
        s.sandbox.crm().generateContacts(2500, "walk");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void tokenGrantSucceedsWithFormBodyAndQueryString() throws Exception {
        int before = s.sandbox.oauth().tokensIssued();
        SandboxServer.Resp r = s.send(
                "POST",
                "/sandbox/accounts/oauth/v2/token",
                null,
                "grant_type=refresh_token&client_id=1000.TESTCLIENT&client_secret=test-secret"
                        + "&refresh_token=1000.test.refresh",
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals(200, r.status());
        assertTrue(r.json().get("access_token").asText().matches("1000\\.[0-9a-f]{64}"), r.body());
        assertEquals(s.base + "/sandbox/zoho", r.json().get("api_domain").asText());
        assertEquals("Bearer", r.json().get("token_type").asText());
        assertEquals(3600, r.json().get("expires_in").asInt());
        assertNull(r.raw().headers().firstValue("Authorization").orElse(null));

        SandboxServer.Resp q = s.send(
                "POST",
                "/sandbox/accounts/oauth/v2/token?grant_type=refresh_token"
                        + "&client_id=1000.TESTCLIENT&client_secret=test-secret&refresh_token=1000.test.refresh",
                null,
                null);
        assertEquals(200, q.status());
        assertNotEquals(
                r.json().get("access_token").asText(),
                q.json().get("access_token").asText());
        assertEquals(before + 2, s.sandbox.oauth().tokensIssued());
    }

    @Test
    void oauthErrorsComeBackAsHttp200() throws Exception {
        String path = "/sandbox/accounts/oauth/v2/token?";
        SandboxServer.Resp badClient = s.send(
                "POST",
                path + "grant_type=refresh_token&client_id=nope"
                        + "&client_secret=test-secret&refresh_token=1000.test.refresh",
                null,
                null);
        assertEquals(200, badClient.status());
        assertEquals("invalid_client", badClient.json().get("error").asText());
        assertNull(badClient.json().get("access_token"));

        SandboxServer.Resp badSecret = s.send(
                "POST",
                path + "grant_type=refresh_token&client_id=1000.TESTCLIENT"
                        + "&client_secret=wrong&refresh_token=1000.test.refresh",
                null,
                null);
        assertEquals(200, badSecret.status());
        assertEquals("invalid_client", badSecret.json().get("error").asText());

        SandboxServer.Resp badCode = s.send(
                "POST",
                path + "grant_type=refresh_token&client_id=1000.TESTCLIENT"
                        + "&client_secret=test-secret&refresh_token=1000.revoked",
                null,
                null);
        assertEquals(200, badCode.status());
        assertEquals("invalid_code", badCode.json().get("error").asText());

        SandboxServer.Resp badGrant = s.send(
                "POST",
                path + "grant_type=authorization_code&client_id=1000.TESTCLIENT" + "&client_secret=test-secret&code=x",
                null,
                null);
        assertEquals(200, badGrant.status());
        assertEquals("unsupported_grant_type", badGrant.json().get("error").asText());
    }

    @Test
    void missingUnknownExpiredAndRevokedTokensGet401() throws Exception {
        String q = CONTACTS + "?fields=Email";
        SandboxServer.Resp none = s.get(q, null);
        assertEquals(401, none.status());
        assertEquals("INVALID_TOKEN", none.json().get("code").asText());
        assertEquals("invalid oauth token", none.json().get("message").asText());
        assertEquals("error", none.json().get("status").asText());
        assertTrue(none.json().get("details").isObject());

        assertEquals(401, s.get(q, "1000.deadbeef").status());

        s.sandbox.oauth().setTokenTtl(Duration.ofMillis(300));
        String shortLived = s.token();
        s.sandbox.oauth().setTokenTtl(Duration.ofHours(1));
        assertEquals(200, s.get(q, shortLived).status());
        Thread.sleep(450);
        assertEquals(401, s.get(q, shortLived).status());

        String t = s.token();
        assertEquals(200, s.get(q, t).status());
        assertEquals(
                200,
                s.get("/sandbox/desk/api/v1/contacts", t, "orgId", "777001").status());
        s.sandbox.oauth().revokeAll();
        assertEquals(401, s.get(q, t).status());
        SandboxServer.Resp desk = s.get("/sandbox/desk/api/v1/contacts", t, "orgId", "777001");
        assertEquals(401, desk.status());
        assertEquals("INVALID_OAUTH", desk.json().get("errorCode").asText());
    }

    @Test
    void fieldsParamIsMandatoryAndLimited() throws Exception {
        String t = s.token();
        SandboxServer.Resp r = s.get(CONTACTS, t);
        assertEquals(400, r.status());
        assertEquals("REQUIRED_PARAM_MISSING", r.json().get("code").asText());
        assertEquals("fields", r.json().get("details").get("param_name").asText());
        assertEquals("required param is missing", r.json().get("message").asText());

        StringBuilder many = new StringBuilder("Email");
        for (int i = 0; i < 50; i++) {
            many.append(",F").append(i);
        }
        assertEquals(
                "LIMIT_EXCEEDED",
                s.get(CONTACTS + "?fields=" + many, t).json().get("code").asText());
        // Leads is served since issue 13 (a sales signal may go to a lead): another module stands for an unknown one.
        SandboxServer.Resp mod = s.get("/sandbox/zoho/crm/v8/Campaigns?fields=Email", t);
        assertEquals(400, mod.status());
        assertEquals("INVALID_MODULE", mod.json().get("code").asText());
    }

    @Test
    void perPageAndDiscretePaginationLimits() throws Exception {
        String t = s.token();
        SandboxServer.Resp big = s.get(CONTACTS + "?fields=Email&per_page=201", t);
        assertEquals(400, big.status());
        assertEquals("INVALID_DATA", big.json().get("code").asText());
        assertEquals("per_page", big.json().get("details").get("param_name").asText());

        SandboxServer.Resp p10 = s.get(CONTACTS + "?fields=Email&per_page=200&page=10", t);
        assertEquals(200, p10.status());
        assertEquals(200, p10.json().get("info").get("count").asInt());
        assertEquals(10, p10.json().get("info").get("page").asInt());

        SandboxServer.Resp p11 = s.get(CONTACTS + "?fields=Email&per_page=200&page=11", t);
        assertEquals(400, p11.status());
        assertEquals(
                "DISCRETE_PAGINATION_LIMIT_EXCEEDED", p11.json().get("code").asText());
        assertEquals("error", p11.json().get("status").asText());
    }

    @Test
    void pageTokenWalkReturnsEachRecordExactlyOnceDespiteConcurrentEdits() throws Exception {
        String t = s.token();
        int total = s.sandbox.crm().count("Contacts");
        assertEquals(2514, total);
        List<String> seen = new ArrayList<>();
        String url = CONTACTS + "?fields=Email,Modified_Time&per_page=200&sort_by=Modified_Time&sort_order=asc";
        SandboxServer.Resp r = s.get(url, t);
        assertEquals(200, r.status());
        JsonNode info = r.json().get("info");
        assertEquals("Modified_Time", info.get("sort_by").asText());
        assertEquals("asc", info.get("sort_order").asText());
        assertTrue(info.get("previous_page_token").isNull());
        r.json().get("data").forEach(d -> seen.add(d.get("id").asText()));
        // Move an already served record and a not yet served one to "now": neither may repeat or vanish.
        s.sandbox.crm().update("Contacts", seen.get(0), (ObjectNode)
                SandboxServer.MAPPER.readTree("{\"Phone\":\"+81 3 0000 0000\"}"));
        String notYet = s.sandbox.crm().list("Contacts").get(1000).get("id").asText();
        s.sandbox.crm().update("Contacts", notYet, (ObjectNode)
                SandboxServer.MAPPER.readTree("{\"Phone\":\"+81 3 1111 1111\"}"));
        int pages = 1;
        while (info.get("more_records").asBoolean()) {
            String token = info.get("next_page_token").asText();
            assertFalse(token.isBlank());
            assertTrue(info.get("page_token_expiry").isTextual());
            r = s.get(CONTACTS + "?fields=Email,Modified_Time&per_page=200&page_token=" + token, t);
            assertEquals(200, r.status(), r.body());
            r.json().get("data").forEach(d -> seen.add(d.get("id").asText()));
            info = r.json().get("info");
            pages++;
        }
        assertTrue(info.get("next_page_token").isNull());
        assertEquals(13, pages);
        assertEquals(total, seen.size());
        Set<String> unique = new HashSet<>(seen);
        assertEquals(total, unique.size(), "a record was served twice");
        assertTrue(unique.contains(notYet));

        SandboxServer.Resp both = s.get(CONTACTS + "?fields=Email&page=2&page_token=abc", t);
        assertEquals(400, both.status());
        SandboxServer.Resp unknown = s.get(CONTACTS + "?fields=Email&page_token=abc", t);
        assertEquals(400, unknown.status());
        assertEquals("INVALID_DATA", unknown.json().get("code").asText());
    }

    @Test
    void ifModifiedSinceFiltersInclusivelyAnd304WhenNothingNewer() throws Exception {
        String t = s.token();
        SandboxServer.Resp none =
                s.get(CONTACTS + "?fields=Email", t, "If-Modified-Since", "2030-01-01T00:00:00+09:00");
        assertEquals(304, none.status());
        assertTrue(none.body().isEmpty());

        // Seed contact 10 (Mary Major) was modified 2026-01-12T10:00:00Z: inclusive, offsets honoured.
        SandboxServer.Resp since = s.get(
                CONTACTS + "?fields=Email,Modified_Time&sort_by=Modified_Time" + "&sort_order=asc&per_page=5",
                t,
                "If-Modified-Since",
                "2026-01-12T19:00:00+09:00");
        assertEquals(200, since.status());
        JsonNode first = since.json().get("data").get(0);
        assertEquals("5725767000000412010", first.get("id").asText());
        assertEquals("2026-01-12T10:00:00+00:00", first.get("Modified_Time").asText());
        SandboxServer.Resp z = s.get(
                CONTACTS + "?fields=Email&sort_by=Modified_Time&sort_order=asc&per_page=1",
                t,
                "If-Modified-Since",
                "2026-01-12T10:00:01Z");
        assertEquals(
                "5725767000000412011", z.json().get("data").get(0).get("id").asText());
    }

    @Test
    void emptyResultWithoutHeaderIs204() throws Exception {
        String t = s.token();
        SandboxServer.Resp r = s.get("/sandbox/zoho/crm/v8/Accounts?fields=Account_Name&page=2&per_page=200", t);
        assertEquals(204, r.status());
        assertTrue(r.body().isEmpty());
        SandboxServer.Resp accounts = s.get("/sandbox/zoho/crm/v8/Accounts?fields=Account_Name", t);
        assertEquals(3, accounts.json().get("data").size());
        assertFalse(accounts.json().get("info").get("more_records").asBoolean());
        assertTrue(accounts.json().get("info").get("next_page_token").isNull());
    }

    @Test
    void recordsCarryOnlyRequestedFieldsInWireShape() throws Exception {
        String t = s.token();
        String fields = URLEncoder.encode(
                "First_Name,Last_Name,Full_Name,Email,Secondary_Email,Mobile,"
                        + "Account_Name,Owner,Created_Time,Modified_Time",
                StandardCharsets.UTF_8);
        SandboxServer.Resp r = s.get(CONTACTS + "?fields=" + fields + "&sort_order=asc&per_page=14", t);
        JsonNode ken = null;
        for (JsonNode d : r.json().get("data")) {
            if (d.get("id").asText().equals("5725767000000412004")) {
                ken = d;
            }
        }
        assertNotNull(ken);
        assertEquals(11, ken.size());
        assertEquals("Ken Tanaka", ken.get("Full_Name").asText());
        assertEquals("ken@oldmail.example", ken.get("Secondary_Email").asText());
        assertTrue(ken.has("Mobile") && ken.get("Mobile").isNull());
        assertFalse(ken.has("Phone"));
        assertEquals("NewCorp Ltd", ken.get("Account_Name").get("name").asText());
        assertEquals("5725767000000413003", ken.get("Account_Name").get("id").asText());
        assertEquals("admin@sandbox.example", ken.get("Owner").get("email").asText());
        assertTrue(
                ken.get("Created_Time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d"));
        assertEquals("2026-01-05T04:00:00+00:00", ken.get("Created_Time").asText());
        JsonNode first = r.json().get("data").get(0);
        assertEquals("Taro.Yamada@Example.JP", first.get("Email").asText());
        assertEquals("id", r.json().get("info").get("sort_by").asText());
    }
}
