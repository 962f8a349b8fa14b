package io.deskbridge.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
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
final class AdminJson {

    private static final ObjectMapper WRITER = new ObjectMapper();
    /** A key the body does not take, a key given twice or text after the object is refused, not ignored. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AdminJson() {}

    static String write(Object answer) {
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
            throw new AdminException(
                    400,
                    "the request body is not valid JSON: "
                            + e.getOriginalMessage().split("\n")[0]);
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
                                    : "a " + e.getTargetType().getSimpleName()));
        } catch (JsonProcessingException e) {
            throw new AdminException(
                    400,
                    "the request body could not be read: "
                            + e.getOriginalMessage().split("\n")[0]);
        }
    }

    private static List<String> keys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }
}
