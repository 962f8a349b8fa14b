package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.deskbridge.model.RunStatus;
import io.deskbridge.store.Runs;
import io.swagger.v3.oas.annotations.media.Schema;

/** One run of a sync, as its history, its sync's status and GET /admin/syncs/{sync}/runs/{runId} show it. */
@Schema(
        name = "Run",
        description = "One run: what it read and did, and the calls it made",
        requiredProperties = {
            "runId",
            "sync",
            "trigger",
            "status",
            "startedAt",
            "finishedAt",
            "read",
            "created",
            "updated",
            "linked",
            "unchanged",
            "excluded",
            "failed",
            "conflicts",
            "deleted",
            "apiCalls",
            "message"
        })
public record Run(
        long runId,
        String sync,

        @Schema(description = "what started it: schedule, admin, replay, ...")
        String trigger,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                description = "the node that ran it (deskbridge.node.name); absent on runs made before Deskbridge"
                        + " recorded it")
        String node,

        @Schema(
                description = "PARTIAL: some records failed; STOPPED: a pause, disable, budget or shutdown stopped it "
                        + "between batches, the next run takes the rest")
        RunStatus status,

        @Schema(format = "date-time") String startedAt,

        @Schema(format = "date-time", nullable = true, description = "null while it runs")
        String finishedAt,

        int read,
        int created,
        int updated,
        int linked,
        int unchanged,
        int excluded,
        int failed,
        int conflicts,
        int deleted,
        ApiCalls apiCalls,

        @Schema(nullable = true, description = "why it stopped or failed")
        String message,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                description = "chats runs only: chats written as a note on their Sell lead or contact (each chat read"
                        + " is noted, a conflict, excluded or failed)")
        Integer noted,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "chats runs only: Sell leads made for visitors Sell did not know")
        Integer leadsCreated,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "chats runs only: Sell tasks left for a record's owner (a chat tagged for sales)")
        Integer tasks,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "chats runs only: phones set on Sell leads that had none")
        Integer phonesSet,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "while RUNNING only: how far the run is, as last saved (each batch, every 10 s)")
        Progress progress,

        // Shown only when true: a run's answer stays as it was.
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        @Schema(
                description =
                        "true for a dry run (absent otherwise; POST /admin/syncs/{sync}/dry-run): nothing was written to either system and"
                                + " no sync state moved; its figures are what a run would do")
        boolean dryRun,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                description = "dry runs only, once ended, and only in GET /admin/syncs/{sync}/runs/{runId} (not in run"
                        + " lists nor a sync's lastRun): per outcome (created, updated, linked, deleted, excluded,"
                        + " conflict, failed) the first 100 records with what would be written, field by field"
                        + " (<side>.<field>: from -> to), or why nothing would be")
        java.util.Map<String, java.util.List<io.deskbridge.model.DryRunPreview.Item>> preview) {

    private static final com.fasterxml.jackson.databind.ObjectMapper PREVIEW_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * How far a running run is: the records that have their outcome (as saved at each batch and every 10 s), and their
     * rate since it started; while a pass reads staged records, how many it has in all and the estimate to its end
     * (as the progress line says them).
     */
    @Schema(
            name = "RunProgress",
            requiredProperties = {"recordsDone", "elapsedSeconds", "recordsPerSecond"})
    public record Progress(
            int recordsDone,
            long elapsedSeconds,
            double recordsPerSecond,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(
                    nullable = true,
                    description = "the records of the pass in hand, read or still staged, as last saved (every"
                            + " 10 s); absent when not known (tickets, chats, dry runs, before the first save)")
            Integer total,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(
                    nullable = true,
                    description = "estimated seconds to the end of that pass at the rate so far; absent when"
                            + " the total is not known or nothing is done yet")
            Long etaSeconds) {

        /** The progress without a total: as shown before the total was kept. */
        public Progress(int recordsDone, long elapsedSeconds, double recordsPerSecond) {
            this(recordsDone, elapsedSeconds, recordsPerSecond, null, null);
        }

        static Progress of(int done, Integer total, java.time.Instant startedAt, java.time.Instant now) {
            java.time.Duration took = java.time.Duration.between(startedAt, now);
            long ms = Math.max(0, took.toMillis());
            double rate = ms == 0 ? 0 : Math.round(done * 10_000.0 / ms) / 10.0;
            return new Progress(
                    done, ms / 1000, rate, total, io.deskbridge.sync.run.RunProgress.etaSeconds(done, total, took));
        }
    }

    /** The sync whose runs carry the chat figures. */
    static final String CHATS = "chats";

    /** A run of a sync without chat figures, made on an unrecorded node. */
    public Run(
            long runId,
            String sync,
            String trigger,
            RunStatus status,
            String startedAt,
            String finishedAt,
            int read,
            int created,
            int updated,
            int linked,
            int unchanged,
            int excluded,
            int failed,
            int conflicts,
            int deleted,
            ApiCalls apiCalls,
            String message) {
        this(
                runId,
                sync,
                trigger,
                null,
                status,
                startedAt,
                finishedAt,
                read,
                created,
                updated,
                linked,
                unchanged,
                excluded,
                failed,
                conflicts,
                deleted,
                apiCalls,
                message,
                null,
                null,
                null,
                null,
                null,
                false,
                null);
    }

    /** The calls a run made to each system; for a chats run, crm is Zendesk Sell and desk is Zendesk Chat. */
    @Schema(
            name = "RunApiCalls",
            requiredProperties = {"crm", "desk"})
    public record ApiCalls(Calls crm, Calls desk) {}

    /** The calls to one system, the 429s among them, the seconds the system's gate stayed closed. */
    @Schema(
            name = "RunSystemCalls",
            requiredProperties = {"calls", "throttled", "waitedSeconds"})
    public record Calls(int calls, long throttled, double waitedSeconds) {

        static Calls of(int calls, Runs.Throttling throttling) {
            return new Calls(calls, throttling.throttled(), throttling.waitedMillis() / 1000.0);
        }
    }

    /** A run as lists and a sync's lastRun show it: a dry run's preview is left to {@link #withPreview}. */
    public static Run of(Runs.Run r) {
        return of(r, java.time.Instant.now(), false);
    }

    /** One run asked for by its id: a dry run's preview with it. */
    public static Run withPreview(Runs.Run r) {
        return of(r, java.time.Instant.now(), true);
    }

    /** The run as shown at {@code now}: a running run's rate and estimate are counted to it. */
    public static Run of(Runs.Run r, java.time.Instant now) {
        return of(r, now, false);
    }

    private static Run of(Runs.Run r, java.time.Instant now, boolean withPreview) {
        var c = r.counters();
        boolean chats = CHATS.equals(r.syncId());
        return new Run(
                r.runId(),
                r.syncId(),
                r.trigger(),
                r.node(),
                r.status(),
                r.startedAt().toString(),
                r.finishedAt() == null ? null : r.finishedAt().toString(),
                c.read(),
                c.created(),
                c.updated(),
                c.linked(),
                c.unchanged(),
                c.excluded(),
                c.failed(),
                c.conflicts(),
                c.deleted(),
                new ApiCalls(Calls.of(r.crmCalls(), r.crmThrottling()), Calls.of(r.deskCalls(), r.deskThrottling())),
                r.message(),
                chats ? c.chats().noted() : null,
                chats ? c.chats().leadsCreated() : null,
                chats ? c.chats().tasks() : null,
                chats ? c.chats().phonesSet() : null,
                r.status() == RunStatus.RUNNING
                        ? Progress.of(c.done(chats), r.progressTotal(), r.startedAt(), now)
                        : null,
                r.dryRun(),
                withPreview ? preview(r.preview()) : null);
    }

    private static java.util.Map<String, java.util.List<io.deskbridge.model.DryRunPreview.Item>> preview(String json) {
        if (json == null) {
            return null;
        }
        try {
            return PREVIEW_JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the stored preview of run is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
