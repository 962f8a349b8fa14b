package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.deskbridge.store.Issues;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The records of a sync kept with a reason (excluded, in conflict, failed or deleted), a page of them. */
@Schema(
        name = "ErrorsPage",
        requiredProperties = {"sync", "counts", "limit", "offset", "items"})
public record ErrorsPage(String sync, KindCounts counts, int limit, int offset, List<RecordIssue> items) {

    /** How many records of the sync are kept, by kind, whatever the filter. */
    @Schema(
            name = "KindCounts",
            requiredProperties = {"EXCLUDED", "CONFLICT", "FAILED", "DELETED"})
    public record KindCounts(
            @JsonProperty("EXCLUDED") int excluded,
            @JsonProperty("CONFLICT") int conflict,
            @JsonProperty("FAILED") int failed,
            @JsonProperty("DELETED") int deleted) {

        public static KindCounts of(Map<Issues.Kind, Integer> counts) {
            return new KindCounts(
                    counts.get(Issues.Kind.EXCLUDED),
                    counts.get(Issues.Kind.CONFLICT),
                    counts.get(Issues.Kind.FAILED),
                    counts.get(Issues.Kind.DELETED));
        }
    }

    /** One kept record: which, why, since when, how often it was tried. */
    @Schema(
            name = "RecordIssue",
            requiredProperties = {
                "id",
                "system",
                "recordId",
                "email",
                "kind",
                "reasonCode",
                "reason",
                "attempts",
                "firstSeen",
                "lastSeen"
            })
    public record RecordIssue(
            @Schema(description = "the id to replay it by") long id,
            @Schema(description = "crm or desk") String system,
            String recordId,
            @Schema(nullable = true) String email,
            Issues.Kind kind,
            @Schema(nullable = true, example = "NO_EMAIL") String reasonCode,
            @Schema(nullable = true) String reason,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "the run that kept it")
            Long runId,

            int attempts,
            @Schema(format = "date-time") String firstSeen,
            @Schema(format = "date-time") String lastSeen) {

        public static RecordIssue of(Issues.Issue i) {
            return new RecordIssue(
                    i.id(),
                    i.system(),
                    i.recordId(),
                    i.email(),
                    i.kind(),
                    i.reasonCode(),
                    i.reason(),
                    i.runId(),
                    i.attempts(),
                    i.firstSeen().toString(),
                    i.lastSeen().toString());
        }
    }
}
