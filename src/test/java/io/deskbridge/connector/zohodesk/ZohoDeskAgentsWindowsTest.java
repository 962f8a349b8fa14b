package io.deskbridge.connector.zohodesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.DeskAgents.AgentTicket;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.zoho.ZohoOAuth;
import io.deskbridge.sandbox.AgentDirectory;
import io.deskbridge.sandbox.AgentDirectory.HandOverScenario;
import io.deskbridge.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 2 of issue 16: an agent's open tickets are all read past the Desk's {@code from} bound, without
 * moving any, or the read fails naming the department; here with a bound of 199 instead of 4,999.
 */
class ZohoDeskAgentsWindowsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    SandboxServer server;
    ZohoDeskAgents agents;

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(SandboxServer.settings(null, false));
        HttpClient http = ApiCaller.newHttpClient(Duration.ofSeconds(5));
        ApiCaller tokens =
                new ApiCaller("OAuth", http, ApiCaller.Auth.NONE, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {});
        ZohoOAuth oauth = new ZohoOAuth(
                "Zoho Desk",
                tokens,
                URI.create(server.base + "/sandbox/accounts"),
                "1000.TESTCLIENT",
                "test-secret",
                "1000.test.refresh",
                Clock.systemUTC(),
                JSON);
        ApiCaller caller =
                new ApiCaller("Zoho Desk", http, oauth, RetryPolicy.DEFAULT, Duration.ofSeconds(10), d -> {});
        agents = new ZohoDeskAgents(caller, URI.create(server.base + "/sandbox/desk"), "777001", JSON, 199);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void everyOpenTicketIsReadOncePastTheFromBoundByDepartmentStatusAndBothEnds() {
        HandOverScenario s = server.sandbox.desk().agents().seedHandOverScenario(350, 150, 0);

        List<AgentTicket> open = new ArrayList<>();
        agents.openTickets(s.leaving(), open::addAll);

        Set<String> expected = new HashSet<>(s.supportTickets());
        expected.addAll(s.salesTickets());
        Set<String> read = new HashSet<>();
        open.forEach(t -> assertTrue(read.add(t.id()), "ticket " + t.id() + " read twice"));
        assertEquals(expected, read, "350 Support tickets past a bound of 199 and the 150 of Sales, none closed");
        assertTrue(
                server.sandbox.requests().entries().stream()
                        .filter(e -> e.path().endsWith("/tickets") && e.query() != null)
                        .allMatch(e -> e.status() == 200 || e.status() == 204),
                "no list read past the bound");
    }

    @Test
    void aWindowLongerThanBothEndsReachFailsNamingTheDepartmentInsteadOfReadingShort() {
        HandOverScenario s = server.sandbox.desk().agents().seedHandOverScenario(450, 10, 0);

        RecordRefused tooLong = assertThrows(RecordRefused.class, () -> agents.openTickets(s.leaving(), page -> {}));

        assertEquals(422, tooLong.status());
        assertTrue(tooLong.getMessage().contains(AgentDirectory.SUPPORT), tooLong.getMessage());
        assertTrue(tooLong.getMessage().contains("'Open'"), tooLong.getMessage());
    }
}
