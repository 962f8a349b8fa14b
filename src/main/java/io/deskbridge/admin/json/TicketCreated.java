package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** A ticket opened for a CRM contact, and how the contact's Desk counterpart was come by. */
@Schema(
        name = "TicketCreated",
        requiredProperties = {"ticket", "deskContactId", "deskContact"})
public record TicketCreated(
        @Schema(description = "the ticket as the Desk made it; not mirrored until the tickets sync reads it")
        TicketSummary ticket,

        @Schema(description = "the Desk contact the ticket is for")
        String deskContactId,

        @Schema(
                description = "linked: the contacts sync had linked it; found: the one Desk contact with the CRM"
                        + " contact's email, linked now; created: created from the contacts field map and linked now")
        String deskContact) {}
