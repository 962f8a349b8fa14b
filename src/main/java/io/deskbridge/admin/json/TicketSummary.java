package io.deskbridge.admin.json;

import io.deskbridge.store.Tickets;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A ticket as the mirror holds it (the tickets sync's last read), with the CRM deal it is linked to. */
@Schema(
        name = "TicketSummary",
        requiredProperties = {
            "ticketId",
            "ticketNumber",
            "subject",
            "status",
            "statusType",
            "priority",
            "channel",
            "deskContactId",
            "deskAccountId",
            "crmContactId",
            "crmAccountId",
            "crmDealId",
            "createdAt",
            "modifiedAt",
            "closedAt",
            "dueAt",
            "firstResponseAt",
            "overdue",
            "escalated",
            "threadCount",
            "commentCount",
            "latestRating",
            "latestFeedback",
            "latestRatingAt",
            "webUrl"
        })
public record TicketSummary(
        String ticketId,
        @Schema(nullable = true) String ticketNumber,
        @Schema(nullable = true) String subject,

        @Schema(nullable = true, description = "the org's own status, e.g. Open, On Hold, Escalated")
        String status,

        @Schema(nullable = true, description = "Open, On Hold or Closed")
        String statusType,

        @Schema(nullable = true) String priority,
        @Schema(nullable = true) String channel,
        @Schema(nullable = true) String deskContactId,
        @Schema(nullable = true) String deskAccountId,

        @Schema(nullable = true, description = "the CRM contact its Desk contact is linked to")
        String crmContactId,

        @Schema(nullable = true, description = "the CRM account its Desk account is linked to")
        String crmAccountId,

        @Schema(nullable = true, description = "the CRM deal it is linked to from the CRM side")
        String crmDealId,

        @Schema(format = "date-time") String createdAt,
        @Schema(nullable = true, format = "date-time") String modifiedAt,
        @Schema(nullable = true, format = "date-time") String closedAt,
        @Schema(nullable = true, format = "date-time") String dueAt,

        @Schema(nullable = true, format = "date-time", description = "its first answer; null until answered")
        String firstResponseAt,

        boolean overdue,
        boolean escalated,
        int threadCount,
        int commentCount,

        @Schema(nullable = true, description = "its latest happiness rating: GOOD, OKAY or BAD")
        Tickets.Rating latestRating,

        @Schema(nullable = true) String latestFeedback,
        @Schema(nullable = true, format = "date-time") String latestRatingAt,

        @Schema(nullable = true, description = "the ticket in the Desk's web UI")
        String webUrl) {

    public static TicketSummary of(Tickets.Ticket t, String crmDealId) {
        return new TicketSummary(
                t.ticketId(),
                t.ticketNumber(),
                t.subject(),
                t.status(),
                t.statusType(),
                t.priority(),
                t.channel(),
                t.deskContactId(),
                t.deskAccountId(),
                t.crmContactId(),
                t.crmAccountId(),
                crmDealId,
                time(t.createdAt()),
                time(t.modifiedAt()),
                time(t.closedAt()),
                time(t.dueAt()),
                time(t.firstResponseAt()),
                t.overdue(),
                t.escalated(),
                t.threadCount(),
                t.commentCount(),
                t.latestRating(),
                t.latestFeedback(),
                time(t.latestRatingAt()),
                t.webUrl());
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
