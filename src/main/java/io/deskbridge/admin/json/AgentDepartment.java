package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** One department of a Desk agent, or one where they still have open work, with that work counted. */
@Schema(
        name = "AgentDepartment",
        requiredProperties = {"departmentId", "member", "chat", "openTickets", "openActivities"})
public record AgentDepartment(
        String departmentId,

        @Schema(description = "whether the agent belongs to the department (false: open work left in one they left)")
        boolean member,

        @Schema(description = "whether the agent has chat access in the department")
        boolean chat,

        @Schema(description = "open and on-hold tickets assigned to the agent in the department")
        int openTickets,

        @Schema(description = "open (not completed) tasks, calls and events the agent owns in the department")
        int openActivities) {}
