package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.deskbridge.model.RunStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/** The 202 of POST /admin/syncs/{sync}/run: the run that started and where to follow it. */
@Schema(
        name = "RunStarted",
        requiredProperties = {"runId", "status", "href"})
public record RunStarted(
        long runId,
        @Schema(description = "RUNNING") RunStatus status,
        @Schema(description = "the run's own address") String href,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "a sync it refers through is running and this run does not wait for it")
        String note) {}
