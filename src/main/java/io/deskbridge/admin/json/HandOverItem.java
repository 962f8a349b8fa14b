package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** One ticket or activity of a hand-over: where it goes, or why it is left. */
@Schema(name = "HandOverItem", description = "A ticket or activity of the leaving agent")
public record HandOverItem(
        @Schema(description = "TICKET, TASK, CALL or EVENT") String kind,
        @Schema(description = "the Desk record id") String id,

        @Schema(nullable = true, description = "its department id")
        String departmentId,

        @Schema(
                nullable = true,
                description = "the agent id it goes to; \"unassigned\"; null when it is left with the agent")
        String target,

        @Schema(nullable = true, description = "why no chosen target can take it; null when one can")
        String reason,

        @Schema(
                nullable = true,
                description = "in a job's answer: PLANNED, SENDING, MOVED, LEFT or FAILED; null in a plan")
        String state) {}
