package io.deskbridge.connector.zendesksell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Sell API v2 as {@link ZendeskSellClient} speaks it: {@code {api-url}/v2/...} with the access token on every
 * call, lists as {@code {"items":[{"data":…,"meta":…}],"meta":{"links":{"next_page":…}}}}, single records as
 * {@code {"data":…}}, writes wrapped in {@code {"data":…}}, and Sell's error envelope
 * ({@code {"errors":[{"error":{resource, field, code, message, details}}], "meta":{http_status, logref}}}) turned
 * into the typed failure.
 */
final class SellCalls {

    final ApiCaller caller;
    final ObjectMapper json;
    private final String base;

    /** {@code caller} sends the access token (a {@link io.deskbridge.connector.BearerToken}: a 401 is final). */
    SellCalls(ApiCaller caller, URI apiUrl, ObjectMapper json) {
        this.caller = caller;
        String url = apiUrl.toString();
        this.base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/v2/";
        this.json = json;
    }

    String system() {
        return caller.system();
    }

    /** {@code path} is relative to {@code /v2/}, with its query already encoded. */
    ApiResponse get(String path) {
        return caller.call(ApiCaller.Request.get(URI.create(base + path), Map.of()));
    }

    /** A write, its body wrapped in {@code {"data":…}} as Sell requires. */
    ApiResponse send(String method, String path, JsonNode data, boolean idempotent) {
        ObjectNode body = json.createObjectNode();
        body.set("data", data);
        return caller.call(
                ApiCaller.Request.json(method, URI.create(base + path), Map.of(), body.toString(), idempotent));
    }

    ApiResponse delete(String path) {
        return caller.call(new ApiCaller.Request("DELETE", URI.create(base + path), Map.of(), null, null, true));
    }

    JsonNode parse(ApiResponse r, String call) {
        return Json.parse(json, system(), call, r);
    }

    /** The {@code data} objects of one list page and whether Sell links a next page. */
    record ListPage(List<ObjectNode> records, boolean more) {}

    ListPage list(ApiResponse r, String call) {
        JsonNode body = parse(r, call);
        if (r.status() != 200) {
            throw error(call, r, body);
        }
        JsonNode items = body.path("items");
        if (!items.isArray()) {
            throw malformed(r, call + " answered without an items array");
        }
        List<ObjectNode> out = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (!(item.path("data") instanceof ObjectNode data)) {
                throw malformed(r, call + " returned an item without a data object");
            }
            out.add(data);
        }
        boolean more = !out.isEmpty() && body.path("meta").path("links").hasNonNull("next_page");
        return new ListPage(out, more);
    }

    /** The record of a single-record answer (a read, a create, an update); anything else is the typed failure. */
    ObjectNode record(ApiResponse r, String call) {
        JsonNode body = parse(r, call);
        if (r.status() != 200 && r.status() != 201) {
            throw error(call, r, body);
        }
        if (!(body.path("data") instanceof ObjectNode data) || !data.hasNonNull("id")) {
            throw malformed(r, call + " answered without the record's data and id");
        }
        return data;
    }

    private ApiException malformed(ApiResponse r, String message) {
        return ApiException.of(system(), r.status(), "MALFORMED_RESPONSE", message);
    }

    /**
     * Sell's error envelope as the failure of its status, the message naming each error's field, code and message
     * (a 422 names the attribute Sell refused), and Sell's {@code logref} for its support.
     */
    ApiException error(String call, ApiResponse r, JsonNode body) {
        StringBuilder msg = new StringBuilder(call).append(" answered ").append(r.status());
        String code = null;
        for (JsonNode e : body.path("errors")) {
            JsonNode error = e.path("error");
            if (code == null) {
                code = error.path("code").asText(null);
            }
            msg.append(" [");
            String field = error.path("field").asText("");
            if (!field.isEmpty()) {
                msg.append(field).append(' ');
            }
            msg.append(error.path("code").asText("?"))
                    .append(": ")
                    .append(error.path("message").asText("no message"));
            String details = error.path("details").asText("");
            if (!details.isEmpty()) {
                msg.append(" (").append(details).append(')');
            }
            msg.append(']');
        }
        if (code == null) {
            msg.append(": unexpected answer");
        }
        String logref = body.path("meta").path("logref").asText("");
        if (!logref.isEmpty()) {
            msg.append("; logref ").append(logref);
        }
        return ApiException.of(system(), r.status(), code == null ? "HTTP_" + r.status() : code, msg.toString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
