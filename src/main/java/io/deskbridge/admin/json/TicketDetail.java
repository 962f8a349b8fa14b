package io.deskbridge.admin.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One ticket: its summary from the mirror (or, before the tickets sync has read it, from the Desk), and its
 * conversation and comments read through from the Desk.
 */
@Schema(
        name = "TicketDetail",
        requiredProperties = {"ticket", "mirrored", "inDesk", "threads", "comments"})
public record TicketDetail(
        TicketSummary ticket,

        @Schema(
                description =
                        "whether the summary is the mirror's; false: read from the Desk, not tied to CRM records yet")
        boolean mirrored,

        @Schema(
                description =
                        "true: a ticket the Desk no longer has (e.g. trashed) is answered 404 and leaves the mirror")
        boolean inDesk,

        @Schema(description = "its conversation, oldest first (summaries, not full contents)")
        List<TicketThread> threads,

        @Schema(description = "its comments, oldest first, public and private")
        List<TicketComment> comments) {

    /** A Desk time as the mirror writes times ({@code 2026-01-14T08:00:00Z}); as sent when it is not ISO-8601. */
    static String time(JsonNode node, String field) {
        String at = text(node, field);
        try {
            return at == null ? null : Instant.parse(at).toString();
        } catch (DateTimeParseException e) {
            return at;
        }
    }

    /** A field as text, null when absent or null: the Desk sends many fields as null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
