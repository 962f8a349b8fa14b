package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The one shape of every error the HTTP server answers, from the admin routes and from the server itself. */
@Schema(
        name = "Error",
        description = "Every error has this shape",
        requiredProperties = {"status", "error", "message"})
public record ApiError(
        @Schema(description = "the HTTP status, again") int status,

        @Schema(description = "the status as a word", example = "conflict")
        String error,

        @Schema(description = "what was wrong, naming the key, parameter or sync")
        String message,

        @Schema(description = "every problem found, when there are several (a refused activation)")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<String> problems) {

    public ApiError(int status, String error, String message) {
        this(status, error, message, List.of());
    }
}
