package io.deskbridge.admin.json;

import io.deskbridge.store.TicketStats;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;

/** A CRM record's support figures, computed from the mirrored tickets. */
@Schema(
        name = "CustomerStats",
        requiredProperties = {
            "module",
            "crmId",
            "total",
            "open",
            "overdue",
            "averageFirstResponseSeconds",
            "averageResolutionSeconds",
            "ratings",
            "latestFeedback"
        })
public record CustomerStats(
        @Schema(description = "Contacts, Accounts or Deals (Bigin: Pipelines)")
        String module,

        String crmId,
        int total,

        @Schema(description = "not closed (On Hold counts as open)")
        int open,

        int overdue,

        @Schema(nullable = true, description = "created to first response, over the tickets answered; null when none")
        Long averageFirstResponseSeconds,

        @Schema(nullable = true, description = "created to closed, over the closed tickets; null when none")
        Long averageResolutionSeconds,

        Ratings ratings,

        @Schema(
                nullable = true,
                description = "the newest feedback given with a rating; null when none",
                schemaResolution = Schema.SchemaResolution.ALL_OF_REF)
        Feedback latestFeedback) {

    /** Each ticket's latest happiness rating, counted. */
    @Schema(
            name = "Ratings",
            requiredProperties = {"good", "okay", "bad"})
    public record Ratings(int good, int okay, int bad) {}

    @Schema(
            name = "Feedback",
            requiredProperties = {"text", "at"})
    public record Feedback(
            String text,
            @Schema(nullable = true, format = "date-time") String at) {}

    public static CustomerStats of(String module, String crmId, TicketStats s) {
        return new CustomerStats(
                module,
                crmId,
                s.total(),
                s.open(),
                s.overdue(),
                seconds(s.averageFirstResponse()),
                seconds(s.averageResolution()),
                new Ratings(s.good(), s.okay(), s.bad()),
                s.latestFeedback() == null
                        ? null
                        : new Feedback(s.latestFeedback(), TicketSummary.time(s.latestFeedbackAt())));
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }
}
