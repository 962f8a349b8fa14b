package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.zoho.ZohoOAuth;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 16: one page_token walk of the CRM reaches a limited number of records (100,000 at Zoho, 400 in
 * this sandbox); the read goes on past it from the last Modified_Time it reached, or says why it cannot.
 */
class CrmPageTokenLimitTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LIMIT = 400;
    static final List<String> FIELDS = List.of("Email", "Last_Name");
    SandboxServer server;
    final HttpClient http = ApiCaller.newHttpClient(Duration.ofSeconds(5));

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(SandboxServer.settings(null, false));
        server.sandbox.crm().setPageTokenLimit(LIMIT);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    ZohoCrmClient crm() {
        ApiCaller tokens =
                new ApiCaller("OAuth", http, ApiCaller.Auth.NONE, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {});
        ZohoOAuth oauth = new ZohoOAuth(
                "Zoho CRM",
                tokens,
                URI.create(server.base + "/sandbox/accounts"),
                "1000.TESTCLIENT",
                "test-secret",
                "1000.test.refresh",
                Clock.systemUTC(),
                JSON);
        return new ZohoCrmClient(
                new ApiCaller("Zoho CRM", http, oauth, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {}),
                URI.create(server.base + "/sandbox/zoho"),
                JSON);
    }

    long walksEnded() {
        return server.sandbox.requests().entries().stream()
                .filter(e -> e.system().equals("crm") && e.status() == 400)
                .count();
    }

    @Test
    void everyRecordIsReadPastTheLimitOfOneWalk() {
        server.sandbox.crm().generateContacts(2_500, "walk");
        Set<String> ids = new HashSet<>();
        ReadSummary s = crm().readChanges(
                        "Contacts",
                        FIELDS,
                        null,
                        page -> page.records().forEach(r -> {
                            ids.add(r.path("id").asText());
                            assertTrue(r.hasNonNull("Modified_Time"), "read for the re-anchoring: " + r);
                        }));
        assertEquals(2_500, ids.size());
        assertTrue(walksEnded() >= 5, "the walks ended at the limit: " + walksEnded());
        // Each walk after the first reads its anchor second (100 records) again: one page of 200 more at most.
        assertTrue(s.calls() <= 2_500 / 200 + 2 * walksEnded() + 1, s.toString());
    }

    @Test
    void aRecordChangedDuringTheReadDoesNotMoveTheAnchorPastUnreadRecords() {
        server.sandbox.crm().generateContacts(2_500, "moved");
        // The last record of the first walk: changed while the walk runs, it is served there with a newer time.
        String last = server.sandbox.crm().list("Contacts").stream()
                .filter(c -> c.path("Email").asText().equals("moved400@bulk.example"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asText();
        Set<String> ids = new HashSet<>();
        boolean[] changed = {false};
        crm().readChanges("Contacts", FIELDS, null, page -> {
            page.records().forEach(r -> ids.add(r.path("id").asText()));
            if (!changed[0]) {
                changed[0] = true;
                sleepPastTheSecond();
                server.sandbox
                        .crm()
                        .update("Contacts", last, JSON.createObjectNode().put("Phone", "+81 3 0000 0400"));
            }
        });
        assertEquals(2_500, ids.size());
    }

    @Test
    void moreRecordsInOneSecondThanAWalkReachesStopTheReadAndSaySo() {
        server.sandbox.crm().generateContacts(300, "before");
        server.sandbox.crm().generateContacts(1_000, "same", 1_000);
        sleepPastTheSecond();
        ApiException e =
                assertThrows(ApiException.class, () -> crm().readChanges("Contacts", FIELDS, null, page -> {}));
        assertEquals("PAGING_STUCK", e.code());
        assertTrue(e.getMessage().contains("share the Modified_Time"), e.getMessage());
        assertTrue(e.getMessage().contains("PAGINATION_LIMIT_EXCEEDED"), e.getMessage());
    }

    static void sleepPastTheSecond() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
