package io.deskbridge.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * How the admin API reads a request body into its record and writes an answer record. The routes do this
 * themselves rather than through Camel's REST binding (see {@link AdminRoutes}), so a body is read only
 * after the caller is authenticated, and every refusal is the one error shape naming what was wrong.
 */
public final class AdminJson {

    private static final ObjectMapper WRITER = new ObjectMapper();
    /** A key the body does not take, a key given twice or text after the object is refused, not ignored. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AdminJson() {}

    public static String write(Object answer) {
        try {
            return WRITER.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "an admin answer could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The body as its record; {@code none} when there is no body. */
    static <T extends Record> T read(String body, Class<T> type, T none) {
        if (body == null || body.isBlank()) {
            return none;
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AdminException(400, "the request body is not valid JSON" + where(e) + ": " + problem(e, type));
        }
        if (!tree.isObject()) {
            throw new AdminException(400, "the request body must be a JSON object with the keys " + keys(type));
        }
        try {
            return STRICT.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new AdminException(
                    400, "unknown key '" + e.getPropertyName() + "' in the request body; known keys: " + keys(type));
        } catch (MismatchedInputException e) {
            String key = e.getPath().isEmpty()
                    ? "?"
                    : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new AdminException(
                    400,
                    "key '" + key + "' in the request body must be "
                            + (e.getTargetType() == String.class
                                    ? "a string"
                                    : java.util.Collection.class.isAssignableFrom(e.getTargetType())
                                            ? "an array"
                                            : "a " + e.getTargetType().getSimpleName()));
        } catch (JsonProcessingException e) {
            throw new AdminException(400, "the request body could not be read" + where(e) + ": " + problem(e, type));
        }
    }

    /** Where the reader stopped, as line and column. */
    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /**
     * What was wrong, in Jackson's words about what it expected, never in the body's own: Jackson's messages quote the
     * token they stopped at, which may be part of a comment or reply, and a refusal is answered and audited.
     */
    private static String problem(JsonProcessingException e, Class<? extends Record> type) {
        String message = String.valueOf(e.getOriginalMessage()).split("\n")[0];
        if (e instanceof JsonEOFException) {
            return "it ends before the JSON is complete";
        }
        if (message.startsWith("Duplicate field ")) {
            return keys(type).stream()
                    .filter(k -> message.equals("Duplicate field '" + k + "'"))
                    .findFirst()
                    .map(k -> "key '" + k + "' is given twice")
                    .orElse("a key is given twice");
        }
        if (message.startsWith("Trailing token")) {
            return "there is more after the JSON object";
        }
        int expecting = message.indexOf("expecting ");
        if (expecting >= 0) {
            return "expected "
                    + message.substring(expecting + "expecting ".length()).replaceAll("^\\((.*)\\)$", "$1");
        }
        int expected = message.indexOf("expected ");
        return expected >= 0 ? message.substring(expected) : "it is not well-formed JSON";
    }

    private static List<String> keys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }
}
