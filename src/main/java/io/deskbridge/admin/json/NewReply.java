package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** An email reply to the ticket's contact, sent by the Desk from deskbridge.desk.reply-from. */
@Schema(name = "NewReply", requiredProperties = "content")
public record NewReply(
        @Schema(description = "the reply's text") String content,

        @Schema(nullable = true, description = "true: content is HTML; false (default): plain text")
        Boolean html) {}
