package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of a sync's run history, newest first. */
@Schema(
        name = "RunsPage",
        requiredProperties = {"total", "limit", "offset", "items"})
public record RunsPage(
        @Schema(description = "all runs of the sync") int total, int limit, int offset, List<Run> items) {}
