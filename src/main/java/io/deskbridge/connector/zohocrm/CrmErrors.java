package io.deskbridge.connector.zohocrm;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import java.util.Set;

/** The CRM's error envelope, {@code {"code","message","status":"error","details"}}, as the typed failure. */
final class CrmErrors {

    private CrmErrors() {}

    static ApiException failure(String system, String call, ApiResponse r, JsonNode body) {
        return failure(system, call, r, body, "");
    }

    /**
     * Whether the answer says the token lacks a scope: 401 or 403 {@code OAUTH_SCOPE_MISMATCH} (or another scope or
     * permission code), not a token that is no longer valid.
     */
    static boolean scopeRefused(ApiResponse r, JsonNode body) {
        return scopeRefused(r.status(), body.path("code").asText(""));
    }

    static boolean scopeRefused(int status, String code) {
        return (status == 401 || status == 403) && (code.contains("SCOPE") || code.equals("NO_PERMISSION"));
    }

    /** The codes Zoho answers for a URL or a module it does not know, besides a plain 404. */
    private static final Set<String> NO_SUCH_API = Set.of("INVALID_URL_PATTERN", "INVALID_MODULE", "API_NOT_SUPPORTED");

    /** Whether the answer says there is no such API: 404, or 400 with a code of a URL or module Zoho does not know. */
    static boolean noSuchApi(ApiResponse r, JsonNode body) {
        return r.status() == 404
                || (r.status() == 400 && NO_SUCH_API.contains(body.path("code").asText("")));
    }

    /** The failure, with {@code hint} (what to do about it) after the CRM's own words. */
    static ApiException failure(String system, String call, ApiResponse r, JsonNode body, String hint) {
        String code = body.path("code").asText("HTTP_" + r.status());
        String message = body.path("message").asText("unexpected answer");
        JsonNode details = body.path("details");
        return ApiException.of(
                system,
                r.status(),
                code,
                call + " answered " + r.status() + " " + code + ": " + message
                        + (details.isObject() && details.size() > 0 ? " " + details : "")
                        + hint);
    }
}
