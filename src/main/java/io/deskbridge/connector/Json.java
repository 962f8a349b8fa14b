package io.deskbridge.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Parsing helpers shared by the connectors. */
public final class Json {

    private Json() {}

    public static JsonNode parse(ObjectMapper mapper, String system, String call, ApiResponse r) {
        if (!r.hasBody()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(r.body());
        } catch (Exception e) {
            throw ApiException.of(
                    system,
                    r.status(),
                    "MALFORMED_RESPONSE",
                    call + " answered HTTP " + r.status() + " with a body that is not valid JSON: " + e.getMessage());
        }
    }

    public static Instant serverTime(ApiResponse r) {
        String date = r.header("Date");
        if (date != null) {
            try {
                return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (RuntimeException ignored) {
                // fall through to our clock
            }
        }
        return Instant.now();
    }
}
