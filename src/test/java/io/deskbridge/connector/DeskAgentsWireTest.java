package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.DeskAgents.AgentActivity;
import io.deskbridge.connector.zohodesk.ZohoDeskAgents;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 16, item 1: Desk answers the sandbox does not give on demand, through a scripted API. */
class DeskAgentsWireTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final ScriptedApi api;
    final DeskAgents agents;

    DeskAgentsWireTest() throws Exception {
        api = new ScriptedApi();
        agents = new ZohoDeskAgents(api.caller("Zoho Desk"), api.uri(), "777001", JSON);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anActivityListLongerThanTheFromBoundFailsNamingItRatherThanReadingShort() {
        // 50 full pages reach from=4900; the Desk refuses from=5000 and nothing here moves what it reads, so the
        // read cannot reach the rest: it fails loudly (review finding 2 of issue 16; it used to re-read from 0).
        for (int page = 0; page < 50; page++) {
            api.then(200, tasks(page * 100, 100));
        }
        Set<String> handed = new HashSet<>();

        RecordRefused tooLong = assertThrows(
                RecordRefused.class, () -> agents.openActivities("7", page -> page.forEach(a -> handed.add(a.id()))));

        assertTrue(tooLong.getMessage().contains("GET tasks of agent 7"), tooLong.getMessage());
        assertTrue(tooLong.getMessage().contains("read 5000"), tooLong.getMessage());
        List<String> froms = api.seen.stream()
                .filter(s -> s.path().endsWith("/tasks"))
                .map(s -> s.query().replaceAll(".*from=(\\d+).*", "$1"))
                .toList();
        assertEquals(50, froms.size(), "never past from 4999: " + froms);
        assertEquals("4900", froms.get(49));
        assertTrue(
                api.seen.get(0).query().contains("isCompleted=false"),
                api.seen.get(0).query());
        assertEquals("777001", api.seen.get(0).header("orgId"));
    }

    @Test
    void anIdTheActivityUpdateDoesNotAnswerForIsRefusedAndTheBodyIsTheDesks() throws Exception {
        api.then(200, "{\"results\":[{\"id\":\"1\",\"success\":true,\"errors\":null}]}");

        List<DeskAgents.Refused> refused = agents.assignActivities(AgentActivity.Kind.CALL, List.of("1", "2"), "9");

        assertEquals(List.of("2"), refused.stream().map(DeskAgents.Refused::id).toList());
        ScriptedApi.Seen call = api.seen.get(0);
        assertEquals("/api/v1/calls/updateMany", call.path());
        assertEquals(
                JSON.readTree("{\"ids\":[\"1\",\"2\"],\"fieldName\":\"ownerId\",\"fieldValue\":\"9\","
                        + "\"isCustomField\":false}"),
                JSON.readTree(call.body()));
    }

    @Test
    void unassigningSendsANullValueAndTooManyIdsAreRefusedBeforeTheCall() throws Exception {
        api.then(204, "");
        agents.assignTickets(List.of("1"), null);
        assertEquals(
                JSON.readTree(
                        "{\"ids\":[\"1\"],\"fieldName\":\"assigneeId\",\"fieldValue\":null,\"isCustomField\":false}"),
                JSON.readTree(api.seen.get(0).body()));
        List<String> tooMany = IntStream.range(0, DeskAgents.BULK + 1)
                .mapToObj(String::valueOf)
                .toList();
        try {
            agents.assignTickets(tooMany, "9");
            throw new AssertionError("51 ids were sent");
        } catch (IllegalArgumentException expected) {
            assertEquals(1, api.seen.size());
        }
    }

    @Test
    void anAnonymisedAgentIsNoAgentAndTeamsMayComeAsData() {
        api.then(200, "{\"id\":\"5\",\"status\":\"ANONYMIZED\",\"name\":\"Former agent\"}");
        assertTrue(agents.agent("5").isEmpty());

        api.then(
                        200,
                        "{\"id\":\"6\",\"status\":\"ACTIVE\",\"isConfirmed\":true,\"rolePermissionType\":\"Light\","
                                + "\"associatedDepartmentIds\":[\"1\"],\"associatedChatDepartmentIds\":[]}")
                .then(200, "{\"data\":[{\"id\":\"t1\"}]}");
        DeskAgents.Agent light = agents.agent("6").orElseThrow();
        assertEquals(DeskAgents.ProfileType.LIGHT, light.profileType(), "from the permission type without a profile");
        assertEquals(List.of("t1"), light.teamIds());
    }

    private static String tasks(int first, int n) {
        return "{\"data\":["
                + IntStream.range(first, first + n)
                        .mapToObj(i -> "{\"id\":\"" + i + "\",\"departmentId\":\"1\",\"ticketId\":null}")
                        .collect(Collectors.joining(","))
                + "]}";
    }
}
