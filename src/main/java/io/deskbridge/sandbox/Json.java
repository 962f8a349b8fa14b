package io.deskbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Jackson helpers shared by the simulators. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final Pattern EMAIL =
            Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

    private Json() {}

    static ObjectNode obj() {
        return F.objectNode();
    }

    static ArrayNode arr() {
        return F.arrayNode();
    }

    /** Parse a request body; throws JsonProcessingException on malformed JSON. */
    static JsonNode parse(String s) throws JsonProcessingException {
        return MAPPER.readTree(s);
    }

    static ObjectNode parseStored(String s) {
        try {
            return (ObjectNode) MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt sandbox record: " + s, e);
        }
    }

    static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text of a field; null when missing, JSON null, or not textual. */
    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    /** Normalised matching key: trimmed, lower-cased; null for null/blank. */
    static String norm(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip().toLowerCase(Locale.ROOT);
        return t.isEmpty() ? null : t;
    }

    static List<String> keys(String... values) {
        List<String> out = new ArrayList<>(values.length);
        for (String v : values) {
            String k = norm(v);
            if (k != null && !out.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    static boolean validEmail(String s) {
        return s != null && EMAIL.matcher(s).matches();
    }
}
