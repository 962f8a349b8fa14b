package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * An email on a ticket, sent by the Desk from deskbridge.desk.reply-from: a reply to the ticket's contact, a reply to
 * everyone on a thread, or a forward to other recipients.
 */
@Schema(name = "NewReply", requiredProperties = "content")
public record NewReply(
        @Schema(description = "the text") String content,

        @Schema(nullable = true, description = "true: content is HTML; false (default): plain text")
        Boolean html,

        @Schema(
                nullable = true,
                allowableValues = {"reply", "reply-all", "forward"},
                description = "reply (default): to the ticket's email; reply-all: to the sender and every recipient of"
                        + " the thread answered (threadId, else the ticket's latest thread), less reply-from;"
                        + " forward: to the addresses in 'to', kept private by the Desk")
        String mode,

        @Schema(nullable = true, description = "the email addresses a forward goes to: required then, taken only then")
        List<String> to,

        @Schema(
                nullable = true,
                description = "the thread answered or forwarded; reply-all takes its recipients from it")
        String threadId) {}
