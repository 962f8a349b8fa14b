package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** A comment to add to a ticket. */
@Schema(name = "NewComment", requiredProperties = "content")
public record NewComment(
        @Schema(description = "the comment's text") String content,

        @Schema(nullable = true, description = "true: the customer sees it; false (default): agents only")
        Boolean isPublic) {

    public static final NewComment NONE = new NewComment(null, null);
}
