package io.deskbridge.connector.zohocrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.CrmFields;
import io.deskbridge.connector.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zoho CRM's field metadata: {@code GET {api-url}/crm/v8/settings/fields?module={module}} (scope
 * {@code ZohoCRM.settings.fields.READ}), answering {@code {"fields":[{"api_name","data_type",...}]}}. One call a
 * module, through the CRM's caller (gate, retries, daily budget).
 */
public final class ZohoCrmFields implements CrmFields {

    private final ApiCaller caller;
    private final String base;
    private final ObjectMapper json;

    public ZohoCrmFields(ApiCaller caller, URI apiUrl, ObjectMapper json) {
        this(caller, apiUrl, json, CrmProductApi.ZOHO_CRM);
    }

    /** Bigin's field metadata is {@code /bigin/v2/settings/fields?module=} [3P], the same answer. */
    public ZohoCrmFields(ApiCaller caller, URI apiUrl, ObjectMapper json, CrmProductApi product) {
        this.caller = caller;
        String url = apiUrl.toString();
        this.base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + product.path()
                + "settings/fields?module=";
        this.json = json;
    }

    @Override
    public Map<String, Field> fields(String module) {
        String call = "GET settings/fields?module=" + module;
        ApiResponse r = caller.call(
                ApiCaller.Request.get(URI.create(base + URLEncoder.encode(module, StandardCharsets.UTF_8)), Map.of()));
        JsonNode body = Json.parse(json, caller.system(), call, r);
        if (r.status() != 200) {
            throw CrmErrors.failure(caller.system(), call, r, body);
        }
        JsonNode items = body.path("fields");
        if (!items.isArray()) {
            throw ApiException.of(
                    caller.system(), r.status(), "MALFORMED_RESPONSE", call + " answered without a fields array");
        }
        Map<String, Field> out = new LinkedHashMap<>();
        for (JsonNode f : items) {
            String name = f.path("api_name").asText("");
            if (!name.isEmpty()) {
                JsonNode length = f.path("length");
                out.put(
                        name,
                        new Field(
                                name,
                                f.path("data_type").asText(""),
                                length.canConvertToInt() && length.asInt() > 0 ? length.asInt() : null));
            }
        }
        return out;
    }
}
