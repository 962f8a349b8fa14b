package io.deskbridge.admin;

import io.deskbridge.admin.json.AgentDepartment;
import io.deskbridge.admin.json.AgentDetail;
import io.deskbridge.admin.json.AgentList;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.DeskAgents;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/agents} and {@code GET /admin/agents/{agentId}}: the Desk's agents with their open work, read
 * through the Desk on every call (nothing is kept). The list counts open and on-hold tickets with the Desk's per-agent
 * counts (one call per department and 50 agents) and activities by reading them for 20 agents at once (one call per
 * kind and 20 agents, plus one per further 100 open activities). One agent's view reads its open tickets and activities, about {@code 2 + departments x open
 * statuses + 3} Desk calls plus one per 100 records, which are exactly what a hand-over would move.
 */
public final class AgentApi {

    private final DeskAgents desk;

    public AgentApi(DeskAgents desk) {
        this.desk = desk;
    }

    public AdminApi.Reply list() {
        try {
            List<DeskAgents.Agent> agents = desk.agents();
            List<String> ids = agents.stream().map(DeskAgents.Agent::id).toList();
            Map<String, Map<String, Integer>> tickets = desk.openTicketCounts(ids);
            Map<String, Map<String, Integer>> activities = desk.openActivityCounts(ids);
            List<AgentDetail> items = new ArrayList<>();
            for (DeskAgents.Agent a : agents) {
                items.add(detail(a, tickets.getOrDefault(a.id(), Map.of()), activities.getOrDefault(a.id(), Map.of())));
            }
            return new AdminApi.Reply(200, new AgentList(items.size(), items));
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
    }

    public AdminApi.Reply agent(String agentId) {
        try {
            DeskAgents.Agent a = desk.agent(agentId)
                    .orElseThrow(
                            () -> new AdminException(404, "the Desk has no agent " + agentId + " (or it is deleted)"));
            DeskAgents.OpenWork work = desk.openWork(a.id());
            return new AdminApi.Reply(200, detail(a, work.ticketsByDepartment(), work.activitiesByDepartment()));
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
    }

    private static AgentDetail detail(
            DeskAgents.Agent a, Map<String, Integer> tickets, Map<String, Integer> activities) {
        Set<String> departments = new LinkedHashSet<>(a.departmentIds());
        departments.addAll(tickets.keySet());
        departments.addAll(activities.keySet());
        departments.remove(null);
        List<AgentDepartment> perDepartment = new ArrayList<>();
        for (String d : departments) {
            perDepartment.add(new AgentDepartment(
                    d,
                    a.departmentIds().contains(d),
                    a.chatDepartmentIds().contains(d),
                    tickets.getOrDefault(d, 0),
                    activities.getOrDefault(d, 0)));
        }
        return new AgentDetail(
                a.id(),
                a.name(),
                a.email(),
                a.status().name(),
                a.confirmed(),
                a.roleId(),
                a.roleName(),
                a.profileType() == null ? null : a.profileType().name(),
                a.permissionType(),
                a.light(),
                perDepartment,
                a.teamIds(),
                sum(tickets),
                sum(activities));
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
