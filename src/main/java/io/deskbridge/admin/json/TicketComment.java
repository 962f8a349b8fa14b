package io.deskbridge.admin.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

/** A comment on the ticket, public (the customer sees it) or private. */
@Schema(
        name = "TicketComment",
        requiredProperties = {"id", "content", "contentType", "isPublic", "commenter", "commentedAt"})
public record TicketComment(
        String id,
        @Schema(nullable = true) String content,

        @Schema(nullable = true, description = "plainText or html")
        String contentType,

        boolean isPublic,

        @Schema(nullable = true, description = "the commenter's name")
        String commenter,

        @Schema(nullable = true, format = "date-time") String commentedAt) {

    public static TicketComment ofDesk(JsonNode c) {
        return new TicketComment(
                c.path("id").asText(),
                TicketDetail.text(c, "content"),
                TicketDetail.text(c, "contentType"),
                c.path("isPublic").asBoolean(false),
                TicketDetail.text(c.path("commenter"), "name"),
                TicketDetail.time(c, "commentedTime"));
    }
}
