package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of a CRM record's tickets, newest first, read from the mirror. */
@Schema(
        name = "TicketList",
        requiredProperties = {"module", "crmId", "filter", "limit", "offset", "items"})
public record TicketList(
        @Schema(description = "Contacts, Accounts or Deals (Bigin: Pipelines)")
        String module,

        String crmId,

        @Schema(description = "all, open, overdue, closed, escalated or high-priority")
        String filter,

        int limit,
        int offset,
        List<TicketSummary> items) {}
