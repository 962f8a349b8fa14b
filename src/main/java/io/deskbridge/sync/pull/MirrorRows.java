package io.deskbridge.sync.pull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.map.MatchKey;

/** How a pulled record of either side is kept in the mirror: its id, match keys and content. */
public final class MirrorRows {

    private MirrorRows() {}

    public static Mirror.Row of(ObjectNode record, MatchKey.Kind kind, String primaryField, String secondaryField,
                                String modifiedField) {
        String id = record.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a record without an id: " + abbreviate(record.toString()));
        }
        return new Mirror.Row(id,
                kind.of(record.path(primaryField).asText(null)).value(),
                secondaryField == null ? null : kind.of(record.path(secondaryField).asText(null)).value(),
                record.path(modifiedField).asText(null),
                record.toString(), 0);
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
