package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of POST /admin/agents/{agentId}/deactivate and /delete. */
@Schema(name = "HandOverRequest", description = "Who takes the leaving agent's open work; any other key is 400")
public record HandOverRequest(
        @Schema(
                description = "an agent id, \"round-robin:<id,id,...>\" (each ticket to the least loaded of those that"
                        + " can take it) or \"unassigned\"",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String tickets,

        @Schema(
                description = "the agent id that takes the open tasks, calls and events",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String activities,

        @Schema(description = "delete only: anonymise the deleted agent (default false)")
        Boolean anonymise,

        @Schema(
                description = "leave the tickets no chosen target can take unassigned, and off-board the agent anyway"
                        + " (default false: they block it)")
        Boolean force) {}
