package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** The 202 of a replay: how many kept records were queued again, and the run that takes them, if one could start. */
@Schema(
        name = "Replayed",
        requiredProperties = {"replayed", "runId"})
public record Replayed(
        int replayed,

        @Schema(nullable = true, description = "the run started for them; null when none could start now")
        Long runId,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "why no run started: nothing to replay, or the next run takes them")
        String note) {}
