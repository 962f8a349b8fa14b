package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A hand-over job: its state, progress and what is left. */
@Schema(name = "HandOverJob", description = "A hand-over job and its progress")
public record HandOverJob(
        long id,
        String agentId,
        @Schema(description = "deactivate or delete") String action,
        boolean anonymise,
        boolean force,

        @Schema(description = "PLANNED, RUNNING, DEACTIVATING, DONE, BLOCKED or FAILED")
        String state,

        @Schema(description = "the name of the token that started it")
        String requestedBy,

        String createdAt,
        String updatedAt,

        @Schema(nullable = true, description = "how it ended, or why it waits")
        String message,

        @Schema(description = "tickets and activities moved (tickets left unassigned with force among them)")
        int moved,

        @Schema(description = "of those moved, tickets left unassigned (force)")
        int leftUnassigned,

        @Schema(description = "left with the agent: no chosen target can take them")
        int left,

        @Schema(description = "refused by the Desk") int failed,
        @Schema(description = "still to be sent") int toGo,

        @Schema(description = "every item with a reason: left, left unassigned or failed")
        List<HandOverItem> items) {}
