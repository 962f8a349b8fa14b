package io.deskbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * HTTP side of the CRM's Signals, in the CRM's error envelope:
 * <pre>
 * POST /crm/v2/signals/notifications   {"signals":[{signal_namespace, email|id, subject, message, actions}]}
 * GET  /crm/{v2|v8}/settings/signals   the registered namespaces
 * </pre>
 * Zoho documents the notifications call under v2 only; the sandbox serves it there (route {@value #V2_PREFIX}).
 */
final class SignalsApi {

    static final String V2_PREFIX = "/sandbox/zoho/crm/v2";

    private final CrmSimulator crm;
    private final OAuthSimulator oauth;

    SignalsApi(CrmSimulator crm, OAuthSimulator oauth) {
        this.crm = crm;
        this.oauth = oauth;
    }

    /** Requests under {@value #V2_PREFIX}. */
    SandboxResponse handleV2(SandboxRequest req) {
        if (!oauth.authorized(req.header("Authorization"))) {
            return CrmApi.error(401, "INVALID_TOKEN", "invalid oauth token", null);
        }
        List<String> seg = req.segments();
        if (seg.equals(List.of("signals", "notifications"))) {
            return req.method().equals("POST") ? notify(req) : notAllowed();
        }
        if (isSettings(seg)) {
            return settings(req);
        }
        return CrmApi.error(
                404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", null);
    }

    static boolean isSettings(List<String> seg) {
        return seg.equals(List.of("settings", "signals"));
    }

    SandboxResponse settings(SandboxRequest req) {
        if (!req.method().equals("GET")) {
            return notAllowed();
        }
        synchronized (crm.store().lock) {
            ObjectNode body = Json.obj();
            body.set("signals", crm.signals().settingsArray());
            return SandboxResponse.of(200, body);
        }
    }

    private static SandboxResponse notAllowed() {
        return CrmApi.error(405, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one", null);
    }

    private SandboxResponse notify(SandboxRequest req) {
        if (req.body() == null || req.body().isBlank()) {
            return CrmApi.error(400, "INVALID_DATA", "the request body is empty", Json.obj());
        }
        JsonNode root;
        try {
            root = Json.parse(req.body());
        } catch (JsonProcessingException e) {
            return CrmApi.error(400, "INVALID_DATA", "body is not a valid JSON: " + e.getOriginalMessage(), Json.obj());
        }
        JsonNode items = root == null ? null : root.get("signals");
        if (items == null || !items.isArray()) {
            return CrmApi.error(
                    400,
                    "MANDATORY_NOT_FOUND",
                    "required field not found",
                    Json.obj().put("api_name", "signals").put("json_path", "$.signals"));
        }
        if (items.isEmpty()) {
            return CrmApi.error(
                    400,
                    "INVALID_DATA",
                    "the signals array is empty",
                    Json.obj().put("api_name", "signals").put("json_path", "$.signals"));
        }
        if (items.size() > CrmSignals.MAX_PER_CALL) {
            return CrmApi.error(
                    400,
                    "LIMIT_EXCEEDED",
                    "you can raise up to " + CrmSignals.MAX_PER_CALL + " signals per API call",
                    Json.obj().put("limit", CrmSignals.MAX_PER_CALL));
        }
        synchronized (crm.store().lock) {
            ArrayNode results = Json.arr();
            int ok = 0;
            long now = crm.nowSec();
            for (int i = 0; i < items.size(); i++) {
                ObjectNode r = crm.signals().accept(items.get(i), i, now);
                if ("success".equals(r.path("status").asText())) {
                    ok++;
                }
                results.add(r);
            }
            if (ok > 0) {
                crm.store().commit();
            }
            ObjectNode body = Json.obj();
            body.set("data", results);
            return SandboxResponse.of(ok == items.size() ? 200 : ok == 0 ? 400 : 207, body);
        }
    }
}
