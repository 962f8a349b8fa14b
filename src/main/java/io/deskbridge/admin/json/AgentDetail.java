package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A Desk agent: who they are, what they may see, where they work, and their open work, read through the Desk. */
@Schema(
        name = "AgentDetail",
        requiredProperties = {
            "agentId",
            "name",
            "status",
            "confirmed",
            "profileType",
            "light",
            "departments",
            "teamIds",
            "openTickets",
            "openActivities"
        })
public record AgentDetail(
        String agentId,
        String name,
        String email,

        @Schema(description = "ACTIVE or DISABLED (deactivated)")
        String status,

        @Schema(description = "false while the agent has not accepted the invitation")
        boolean confirmed,

        String roleId,
        String roleName,

        @Schema(description = "ADMIN, STANDARD, LIGHT or CUSTOM")
        String profileType,

        @Schema(
                description = "the Desk's rolePermissionType: AgentPublic (all tickets), AgentPersonal (own and"
                        + " unassigned), AgentTeamPersonal (own, team and unassigned), Admin, Light or Custom")
        String permissionType,

        @Schema(description = "a light agent may read tickets but not own them")
        boolean light,

        List<AgentDepartment> departments,
        List<String> teamIds,

        @Schema(description = "open and on-hold tickets assigned to the agent, every department")
        int openTickets,

        @Schema(description = "open tasks, calls and events the agent owns, every department")
        int openActivities) {}
