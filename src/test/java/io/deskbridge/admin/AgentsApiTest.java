package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.DeskAgents;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.sandbox.AgentDirectory;
import io.deskbridge.sandbox.AgentDirectory.HandOverScenario;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, item 2: {@code GET /admin/agents} and {@code GET /admin/agents/{agentId}} over the sandbox Desk. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VIEWER = "viewer-token-0123456789abcdef";

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    HandOverScenario scenario;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", VIEWER);
        app = RunningDeskbridge.start(p);
        scenario = app.sandbox().desk().agents().seedHandOverScenario(120, 30, 2);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theListGivesEachAgentsRolePermissionDepartmentsStatusAndOpenWork() throws Exception {
        HttpResponse<String> r = app.call("GET", "/admin/agents", VIEWER);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode list = JSON.readTree(r.body());
        assertEquals(list.path("items").size(), list.path("count").asInt());
        JsonNode light = byName(list, "Lena Light");
        assertEquals("LIGHT", light.path("profileType").asText());
        assertEquals("Light", light.path("permissionType").asText());
        assertTrue(light.path("light").asBoolean());
        assertEquals("LightAgent", light.path("roleName").asText());
        assertFalse(byName(list, "Una Invited").path("confirmed").asBoolean());
        JsonNode disabled = byName(list, "Dora Lead");
        assertEquals("DISABLED", disabled.path("status").asText());
        assertEquals("Custom", disabled.path("permissionType").asText());

        JsonNode leaving = byName(list, "Leo Leaving");
        assertEquals(150, leaving.path("openTickets").asInt(), "open and on hold; closed ones are not counted");
        assertEquals(12, leaving.path("openActivities").asInt(), "2 open a kind a department; not the done ones");
        JsonNode sales = department(leaving, AgentDirectory.SALES);
        assertEquals(30, sales.path("openTickets").asInt());
        assertEquals(6, sales.path("openActivities").asInt());
        assertTrue(sales.path("member").asBoolean());
        assertTrue(sales.path("chat").asBoolean());
    }

    @Test
    void oneAgentWithChatPerDepartmentTeamsAndCounts() throws Exception {
        JsonNode tomo = byName(app.get("/admin/agents"), "Tomo Team");
        HttpResponse<String> r =
                app.call("GET", "/admin/agents/" + tomo.path("agentId").asText(), VIEWER);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode one = JSON.readTree(r.body());
        assertEquals("AgentTeamPersonal", one.path("permissionType").asText());
        assertEquals("STANDARD", one.path("profileType").asText());
        assertTrue(one.path("confirmed").asBoolean());
        assertEquals(
                AgentDirectory.SUPPORT_TEAM.id(), one.path("teamIds").path(0).asText());
        assertTrue(department(one, AgentDirectory.SUPPORT).path("chat").asBoolean());
        assertEquals(0, one.path("openTickets").asInt());

        JsonNode aiko = app.get("/admin/agents/1892000000042002");
        assertEquals(3, aiko.path("openActivities").asInt(), "the demo's two open tasks and a call; not the done one");

        JsonNode leaving = app.get("/admin/agents/" + scenario.leaving());
        assertEquals(
                120,
                department(leaving, AgentDirectory.SUPPORT).path("openTickets").asInt());
    }

    /**
     * Review finding 6 of issue 16: the list costs a bounded number of Desk calls, not each agent's open work, and
     * counts activities too (3 kinds x ceil(agents / 20) lists, plus one per further 100 activities).
     */
    @Test
    void theListCountsWorkWithAFewDeskCallsAndTheCountsEqualEachAgentsOwnView() throws Exception {
        int before = app.sandbox().requests().entries().size();
        JsonNode list = JSON.readTree(app.call("GET", "/admin/agents", VIEWER).body());
        List<RequestLog.Entry> calls = app.sandbox().requests().entries().stream()
                .skip(before)
                .filter(e -> e.system().equals("desk"))
                .toList();

        int agents = list.path("count").asInt();
        long departments = calls.stream()
                .filter(e -> e.path().endsWith("/agentsTicketsCount"))
                .count();
        assertTrue(departments >= 2, "one count call per department and 50 agents: " + departments);
        assertTrue(
                calls.stream().noneMatch(e -> e.path().endsWith("/tickets")),
                "no ticket list read: "
                        + calls.stream().map(RequestLog.Entry::path).toList());
        List<RequestLog.Entry> activityLists = calls.stream()
                .filter(e -> e.path().matches(".*/(tasks|calls|events)"))
                .toList();
        assertTrue(
                activityLists.stream().allMatch(e -> e.query().contains("isCompleted=false")),
                "open activities only: "
                        + activityLists.stream().map(RequestLog.Entry::query).toList());

        int totalActivities = 0;
        for (JsonNode a : list.path("items")) {
            JsonNode one = app.get("/admin/agents/" + a.path("agentId").asText());
            totalActivities += one.path("openActivities").asInt();
            for (String count : List.of("openTickets", "openActivities")) {
                assertEquals(
                        one.path(count).asInt(),
                        a.path(count).asInt(-1),
                        a.path("name").asText() + " " + count);
                for (JsonNode d : one.path("departments")) {
                    if (d.path(count).asInt() == 0) {
                        continue;
                    }
                    String id = d.path("departmentId").asText();
                    assertEquals(
                            d.path(count).asInt(),
                            department(a, id).path(count).asInt(-1),
                            a.path("name").asText() + " " + count + " in " + id);
                }
            }
        }
        // 3 kinds x ceil(agents / 20) lists; a further page only per 100 open activities of one kind and batch
        long activityBound = 3L * ((agents + 19) / 20) + totalActivities / 100;
        assertTrue(
                activityLists.size() <= activityBound,
                activityLists.size() + " activity lists for " + agents + " agents, bound " + activityBound);
        // two agent lists (active, deactivated), each agent's teams, the departments, the counts, the activity lists
        assertTrue(
                calls.size() <= 2 + agents + 1 + departments + activityBound,
                calls.size() + " Desk calls for " + agents + " agents: "
                        + calls.stream().map(RequestLog.Entry::path).toList());
    }

    @Test
    void anUnknownOrDeletedAgentIs404InTheOneErrorShape() throws Exception {
        HttpResponse<String> r = app.call("GET", "/admin/agents/1892000000049999", RunningDeskbridge.TOKEN);
        assertEquals(404, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body());
        assertEquals(404, error.path("status").asInt());
        assertTrue(error.path("message").asText().contains("1892000000049999"), r.body());

        String gone = app.sandbox()
                .desk()
                .agents()
                .add(AgentDirectory.NewAgent.active("Gail", "Gone", "AgentPublic", AgentDirectory.SUPPORT));
        app.sandbox().desk().agents().setStatus(gone, "DELETED");
        assertEquals(404, app.call("GET", "/admin/agents/" + gone, VIEWER).statusCode());
        assertFalse(app.get("/admin/agents").path("items").toString().contains(gone), "deleted agents are not listed");
        assertEquals(401, app.call("GET", "/admin/agents", null).statusCode());
    }

    @Test
    void theAgentsConnectorSharesTheDesksCallerSoItsGateRetriesAndBudget() {
        DeskAgents agents = app.context().getRegistry().lookupByNameAndType("deskAgents", DeskAgents.class);
        TicketDesk tickets = app.context().getRegistry().lookupByNameAndType("ticketDesk", TicketDesk.class);
        assertSame(tickets.caller(), agents.caller());
        assertEquals("Zoho Desk", agents.system());
    }

    private static JsonNode byName(JsonNode list, String name) {
        for (JsonNode a : list.path("items")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no agent " + name + " in " + list);
    }

    private static JsonNode department(JsonNode agent, String id) {
        for (JsonNode d : agent.path("departments")) {
            if (d.path("departmentId").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no department " + id + " in " + agent);
    }
}
