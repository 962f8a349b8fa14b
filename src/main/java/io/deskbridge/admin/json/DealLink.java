package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** The CRM deal to link a ticket to. */
@Schema(name = "DealLink", requiredProperties = "crmDealId")
public record DealLink(
        @Schema(description = "the CRM Deals record id (Bigin: a Pipelines record id)")
        String crmDealId) {}
