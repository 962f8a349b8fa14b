package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zoho.ZohoOAuth;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.SandboxServer;
import io.deskbridge.sandbox.SimulatedCrm;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Zoho connectors over real HTTP against the sandbox, which enforces the vendors' wire rules. */
class ZohoConnectorsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    SandboxServer server;
    HttpClient http = ApiCaller.newHttpClient(Duration.ofSeconds(5));

    @BeforeEach
    void start() throws Exception {
        start(CrmProduct.ZOHO_CRM);
    }

    /** The sandbox serving {@code product} as its CRM (issue 15). */
    void start(CrmProduct product) throws Exception {
        server = SandboxServer.start(
                SandboxServer.settings(null, false).withCrmProduct(SimulatedCrm.valueOf(product.name())));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    ZohoOAuth oauth(String refreshToken) {
        ApiCaller tokenCaller =
                new ApiCaller("OAuth", http, ApiCaller.Auth.NONE, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {});
        return new ZohoOAuth(
                "Zoho CRM",
                tokenCaller,
                URI.create(server.base + "/sandbox/accounts"),
                "1000.TESTCLIENT",
                "test-secret",
                refreshToken,
                Clock.systemUTC(),
                JSON);
    }

    ZohoCrmClient crm(ZohoOAuth oauth) {
        return new ZohoCrmClient(
                new ApiCaller("Zoho CRM", http, oauth, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {}),
                URI.create(server.base + "/sandbox/zoho"),
                JSON);
    }

    /** The same client speaking to Bigin ({@code /bigin/v2}), named as it is in messages. */
    ZohoCrmClient bigin(ZohoOAuth oauth) {
        return new ZohoCrmClient(
                new ApiCaller("Bigin", http, oauth, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {}),
                URI.create(server.base + "/sandbox/zoho"),
                JSON,
                CrmProductApi.BIGIN);
    }

    ZohoDeskClient desk(ZohoOAuth oauth, String org) {
        return new ZohoDeskClient(
                new ApiCaller("Zoho Desk", http, oauth, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {}),
                URI.create(server.base + "/sandbox/desk"),
                org,
                JSON);
    }

    List<RequestLog.Entry> requests(String system) {
        return server.sandbox.requests().entries().stream()
                .filter(e -> e.system().equals(system))
                .toList();
    }

    @Test
    void readsPastTwoThousandRecordsWithPageTokens() {
        server.sandbox.crm().generateContacts(2_500, "paging");
        Set<String> ids = new HashSet<>();
        int[] pages = {0};
        ReadSummary s = crm(oauth("1000.test.refresh"))
                .readChanges("Contacts", List.of("Email", "Last_Name", "Modified_Time"), null, page -> {
                    pages[0]++;
                    page.records().forEach(r -> assertTrue(ids.add(r.path("id").asText()), "read twice: " + r));
                });
        assertEquals(2_500, ids.size());
        assertEquals(13, s.calls());
        assertEquals(13, pages[0]);
        List<RequestLog.Entry> reads = requests("crm");
        assertEquals(13, reads.size());
        assertTrue(reads.stream().skip(1).allMatch(e -> e.query().contains("page_token=")), reads.toString());
        assertTrue(reads.stream().allMatch(e -> e.query().contains("per_page=200") && e.status() == 200));
    }

    @Test
    void nothingModifiedIs304AndAnEmptyModuleIs204() {
        ZohoCrmClient crm = crm(oauth("1000.test.refresh"));
        ReadSummary empty = crm.readChanges("Contacts", List.of("Email"), null, p -> {
            throw new AssertionError("no page");
        });
        assertTrue(empty.nothingChanged());
        server.sandbox.crm().generateContacts(3, "few");
        ReadSummary notModified =
                crm.readChanges("Contacts", List.of("Email"), Instant.now().plusSeconds(3600), p -> {
                    throw new AssertionError("no page");
                });
        assertTrue(notModified.nothingChanged());
        assertEquals(
                List.of(204, 304),
                requests("crm").stream().map(RequestLog.Entry::status).toList());
    }

    @Test
    void aRevokedTokenIsRefreshedOnceAndTheCallRepeated() {
        server.sandbox.crm().generateContacts(3, "auth");
        ZohoOAuth oauth = oauth("1000.test.refresh");
        ZohoCrmClient crm = crm(oauth);
        crm.readChanges("Contacts", List.of("Email"), null, p -> {});
        assertEquals(1, oauth.refreshes());
        server.sandbox.oauth().revokeAll();
        int[] records = {0};
        crm.readChanges(
                "Contacts",
                List.of("Email"),
                null,
                p -> records[0] += p.records().size());
        assertEquals(3, records[0]);
        assertEquals(2, oauth.refreshes(), "exactly one refresh after the 401");
        assertEquals(
                List.of(200, 401, 200),
                requests("crm").stream().map(RequestLog.Entry::status).toList());
    }

    @Test
    void aRefusedRefreshTokenIsAClearErrorEvenThoughZohoAnswers200() {
        ApiException e = assertThrows(
                ApiException.class,
                () -> crm(oauth("1000.wrong")).readChanges("Contacts", List.of("Email"), null, p -> {}));
        assertEquals("OAUTH", e.code());
        assertTrue(e.getMessage().contains("invalid_code"), e.getMessage());
        assertInstanceOf(io.deskbridge.connector.CredentialsRefused.class, e);
        assertEquals(
                List.of(200),
                requests("oauth").stream().map(RequestLog.Entry::status).toList(),
                "asked once");
        assertTrue(requests("crm").isEmpty());
    }

    @Test
    void crmWritesGoInBatchesOfAHundred() {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            records.add(
                    JSON.createObjectNode().put("Last_Name", "Batch " + i).put("Email", "batch" + i + "@example.com"));
        }
        records.get(120).remove("Last_Name");
        List<WriteResult> results = crm(oauth("1000.test.refresh")).create("Contacts", records);
        assertEquals(250, results.size());
        assertEquals(249, results.stream().filter(WriteResult::success).count());
        assertFalse(results.get(120).success());
        assertEquals("MANDATORY_NOT_FOUND", results.get(120).code());
        assertEquals(3, requests("crm").size());
        assertEquals(
                List.of(201, 207, 201),
                requests("crm").stream().map(RequestLog.Entry::status).toList());
        assertEquals(249, server.sandbox.crm().count("Contacts"));
    }

    @Test
    void deskChangesAreReadBySearchingTheModifiedTimeRange() {
        for (int i = 0; i < 250; i++) {
            server.sandbox
                    .desk()
                    .createContact(JSON.createObjectNode()
                            .put("lastName", "Desk " + i)
                            .put("email", "d" + i + "@example.com"));
        }
        ZohoDeskClient desk = desk(oauth("1000.test.refresh"), "777001");
        Set<String> ids = new HashSet<>();
        ReadSummary all = desk.readChanges(
                "contacts",
                List.of(),
                null,
                p -> p.records().forEach(r -> {
                    assertTrue(r.hasNonNull("modifiedTime"), "search results carry modifiedTime");
                    ids.add(r.path("id").asText());
                }));
        assertEquals(250, ids.size());
        assertEquals(3, all.calls());
        Instant since = Instant.now();
        WriteResult changed = desk.update(
                        "contacts",
                        List.of(JSON.createObjectNode()
                                .put("id", ids.iterator().next())
                                .put("phone", "123")))
                .get(0);
        List<String> seen = new ArrayList<>();
        desk.readChanges(
                "contacts",
                List.of(),
                since.minusMillis(1),
                p -> p.records().forEach(r -> seen.add(r.path("id").asText())));
        assertEquals(List.of(changed.id()), seen);
        assertTrue(
                requests("desk").stream().allMatch(e -> e.status() == 200),
                requests("desk").toString());
    }

    @Test
    void theDeskNamesTheFieldItRefuses() {
        ZohoDeskClient desk = desk(oauth("1000.test.refresh"), "777001");
        WriteResult refused = desk.create(
                        "contacts",
                        List.of(JSON.createObjectNode()
                                .put("firstName", "NoLast")
                                .put("email", "x@example.com")))
                .get(0);
        assertFalse(refused.success());
        assertEquals("INVALID_DATA", refused.code());
        assertTrue(refused.message().contains("422") && refused.message().contains("/lastName"), refused.message());
    }

    @Test
    void aWrongOrgIsRefused() {
        ApiException e = assertThrows(
                ApiException.class,
                () -> desk(oauth("1000.test.refresh"), "999").readChanges("contacts", List.of(), null, p -> {}));
        assertEquals(403, e.status());
        assertEquals("OAUTH_ORG_MISMATCH", e.code());
    }
}
