package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, item 5: the sandbox's Desk agents, activities and their bulk writes over real HTTP, with the Desk's limits. */
class DeskAgentsApiTest {

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

    /** Review finding 6 of issue 16: the Desk's per-agent ticket counts, which the agent list uses. */
    @Test
    void agentsTicketsCountGivesOpenAndOnHoldPerAgentAndDepartmentForAtMostFiftyAgents() throws Exception {
        AgentDirectory.HandOverScenario h = s.sandbox.desk().agents().seedHandOverScenario(7, 4, 0);

        SandboxServer.Resp support = get("/agentsTicketsCount?agentIds=" + h.leaving() + "," + h.targetInBoth()
                + "&departmentId=" + AgentDirectory.SUPPORT);
        assertEquals(200, support.status(), support.body());
        JsonNode leaving = support.json().path("data").path(0);
        assertEquals(h.leaving(), leaving.path("agentId").asText());
        assertEquals(7, leaving.path("openCount").asInt(), "the closed ones are not counted");
        assertEquals(0, leaving.path("onholdCount").asInt());
        assertEquals(0, support.json().path("data").path(1).path("openCount").asInt());
        JsonNode sales = get("/agentsTicketsCount?agentIds=" + h.leaving() + "&departmentId=" + AgentDirectory.SALES)
                .json()
                .path("data")
                .path(0);
        assertEquals(4, sales.path("onholdCount").asInt());

        String fiftyOne = java.util.stream.IntStream.range(0, 51)
                .mapToObj(i -> Long.toString(1892000000090000L + i))
                .collect(Collectors.joining(","));
        assertEquals(
                422,
                get("/agentsTicketsCount?agentIds=" + fiftyOne + "&departmentId=" + AgentDirectory.SUPPORT)
                        .status());
        assertEquals(422, get("/agentsTicketsCount?agentIds=" + h.leaving()).status(), "departmentId is required");
    }

    @Test
    void theAgentListFiltersIncludesAndKeepsTheDesksLimits() throws Exception {
        SandboxServer.Resp all = get("/agents?include=profile,role&limit=200");
        assertEquals(200, all.status(), all.body());
        List<String> types = new ArrayList<>();
        all.json()
                .path("data")
                .forEach(a -> types.add(a.path("rolePermissionType").asText()));
        assertTrue(
                types.containsAll(List.of("Admin", "AgentPublic", "AgentPersonal", "AgentTeamPersonal", "Light")),
                types.toString());
        JsonNode light = find(all.json(), "Lena Light");
        assertEquals("LIGHT", light.path("profile").path("type").asText());
        assertTrue(light.path("profile").path("lightAgentProfile").asBoolean());
        assertEquals("LightAgent", light.path("role").path("name").asText());
        assertFalse(light.has("_teamIds"), "simulator fields stay inside");

        assertEquals(1, get("/agents?status=DISABLED").json().path("data").size(), "Dora Lead");
        assertEquals(
                "Custom",
                get("/agents?status=DISABLED")
                        .json()
                        .path("data")
                        .path(0)
                        .path("rolePermissionType")
                        .asText());
        assertTrue(get("/agents?isLightAgent=true").json().path("data").size() >= 1);
        get("/agents?rolePermissionType=%24%7BNON_LIGHT%7D&limit=200")
                .json()
                .path("data")
                .forEach(a ->
                        assertFalse("Light".equals(a.path("rolePermissionType").asText()), a.toString()));
        JsonNode first = get("/agents?limit=2&from=0").json().path("data");
        JsonNode next = get("/agents?limit=2&from=2").json().path("data");
        assertEquals(2, first.size());
        assertFalse(first.toString().contains(next.path(0).path("id").asText()), "from counts from 0");

        JsonNode invited = get("/agents?isConfirmed=false").json().path("data");
        assertEquals(1, invited.size(), invited.toString());
        assertEquals("ACTIVE", invited.path(0).path("status").asText(), "unconfirmed agents are active");
        assertTrue(invited.path(0).path("zuid").isNull());
        assertEquals(422, get("/agents?limit=201").status(), "limit is at most 200");
        assertEquals(422, get("/agents?from=5000").status(), "from is at most 4999");
        assertEquals(422, get("/agents?include=teams").status());
        assertEquals(422, get("/agents?status=NOT_CONFIRMED").status(), "unconfirmed is isConfirmed=false, no status");
        assertEquals(422, get("/agents?colour=red").status());
        assertEquals(404, get("/agents/1892000000049999").status());
    }

    @Test
    void activitiesListAndMoveWithinTheDesksLimits() throws Exception {
        AgentDirectory.HandOverScenario sc = s.sandbox.desk().agents().seedHandOverScenario(2, 2, 2);
        SandboxServer.Resp tasks = get("/tasks?assignee=" + sc.leaving() + "&isCompleted=false&limit=100");
        assertEquals(200, tasks.status(), tasks.body());
        assertEquals(4, tasks.json().path("data").size(), "2 open a department; the completed one is not listed");
        assertEquals(
                "Tasks", tasks.json().path("data").path(0).path("activityType").asText());
        assertEquals(422, get("/calls?limit=101").status(), "limit is at most 100");
        assertEquals(422, get("/events?owner=1").status(), "an unknown parameter");

        String ids = sc.activities().get("events").stream()
                .map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(","));
        SandboxServer.Resp moved = send(
                "POST",
                "/events/updateMany",
                "{\"ids\":[" + ids + "],\"fieldName\":\"ownerId\",\"fieldValue\":\"" + sc.targetSupportOnly()
                        + "\",\"isCustomField\":false}");
        assertEquals(200, moved.status(), moved.body());
        JsonNode results = moved.json().path("results");
        assertEquals(4, results.size());
        assertTrue(results.path(0).path("success").asBoolean());
        assertFalse(results.path(2).path("success").asBoolean(), "a Sales event for a Support-only agent");
        assertEquals("422", results.path(2).path("errors").path("httpCode").asText());
    }

    @Test
    void ticketUpdateManyTakesFiftyIdsAndRefusesWholeForAnAssigneeOutsideTheDepartment() throws Exception {
        AgentDirectory.HandOverScenario sc = s.sandbox.desk().agents().seedHandOverScenario(51, 1, 0);
        String fiftyOne =
                sc.supportTickets().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        SandboxServer.Resp tooMany = send(
                "POST",
                "/tickets/updateMany",
                "{\"ids\":[" + fiftyOne + "],\"fieldName\":\"assigneeId\",\"fieldValue\":\"" + sc.targetInBoth()
                        + "\",\"isCustomField\":false}");
        assertEquals(422, tooMany.status());
        assertEquals("INVALID_DATA", tooMany.json().path("errorCode").asText());

        String mixed =
                "\"" + sc.supportTickets().get(0) + "\",\"" + sc.salesTickets().get(0) + "\"";
        SandboxServer.Resp outside = send(
                "POST",
                "/tickets/updateMany",
                "{\"ids\":[" + mixed + "],\"fieldName\":\"assigneeId\",\"fieldValue\":\"" + sc.targetSupportOnly()
                        + "\",\"isCustomField\":false}");
        assertEquals(422, outside.status(), outside.body());
        assertEquals(
                sc.leaving(),
                s.sandbox
                        .desk()
                        .tickets()
                        .ticket(sc.supportTickets().get(0))
                        .orElseThrow()
                        .path("assigneeId")
                        .asText(),
                "nothing moved");

        SandboxServer.Resp unassigned = send(
                "POST",
                "/tickets/updateMany",
                "{\"ids\":[" + mixed + "],\"fieldName\":\"assigneeId\",\"fieldValue\":\"\",\"isCustomField\":false}");
        assertEquals(204, unassigned.status(), unassigned.body());
        assertTrue(s.sandbox
                .desk()
                .tickets()
                .ticket(sc.salesTickets().get(0))
                .orElseThrow()
                .path("assigneeId")
                .isNull());
        assertEquals(
                422,
                send(
                                "POST",
                                "/tickets/updateMany",
                                "{\"ids\":[" + mixed + "],\"fieldName\":\"subject\"," + "\"fieldValue\":\"x\"}")
                        .status(),
                "the sandbox changes only the assignee");
    }

    @Test
    void deactivateDeleteAnonymiseAndTheDeletedList() throws Exception {
        String id = s.sandbox
                .desk()
                .agents()
                .add(AgentDirectory.NewAgent.active("Olga", "Off", "AgentPublic", AgentDirectory.SUPPORT));
        assertEquals(204, send("POST", "/agents/" + id + "/deactivate", null).status());
        assertEquals("DISABLED", get("/agents/" + id).json().path("status").asText());
        assertEquals(204, send("DELETE", "/agents/" + id, null).status());
        assertEquals(404, send("DELETE", "/agents/" + id, null).status(), "deleted already");
        assertFalse(get("/agents?limit=200").body().contains(id), "a deleted agent leaves the list");
        assertTrue(get("/deletedAgents").body().contains(id));
        assertEquals(
                422,
                send("POST", "/deletedAgents/" + id + "/anonymize", "{\"anonymizedName\":\"" + "x".repeat(51) + "\"}")
                        .status());
        assertEquals(
                204,
                send("POST", "/deletedAgents/" + id + "/anonymize", "{\"anonymizedName\":\"Ex\"}")
                        .status());
        JsonNode deleted = find(get("/deletedAgents?status=ANONYMIZED").json(), "Ex");
        assertEquals("ANONYMIZED", deleted.path("status").asText());
        assertEquals(
                404,
                send("POST", "/deletedAgents/1892000000042002/anonymize", "{}").status(),
                "not deleted");
    }

    @Test
    void agentsTheirStatusAndActivitiesSurviveAReopen(@TempDir Path dir) throws Exception {
        AgentDirectory.HandOverScenario sc;
        try (SandboxServer one = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            sc = one.sandbox.desk().agents().seedHandOverScenario(3, 2, 1);
            one.sandbox.desk().agents().setStatus(sc.targetInBoth(), "DISABLED");
        }
        try (SandboxServer again = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            AgentDirectory agents = again.sandbox.desk().agents();
            assertEquals("DISABLED", agents.status(sc.targetInBoth()));
            assertEquals(
                    List.of(AgentDirectory.SUPPORT_TEAM.id(), AgentDirectory.SALES_TEAM.id()),
                    agents.teamsOf(sc.leaving()));
            assertEquals(
                    sc.leaving(),
                    agents.activity(sc.activities().get("calls").get(0))
                            .orElseThrow()
                            .path("ownerId")
                            .asText());
            assertEquals(
                    sc.leaving(),
                    again.sandbox
                            .desk()
                            .tickets()
                            .ticket(sc.salesTickets().get(0))
                            .orElseThrow()
                            .path("assigneeId")
                            .asText());
            JsonNode disabled = again.get(API + "/agents?status=DISABLED", again.token(), "orgId", ORG)
                    .json()
                    .path("data");
            assertEquals(2, disabled.size(), "Dora Lead and the one disabled above: " + disabled);
            assertEquals(7 + 4, agents.agents.visibleCount(), "the default agents are not added again on reopen");
        }
    }

    private static JsonNode find(JsonNode page, String name) {
        for (JsonNode a : page.path("data")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no " + name + " in " + page);
    }
}
