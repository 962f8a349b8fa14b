package io.deskbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dry run would have written, per outcome (created, updated, linked, deleted, ...): the first {@link #LIMIT}
 * records of each, field by field. Filled from several threads of one run, so it is synchronized.
 */
public final class DryRunPreview {

    /** Records kept per outcome; the run's counters give the full figures. */
    public static final int LIMIT = 100;

    /**
     * One field as it is and as the write would leave it, as text (a value that is not text as its JSON, as the run's
     * conflicts show values); null for no value ({@code from} of a new record).
     */
    public record Change(
            @io.swagger.v3.oas.annotations.media.Schema(nullable = true, description = "null: no value (a new record)")
            String from,

            @io.swagger.v3.oas.annotations.media.Schema(nullable = true, description = "null: the field is emptied")
            String to) {

        public static Change of(JsonNode from, JsonNode to) {
            return new Change(text(from), text(to));
        }

        private static String text(JsonNode v) {
            return v == null || v.isNull() || v.isMissingNode() ? null : v.isTextual() ? v.asText() : v.toString();
        }
    }

    /**
     * One record of an outcome: the system written ({@code crm}, {@code desk}, or both as {@code crm+desk}), the ids
     * on each side (null for a record that would be created there), the record the change came from, and the fields
     * written in the field map's canonical (Desk) names.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            String writes, String crmId, String deskId, String source, Map<String, Change> fields, String reason) {}

    private final Map<String, List<Item>> byOutcome = new LinkedHashMap<>();

    public synchronized void add(String outcome, Item item) {
        List<Item> items = byOutcome.computeIfAbsent(outcome, o -> new ArrayList<>());
        if (items.size() < LIMIT) {
            items.add(item);
        }
    }

    public synchronized Map<String, List<Item>> byOutcome() {
        Map<String, List<Item>> copy = new LinkedHashMap<>();
        byOutcome.forEach((outcome, items) -> copy.put(outcome, List.copyOf(items)));
        return copy;
    }
}
