package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** A ticket moved to the Desk's trash (restorable there), and gone from the mirror. */
@Schema(
        name = "TicketTrashed",
        requiredProperties = {"ticketId", "inTrash", "removedFromMirror"})
public record TicketTrashed(
        String ticketId,
        boolean inTrash,

        @Schema(description = "whether the mirror held it (lists and statistics no longer count it)")
        boolean removedFromMirror) {}
