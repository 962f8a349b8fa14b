package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** A ticket's link to a CRM deal, as kept in Deskbridge's store, after a link or unlink. */
@Schema(
        name = "TicketDeal",
        requiredProperties = {"ticketId", "crmDealId", "previousCrmDealId"})
public record TicketDeal(
        String ticketId,

        @Schema(nullable = true, description = "the deal it is linked to now; null once unlinked")
        String crmDealId,

        @Schema(nullable = true, description = "the deal it was linked to before, if any")
        String previousCrmDealId) {}
