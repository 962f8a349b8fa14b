package io.deskbridge.admin;

import io.deskbridge.admin.json.AgentDepartment;
import io.deskbridge.admin.json.AgentDetail;
import io.deskbridge.admin.json.AgentList;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.DeskAgents;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /admin/agents} and {@code GET /admin/agents/{agentId}}: the Desk's agents with their open work, read
 * through the Desk on every call (nothing is kept). Counting reads each agent's open tickets and activities, about
 * {@code 3 + departments + 3} Desk calls an agent plus one per 100 records, all under the Desk's gate and budget.
 */
public final class AgentApi {

    private final DeskAgents desk;

    public AgentApi(DeskAgents desk) {
        this.desk = desk;
    }

    public AdminApi.Reply list() {
        try {
            List<AgentDetail> items = new ArrayList<>();
            for (DeskAgents.Agent a : desk.agents()) {
                items.add(detail(a));
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
            return new AdminApi.Reply(200, detail(a));
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
    }

    private AgentDetail detail(DeskAgents.Agent a) {
        DeskAgents.OpenWork work = desk.openWork(a.id());
        Set<String> departments = new LinkedHashSet<>(a.departmentIds());
        departments.addAll(work.ticketsByDepartment().keySet());
        departments.addAll(work.activitiesByDepartment().keySet());
        departments.remove(null);
        List<AgentDepartment> perDepartment = new ArrayList<>();
        for (String d : departments) {
            perDepartment.add(new AgentDepartment(
                    d,
                    a.departmentIds().contains(d),
                    a.chatDepartmentIds().contains(d),
                    work.ticketsByDepartment().getOrDefault(d, 0),
                    work.activitiesByDepartment().getOrDefault(d, 0)));
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
                work.tickets(),
                work.activities());
    }
}
