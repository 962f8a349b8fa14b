package io.deskbridge.admin.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

/** One message of the conversation: {@code in} from the customer, {@code out} from an agent. */
@Schema(
        name = "TicketThread",
        requiredProperties = {
            "id",
            "channel",
            "direction",
            "summary",
            "author",
            "fromEmailAddress",
            "to",
            "cc",
            "isForward",
            "visibility",
            "createdAt",
            "isDescriptionThread"
        })
public record TicketThread(
        String id,
        @Schema(nullable = true) String channel,

        @Schema(nullable = true, description = "in or out") String direction,

        @Schema(nullable = true) String summary,

        @Schema(nullable = true, description = "the author's name")
        String author,

        @Schema(nullable = true) String fromEmailAddress,

        @Schema(nullable = true, description = "the recipients, comma-separated")
        String to,

        @Schema(nullable = true, description = "the copied recipients, comma-separated; null or empty for none")
        String cc,

        @Schema(description = "a forward rather than a reply")
        boolean isForward,

        @Schema(nullable = true, description = "public or private (a forward is private)")
        String visibility,

        @Schema(nullable = true, format = "date-time") String createdAt,
        boolean isDescriptionThread) {

    public static TicketThread ofDesk(JsonNode t) {
        return new TicketThread(
                t.path("id").asText(),
                TicketDetail.text(t, "channel"),
                TicketDetail.text(t, "direction"),
                TicketDetail.text(t, "summary"),
                TicketDetail.text(t.path("author"), "name"),
                TicketDetail.text(t, "fromEmailAddress"),
                TicketDetail.text(t, "to"),
                TicketDetail.text(t, "cc"),
                t.path("isForward").asBoolean(false),
                TicketDetail.text(t, "visibility"),
                TicketDetail.time(t, "createdTime"),
                t.path("isDescriptionThread").asBoolean(false));
    }
}
