package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** What to change on a ticket: at least one key; an absent or null key leaves that field as it is. */
@Schema(name = "TicketUpdate")
public record TicketUpdate(
        @Schema(nullable = true, description = "one of the Desk org's own statuses, e.g. Open, On Hold, Closed")
        String status,

        @Schema(nullable = true, description = "the Desk's priority value, e.g. High")
        String priority,

        @Schema(nullable = true, description = "the Desk id of the agent to assign")
        String assigneeId,

        @Schema(nullable = true, format = "date-time", description = "when it is due, e.g. 2026-02-01T09:00:00Z")
        String dueDate) {}
