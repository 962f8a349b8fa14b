package io.deskbridge.sync.chats;

import com.fasterxml.jackson.databind.JsonNode;

/** The text of a field of a Chat or Sell object as the chats sync uses it: stripped, null when missing or blank. */
final class JsonText {

    private JsonText() {}

    static String of(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    /** The first of these fields with a text, or null. */
    static String first(JsonNode node, String... fields) {
        for (String f : fields) {
            String v = of(node, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
