package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.connector.DeskAgents.Agent;
import io.deskbridge.connector.DeskAgents.AgentActivity;
import io.deskbridge.connector.DeskAgents.AgentTicket;
import io.deskbridge.connector.zohodesk.ZohoDeskAgents;
import io.deskbridge.sandbox.AgentDirectory;
import io.deskbridge.sandbox.AgentDirectory.HandOverScenario;
import io.deskbridge.sandbox.DeskSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 16, items 1 and 5: the Desk agents connector against the sandbox's agents over real HTTP. */
class DeskAgentsOverHttpTest {

    final ZohoConnectorsTest sandbox = new ZohoConnectorsTest();
    DeskAgents agents;
    DeskSimulator desk;

    @BeforeEach
    void start() throws Exception {
        sandbox.start();
        ApiCaller caller = new ApiCaller(
                "Zoho Desk",
                sandbox.http,
                sandbox.oauth("1000.test.refresh"),
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(10),
                d -> {});
        agents = new ZohoDeskAgents(
                caller, URI.create(sandbox.server.base + "/sandbox/desk"), "777001", ZohoConnectorsTest.JSON);
        desk = sandbox.server.sandbox.desk();
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.stop();
    }

    @Test
    void agentsComeWithRoleProfilePermissionTypeDepartmentsChatAndTeams() {
        Map<String, Agent> byName = agents.agents().stream().collect(Collectors.toMap(Agent::name, a -> a));

        Agent light = byName.get("Lena Light");
        assertEquals(DeskAgents.ProfileType.LIGHT, light.profileType());
        assertEquals("Light", light.permissionType());
        assertTrue(light.light());
        assertEquals(List.of(AgentDirectory.SUPPORT, AgentDirectory.SALES), light.departmentIds());
        assertEquals(List.of(), light.chatDepartmentIds());

        Agent team = byName.get("Tomo Team");
        assertEquals("AgentTeamPersonal", team.permissionType());
        assertEquals(DeskAgents.ProfileType.STANDARD, team.profileType());
        assertEquals("TeamPersonal", team.roleName());
        assertEquals(List.of(AgentDirectory.SUPPORT_TEAM.id()), team.teamIds());
        assertEquals(List.of(AgentDirectory.SUPPORT), team.chatDepartmentIds());
        assertTrue(team.confirmed());

        Agent custom = byName.get("Dora Lead");
        assertEquals(DeskAgents.Status.DISABLED, custom.status(), "deactivated agents are listed too");
        assertEquals(DeskAgents.ProfileType.CUSTOM, custom.profileType());
        assertEquals("Custom", custom.permissionType());
        assertEquals(DeskAgents.ProfileType.ADMIN, byName.get("Sandbox Agent").profileType());
        assertFalse(byName.get("Sam Sales").light());

        assertEquals(custom, agents.agent(custom.id()).orElseThrow());
        assertTrue(agents.agent("1892000000049999").isEmpty(), "an unknown agent is empty");
    }

    @Test
    void openTicketsAndActivitiesOfAnAgentWith1200TicketsInTwoDepartmentsAreReadWhole() {
        HandOverScenario s = desk.agents().seedHandOverScenario(700, 550, 3);

        List<AgentTicket> open = new ArrayList<>();
        agents.openTickets(s.leaving(), open::addAll);
        Set<String> ids = open.stream().map(AgentTicket::id).collect(Collectors.toSet());
        assertEquals(1250, open.size(), "each open ticket handed over once");
        Set<String> expected = new HashSet<>(s.supportTickets());
        expected.addAll(s.salesTickets());
        assertEquals(expected, ids, "open and on-hold tickets of both departments, no closed one");
        AgentTicket sales = open.stream()
                .filter(t -> t.id().equals(s.salesTickets().get(0)))
                .findFirst()
                .orElseThrow();
        assertEquals(AgentDirectory.SALES, sales.departmentId());
        assertEquals(AgentDirectory.SALES_TEAM.id(), sales.teamId());
        assertEquals("On Hold", sales.statusType());

        List<AgentActivity> activities = new ArrayList<>();
        agents.openActivities(s.leaving(), activities::addAll);
        assertEquals(18, activities.size(), "3 open a module a department; the completed ones are not listed");
        assertEquals(
                Set.copyOf(s.activities().get("calls")),
                activities.stream()
                        .filter(a -> a.kind() == AgentActivity.Kind.CALL)
                        .map(AgentActivity::id)
                        .collect(Collectors.toSet()));

        DeskAgents.OpenWork work = agents.openWork(s.leaving());
        assertEquals(Map.of(AgentDirectory.SUPPORT, 700, AgentDirectory.SALES, 550), work.ticketsByDepartment());
        assertEquals(Map.of(AgentDirectory.SUPPORT, 9, AgentDirectory.SALES, 9), work.activitiesByDepartment());
        assertEquals(1250, work.tickets());
    }

    /** Issue 16 item 2 (list counts): activities are counted 20 owners a list, paged, grouped by owner. */
    @Test
    void openActivitiesOfManyAgentsAreCountedTwentyOwnersAListAndPaged() {
        HandOverScenario s = desk.agents().seedHandOverScenario(1, 0, 60);
        List<String> ids = new ArrayList<>(List.of(s.leaving(), s.targetInBoth()));
        for (int i = 0; i < 23; i++) {
            ids.add("18920000009" + String.format("%05d", i));
        }
        String late = ids.get(24);
        desk.agents().addActivities("events", late, AgentDirectory.SALES, 4, false);
        desk.agents().addActivities("events", late, AgentDirectory.SALES, 2, true);
        desk.agents().addActivities("calls", s.targetSupportOnly(), AgentDirectory.SUPPORT, 5, false);
        sandbox.server.sandbox.requests().clear();

        Map<String, Map<String, Integer>> counts = agents.openActivityCounts(ids);
        List<String> queries = sandbox.server.sandbox.requests().entries().stream()
                .filter(e -> e.path().matches(".*/(tasks|calls|events)"))
                .map(e -> e.query())
                .toList();

        assertEquals(Map.of(AgentDirectory.SUPPORT, 180, AgentDirectory.SALES, 180), counts.get(s.leaving()));
        assertEquals(agents.openWork(s.leaving()).activitiesByDepartment(), counts.get(s.leaving()));
        assertEquals(Map.of(AgentDirectory.SALES, 4), counts.get(late), "the second batch of 20; not the done ones");
        assertEquals(Map.of(), counts.get(s.targetInBoth()));
        assertFalse(counts.containsKey(s.targetSupportOnly()), "an agent not asked for is not counted");
        assertEquals(25, counts.size());

        // 2 batches x 3 kinds, plus two more pages of 100 for each kind of the first batch (120 open each)
        assertEquals(6 + 3 * 1, queries.size(), queries.toString());
        assertTrue(
                queries.stream().allMatch(q -> q.contains("isCompleted=false") && q.contains("limit=100")),
                "" + queries);
    }

    @Test
    void ticketsMoveFiftyACallOnlyToAnAgentOfTheirDepartment() {
        HandOverScenario s = desk.agents().seedHandOverScenario(60, 10, 0);
        List<String> fifty = s.supportTickets().subList(0, DeskAgents.BULK);

        agents.assignTickets(fifty, s.targetSupportOnly());
        fifty.forEach(id -> assertEquals(s.targetSupportOnly(), assignee(id)));

        ApiException outside =
                assertThrows(ApiException.class, () -> agents.assignTickets(s.salesTickets(), s.targetSupportOnly()));
        assertEquals(422, outside.status());
        assertTrue(outside.getMessage().contains("not in the department"), outside.getMessage());
        assertEquals(s.leaving(), assignee(s.salesTickets().get(0)), "all or nothing");

        ApiException light = assertThrows(ApiException.class, () -> agents.assignTickets(s.salesTickets(), s.light()));
        assertTrue(light.getMessage().contains("light agent"), light.getMessage());

        agents.assignTickets(s.salesTickets(), s.targetInBoth());
        assertEquals(s.targetInBoth(), assignee(s.salesTickets().get(9)));
        agents.assignTickets(s.salesTickets().subList(0, 1), null);
        assertNull(assignee(s.salesTickets().get(0)), "null unassigns");

        assertThrows(IllegalArgumentException.class, () -> agents.assignTickets(s.supportTickets(), s.targetInBoth()));

        List<AgentTicket> left = new ArrayList<>();
        agents.openTickets(s.leaving(), left::addAll);
        assertEquals(10, left.size(), "moved tickets leave the agent's list");
    }

    @Test
    void activitiesMoveOneByOneAndRefusalsComeWithTheirReason() {
        HandOverScenario s = desk.agents().seedHandOverScenario(1, 1, 2);
        List<String> tasks = s.activities().get("tasks");

        List<DeskAgents.Refused> refused =
                agents.assignActivities(AgentActivity.Kind.TASK, tasks, s.targetSupportOnly());

        assertEquals(2, refused.size(), "the Sales tasks: " + refused);
        assertTrue(refused.get(0).reason().contains("not in the department"), refused.toString());
        assertEquals(
                s.targetSupportOnly(),
                desk.agents()
                        .activity(tasks.get(0))
                        .orElseThrow()
                        .path("ownerId")
                        .asText());
        assertEquals(
                List.of(), agents.assignActivities(AgentActivity.Kind.TASK, tasks.subList(2, 4), s.targetInBoth()));
    }

    @Test
    void deactivateThenDeleteWithAnonymise() {
        HandOverScenario s = desk.agents().seedHandOverScenario(1, 0, 0);

        agents.deactivate(s.leaving());
        assertEquals("DISABLED", desk.agents().status(s.leaving()));
        assertEquals(
                DeskAgents.Status.DISABLED,
                agents.agent(s.leaving()).orElseThrow().status());
        agents.deactivate(s.leaving());

        agents.delete(s.leaving());
        assertEquals("DELETED", desk.agents().status(s.leaving()));
        agents.anonymise(s.leaving());
        assertEquals("ANONYMIZED", desk.agents().status(s.leaving()));
        assertEquals(
                "Former agent",
                desk.agents().agent(s.leaving()).orElseThrow().path("name").asText());
        assertTrue(agents.agent(s.leaving()).isEmpty(), "a deleted agent is no agent");
        assertTrue(agents.agents().stream().noneMatch(a -> a.id().equals(s.leaving())));
        agents.delete(s.leaving());
        agents.anonymise(s.leaving()); // repeated after a stop: done already, no failure

        agents.delete(s.targetInBoth());
        assertEquals("DELETED", desk.agents().status(s.targetInBoth()));
    }

    private String assignee(String ticketId) {
        return desk.tickets().ticket(ticketId).orElseThrow().path("assigneeId").asText(null);
    }
}
