package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.deskbridge.model.SyncState;
import io.deskbridge.store.DailyCallBudget;
import io.swagger.v3.oas.annotations.media.Schema;

/** One sync: its lifecycle state and why, its settings, its last and next run, its records' health, today's calls. */
@Schema(
        name = "SyncStatus",
        description = "One sync as GET /admin/syncs/{sync} shows it",
        requiredProperties = {
            "id",
            "state",
            "direction",
            "stateReason",
            "cron",
            "conflict",
            "deletes",
            "lastRun",
            "runningRunId",
            "nextRunAt",
            "records",
            "apiCalls"
        })
public record SyncStatus(
        String id,
        SyncState state,

        @Schema(
                description = "two-way, crm-to-desk or none; the tickets sync: desk-to-crm or none; the chats sync:"
                        + " chat-to-crm or none")
        String direction,

        @Schema(nullable = true, description = "why the sync is in its state, e.g. paused after runs that failed")
        String stateReason,

        @Schema(description = "the Quartz cron of its schedule")
        String cron,

        @Schema(description = "the conflict policy: crm-wins, desk-wins or latest-wins")
        String conflict,

        @Schema(description = "the delete policy: keep or propagate")
        String deletes,

        @Schema(
                nullable = true,
                description = "its newest run; null before the first",
                schemaResolution = Schema.SchemaResolution.ALL_OF_REF)
        Run lastRun,

        @Schema(nullable = true, description = "the run in progress")
        Long runningRunId,

        @Schema(
                nullable = true,
                format = "date-time",
                description =
                        "the next scheduled run, with the offset of the " + "schedule's time zone; null unless ACTIVE")
        String nextRunAt,

        RecordHealth records,
        CallsToday apiCalls) {

    /** How many records are in sync, and how many are kept with a reason, by kind. */
    @Schema(
            name = "RecordHealth",
            requiredProperties = {"inSync", "excluded", "conflicts", "failing", "deleted"})
    public record RecordHealth(int inSync, int excluded, int conflicts, int failing, int deleted) {}

    /** The calls made today to each system. */
    @Schema(
            name = "CallsToday",
            requiredProperties = {"crm", "desk"})
    public record CallsToday(SystemCallsToday crm, SystemCallsToday desk) {}

    /** The calls made today to one system; the budget fields only when a daily budget is set. */
    @Schema(
            name = "SystemCallsToday",
            requiredProperties = {"today"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SystemCallsToday(
            long today,
            Long budget,
            Boolean exhausted,
            @Schema(format = "date-time") String resetsAt) {

        public static SystemCallsToday of(DailyCallBudget.Usage u) {
            return u.budget() > 0
                    ? new SystemCallsToday(
                            u.used(),
                            u.budget(),
                            u.used() >= u.budget(),
                            u.resetsAt().toString())
                    : new SystemCallsToday(u.used(), null, null, null);
        }
    }
}
