package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deskbridge.model.TextLimit;
import io.deskbridge.store.TicketStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A figure of {@link TicketStats} that routes/tickets.statsmap.yaml may name, as the value written into a CRM field:
 * counts as whole numbers, averages in hours with one decimal, the latest feedback as text (cut to the field's
 * length) and its time as the CRM's
 * date-time. A figure without a value (no ticket qualifies) is written as null, which empties the field.
 */
public enum StatsFigure {
    TOTAL("total", Kind.COUNT, TicketStats::total),
    OPEN("open", Kind.COUNT, TicketStats::open),
    OVERDUE("overdue", Kind.COUNT, TicketStats::overdue),
    AVERAGE_FIRST_RESPONSE("averageFirstResponse", Kind.HOURS, TicketStats::averageFirstResponse),
    AVERAGE_RESOLUTION("averageResolution", Kind.HOURS, TicketStats::averageResolution),
    GOOD("good", Kind.COUNT, TicketStats::good),
    OKAY("okay", Kind.COUNT, TicketStats::okay),
    BAD("bad", Kind.COUNT, TicketStats::bad),
    LATEST_FEEDBACK("latestFeedback", Kind.TEXT, TicketStats::latestFeedback),
    LATEST_FEEDBACK_AT("latestFeedbackAt", Kind.DATE_TIME, TicketStats::latestFeedbackAt);

    /** What a figure is, and the CRM data types a field must have to take it. */
    public enum Kind {
        COUNT(Set.of("integer", "bigint", "double", "decimal")),
        HOURS(Set.of("double", "decimal")),
        TEXT(Set.of("text", "textarea")),
        DATE_TIME(Set.of("datetime"));

        private final Set<String> dataTypes;

        Kind(Set<String> dataTypes) {
            this.dataTypes = dataTypes;
        }

        /** The CRM data types that take this kind of figure. */
        public Set<String> dataTypes() {
            return dataTypes;
        }
    }

    private static final DateTimeFormatter CRM_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final BigDecimal SECONDS_AN_HOUR = BigDecimal.valueOf(3600);

    private final String key;
    private final Kind kind;
    private final Function<TicketStats, Object> figure;

    StatsFigure(String key, Kind kind, Function<TicketStats, Object> figure) {
        this.key = key;
        this.kind = kind;
        this.figure = figure;
    }

    /** The name the statistics file uses, as {@link TicketStats} names the figure. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The names a statistics file may use. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(StatsFigure::key).toList();
    }

    /** The figure of a name, or null. */
    static StatsFigure ofKey(String key) {
        return Arrays.stream(values())
                .filter(f -> f.key.equals(key))
                .findFirst()
                .orElse(null);
    }

    /**
     * This figure of the statistics, as the CRM field takes it: a text longer than the field's {@code length} is cut
     * to it, ending in an ellipsis, as the CRM refuses it whole (255 characters in a single-line field).
     *
     * @param length the most characters the field takes, or null when the CRM did not say
     */
    public JsonNode value(TicketStats stats, Integer length) {
        Object v = figure.apply(stats);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (v == null) {
            return nodes.nullNode();
        }
        return switch (kind) {
            case COUNT -> nodes.numberNode((Integer) v);
            case HOURS -> nodes.numberNode(hours((Duration) v));
            case TEXT -> nodes.textNode(length == null ? (String) v : TextLimit.cut((String) v, length));
            case DATE_TIME -> nodes.textNode(CRM_DATE_TIME.format(((Instant) v).atOffset(ZoneOffset.UTC)));
        };
    }

    /** Hours with one decimal, rounded half up: 5,400 seconds are 1.5. */
    static BigDecimal hours(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).divide(SECONDS_AN_HOUR, 1, RoundingMode.HALF_UP);
    }
}
