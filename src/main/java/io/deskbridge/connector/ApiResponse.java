package io.deskbridge.connector;

import java.net.http.HttpHeaders;

/** A response as the API sent it; the connectors turn it into records or an {@link ApiException}. */
public record ApiResponse(int status, HttpHeaders headers, String body) {

    public boolean hasBody() {
        return body != null && !body.isBlank();
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
