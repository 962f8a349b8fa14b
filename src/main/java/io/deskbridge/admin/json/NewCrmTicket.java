package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** A ticket to open in the Desk for a CRM contact. */
@Schema(name = "NewCrmTicket", requiredProperties = "subject")
public record NewCrmTicket(
        @Schema(description = "the ticket's subject") String subject,

        @Schema(nullable = true, description = "what the customer needs")
        String description,

        @Schema(nullable = true, description = "the Desk's priority value, e.g. High; the Desk's default when absent")
        String priority,

        @Schema(nullable = true, description = "how it came in, e.g. Phone or Email; the Desk's default when absent")
        String channel) {}
