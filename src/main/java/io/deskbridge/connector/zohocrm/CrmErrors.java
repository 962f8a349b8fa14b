package io.deskbridge.connector.zohocrm;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;

/** The CRM's error envelope, {@code {"code","message","status":"error","details"}}, as the typed failure. */
final class CrmErrors {

    private CrmErrors() {}

    static ApiException failure(String system, String call, ApiResponse r, JsonNode body) {
        String code = body.path("code").asText("HTTP_" + r.status());
        String message = body.path("message").asText("unexpected answer");
        JsonNode details = body.path("details");
        return ApiException.of(
                system,
                r.status(),
                code,
                call + " answered " + r.status() + " " + code + ": " + message
                        + (details.isObject() && details.size() > 0 ? " " + details : ""));
    }
}
