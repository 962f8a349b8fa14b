package io.deskbridge.sync.handover;

import static io.deskbridge.sync.handover.FakeDeskAgents.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.connector.DeskAgents.Agent;
import io.deskbridge.connector.DeskAgents.AgentActivity;
import io.deskbridge.connector.DeskAgents.AgentTicket;
import io.deskbridge.connector.DeskAgents.ProfileType;
import io.deskbridge.connector.DeskAgents.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 16 item 3: who may take a leaving agent's work, and where each ticket and activity goes. */
class HandOverPlanTest {

    private final Agent a = agent("a", "AgentPublic", ProfileType.STANDARD, "D1", "D2");
    private final Agent b = agent("b", "AgentPersonal", ProfileType.STANDARD, "D1");

    private static List<AgentTicket> tickets(String department, int from, int count) {
        List<AgentTicket> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(new AgentTicket(String.format("T%05d", i), department, null, "Open"));
        }
        return out;
    }

    @Test
    void roundRobinSpreadsEachDepartmentOverTheTargetsInIt() {
        List<AgentTicket> open = new ArrayList<>(tickets("D1", 0, 800));
        open.addAll(tickets("D2", 800, 400));
        HandOverPlan plan = HandOverPlan.of(
                TicketTargets.parse("round-robin:a,b"), Map.of("a", a, "b", b), a, open, List.of(), false);

        assertEquals(1200, plan.items().size());
        assertTrue(plan.left().isEmpty());
        // b is not in D2: all 400 go to a; D1's 800 (planned first, in id order) are spread evenly.
        assertTrue(plan.items().stream()
                .filter(i -> i.departmentId().equals("D2"))
                .allMatch(i -> i.target().equals("a")));
        assertEquals(Map.of("a", Map.of("tickets", 800L), "b", Map.of("tickets", 400L)), plan.perTarget());
        assertEquals(
                400,
                plan.items().stream()
                        .filter(i -> i.departmentId().equals("D1") && i.target().equals("a"))
                        .count());
        assertFalse(plan.blocked());
    }

    @Test
    void aTicketNoTargetCanTakeIsLeftWithItsReasonAndBlocksUnlessForced() {
        HandOverPlan plan =
                HandOverPlan.of(TicketTargets.parse("b"), Map.of("b", b), b, tickets("D2", 0, 3), List.of(), false);
        assertEquals(3, plan.left().size());
        assertTrue(
                plan.left().get(0).reason().contains("agent b is not in department D2"),
                plan.left().get(0).reason());
        assertTrue(plan.blocked());
        assertTrue(plan.perTarget().isEmpty());

        HandOverPlan forced =
                HandOverPlan.of(TicketTargets.parse("b"), Map.of("b", b), b, tickets("D2", 0, 3), List.of(), true);
        assertFalse(forced.blocked());
        assertEquals(Map.of("unassigned", Map.of("tickets", 3L)), forced.perTarget());
    }

    @Test
    void anActivityNoTargetCanTakeBlocksEvenWithForce() {
        List<AgentActivity> open = List.of(new AgentActivity("e1", AgentActivity.Kind.EVENT, "D2", null));
        HandOverPlan forced = HandOverPlan.of(TicketTargets.parse("b"), Map.of("b", b), b, List.of(), open, true);
        assertEquals(1, forced.left().size());
        assertTrue(forced.blocked(), "force leaves tickets unassigned, never an activity with a gone agent");
    }

    @Test
    void activitiesGoToTheActivitiesTargetInTheirDepartment() {
        List<AgentActivity> open = List.of(
                new AgentActivity("k1", AgentActivity.Kind.TASK, "D1", null),
                new AgentActivity("k2", AgentActivity.Kind.CALL, "D2", null));
        HandOverPlan plan = HandOverPlan.of(TicketTargets.parse("unassigned"), Map.of(), b, List.of(), open, true);
        assertEquals("b", plan.items().get(0).target());
        assertEquals(1, plan.left().size());
        assertEquals("k2", plan.left().get(0).recordId());
        // with force an activity still is not moved: only tickets can be left unassigned
        assertFalse(plan.left().get(0).moves(true));
    }

    @Test
    void theSameInputGivesTheSamePlan() {
        List<AgentTicket> open = new ArrayList<>(tickets("D1", 0, 120));
        List<AgentTicket> shuffled = new ArrayList<>(open);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        TicketTargets rr = TicketTargets.parse("round-robin:b,a");
        assertEquals(
                HandOverPlan.of(rr, Map.of("a", a, "b", b), a, open, List.of(), false),
                HandOverPlan.of(rr, Map.of("a", a, "b", b), a, shuffled, List.of(), false));
    }

    @Test
    void targetRulesRefuseWithTheReason() {
        Agent light = agent("l", "Light", ProfileType.LIGHT, "D1");
        assertTrue(TargetRules.cannotWork(light).orElseThrow().contains("light agent"));
        Agent customLight = agent("c", "Custom", ProfileType.LIGHT, "D1");
        assertTrue(TargetRules.cannotWork(customLight).orElseThrow().contains("light agent"));
        Agent custom = agent("c2", "Custom", ProfileType.CUSTOM, "D1");
        assertTrue(TargetRules.cannotWork(custom).isEmpty());
        Agent team = agent("t", "AgentTeamPersonal", ProfileType.STANDARD, "D1");
        assertTrue(TargetRules.cannotTake(team, "D1").isEmpty());
        Agent unconfirmed = new Agent(
                "u",
                "U",
                "u@x",
                Status.ACTIVE,
                false,
                "r",
                "r",
                ProfileType.STANDARD,
                "Admin",
                List.of("D1"),
                List.of(),
                List.of());
        assertTrue(TargetRules.cannotWork(unconfirmed).orElseThrow().contains("isConfirmed"));
        Agent off = new Agent(
                "o",
                "O",
                "o@x",
                Status.DISABLED,
                true,
                "r",
                "r",
                ProfileType.STANDARD,
                "Admin",
                List.of("D1"),
                List.of(),
                List.of());
        assertTrue(TargetRules.cannotWork(off).orElseThrow().contains("DISABLED"));
    }

    @Test
    void ticketTargetsAreReadStrictly() {
        assertEquals(List.of("a", "b"), TicketTargets.parse("round-robin:a, b").agentIds());
        assertTrue(TicketTargets.parse("unassigned").unassigned());
        assertThrows(IllegalArgumentException.class, () -> TicketTargets.parse("round-robin:a,,b"));
        assertThrows(IllegalArgumentException.class, () -> TicketTargets.parse("round-robin:a,a"));
        assertThrows(IllegalArgumentException.class, () -> TicketTargets.parse("a,b"));
        assertThrows(IllegalArgumentException.class, () -> TicketTargets.parse(" "));
    }
}
