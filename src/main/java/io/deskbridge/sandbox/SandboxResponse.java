package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Status plus optional JSON body and extra response headers; a null body is sent as an empty response (204, 304).
 */
record SandboxResponse(int status, JsonNode body, Map<String, String> headers) {

    SandboxResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    SandboxResponse(int status, JsonNode body) {
        this(status, body, Map.of());
    }

    static SandboxResponse of(int status, JsonNode body) {
        return new SandboxResponse(status, body);
    }

    static SandboxResponse empty(int status) {
        return new SandboxResponse(status, null);
    }

    SandboxResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SandboxResponse(status, body, h);
    }
}
