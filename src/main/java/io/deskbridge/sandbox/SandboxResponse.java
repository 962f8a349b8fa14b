package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/** Status plus optional JSON body; a null body is sent as an empty response (204, 304). */
record SandboxResponse(int status, JsonNode body) {

    static SandboxResponse of(int status, JsonNode body) {
        return new SandboxResponse(status, body);
    }

    static SandboxResponse empty(int status) {
        return new SandboxResponse(status, null);
    }
}
