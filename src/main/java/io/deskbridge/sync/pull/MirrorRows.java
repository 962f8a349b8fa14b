package io.deskbridge.sync.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.MatchKey;
import io.deskbridge.store.Mirror;
import java.util.Set;
import java.util.TreeSet;

/** How a pulled record of either side is kept in the mirror: its id, match keys and content. */
public final class MirrorRows {

    private MirrorRows() {}

    /**
     * The row for a record, keeping only the {@code kept} fields that have a value, in a fixed order: the
     * same record read back, listed or answered to a write, gives the same row, so reading it again costs no write.
     */
    public static Mirror.Row of(
            ObjectNode record,
            MatchKey.Kind kind,
            String primaryField,
            String secondaryField,
            String modifiedField,
            Set<String> kept) {
        String id = record.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a record without an id: " + abbreviate(record.toString()));
        }
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        for (String field : new TreeSet<>(kept)) {
            JsonNode v = record.get(field);
            if (v != null && !v.isNull()) {
                content.set(field, v);
            }
        }
        String primaryRaw = record.path(primaryField).asText(null);
        String secondaryRaw =
                secondaryField == null ? null : record.path(secondaryField).asText(null);
        return new Mirror.Row(
                id,
                kind.primary(primaryRaw, secondaryRaw).value(),
                secondaryField == null ? null : kind.secondary(secondaryRaw).value(),
                record.path(modifiedField).asText(null),
                content.toString(),
                0);
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
