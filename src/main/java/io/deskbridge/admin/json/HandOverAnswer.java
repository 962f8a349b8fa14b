package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The answer to a hand-over: its plan, and the job that carries it out (none for a dry run). */
@Schema(name = "HandOverAnswer", description = "What moves where, what is left and why; the job that does it")
public record HandOverAnswer(
        @Schema(nullable = true, description = "the job's id (GET /admin/jobs/{id}); null for a dry run")
        Long jobId,

        boolean dryRun,
        String agentId,
        @Schema(description = "deactivate or delete") String action,

        @Schema(description = "the agent's open tickets planned")
        int tickets,

        @Schema(description = "the agent's open activities planned")
        int activities,

        @Schema(description = "per target agent id (or \"unassigned\"): how many tickets and activities it takes")
        Map<String, Map<String, Long>> perTarget,

        @Schema(description = "whether what is left keeps the agent from being off-boarded (without force)")
        boolean blocked,

        @Schema(description = "each ticket and activity that moves, with its target")
        List<HandOverItem> moves,

        @Schema(description = "each one no chosen target can take, with the reason")
        List<HandOverItem> left) {}
