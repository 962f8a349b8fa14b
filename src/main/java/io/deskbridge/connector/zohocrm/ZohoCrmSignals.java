package io.deskbridge.connector.zohocrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.SalesSignals;
import io.deskbridge.connector.WriteResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zoho CRM's Signals API: {@code POST {api-url}/crm/v2/signals/notifications} (v2 whatever version the rest of the
 * CRM client speaks; scope {@code ZohoCRM.signals.ALL}) with
 * {@code {"signals":[{"signal_namespace","email"|"id","subject","message","actions":[{"type":"link","open_in":"tab",
 * "display_name","url"}]}]}} (zoho.com/crm/developer/docs/signals/invoke-signal-via-API.html).
 * <p>
 * <b>Lengths.</b> The CRM takes a subject of up to {@value #SUBJECT_MAX} characters and a message of up to
 * {@value #MESSAGE_MAX}. A longer one is shortened to the limit, its last character an ellipsis ({@code …}), and its
 * result's details list it under {@code shortened}; it is not refused. Signals are built from ticket text that no one
 * here can edit (a Desk subject may have 1,000 characters), every notice links to the whole ticket, and a refusal
 * would drop the notice for a cosmetic reason, or have an outbox retry it for ever. A {@code ~br~} line break cut in
 * half is left out rather than shown as text.
 * <p>
 * <b>The answer</b> is not documented. Any of 200, 201, 202 and 204 is success; when the answer lists one entry per
 * signal (under {@code signals} or {@code data}, as the CRM's record writes do), an entry whose {@code status} is not
 * {@code success} is that signal's refusal, with its {@code code} and {@code message}; so is an entry of a 207 or 400
 * that lists them. Any other answer is the CRM's error envelope and the typed failure.
 * <p>
 * A call is not repeated after a lost answer: the CRM would show the notice twice. Delivery at least once is the
 * outbox's, which sends it again in a later call.
 */
public final class ZohoCrmSignals implements SalesSignals {

    static final int SUBJECT_MAX = 100;
    static final int MESSAGE_MAX = 1000;
    static final String ELLIPSIS = "\u2026";
    private static final String LINE_BREAK = "~br~";
    private static final Set<Integer> ACCEPTED = Set.of(200, 201, 202, 204);

    private final ApiCaller caller;
    private final URI url;
    private final URI settingsUrl;
    private final ObjectMapper json;

    public ZohoCrmSignals(ApiCaller caller, URI apiUrl, ObjectMapper json) {
        this.caller = caller;
        String base = apiUrl.toString();
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.url = URI.create(root + "/crm/v2/signals/notifications");
        this.settingsUrl = URI.create(root + "/crm/v8/settings/signals");
        this.json = json;
    }

    @Override
    public List<WriteResult> notify(List<Signal> signals) {
        if (signals.isEmpty()) {
            return List.of();
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("signals");
        List<ArrayNode> shortened = new ArrayList<>(signals.size());
        for (Signal s : signals) {
            ArrayNode cut = json.createArrayNode();
            items.add(signal(s, cut));
            shortened.add(cut);
        }
        String call = "POST signals/notifications";
        ApiResponse r = caller.call(ApiCaller.Request.json("POST", url, Map.of(), body.toString(), false));
        JsonNode answer = Json.parse(json, caller.system(), call, r);
        JsonNode entries = answer.path("signals").isArray() ? answer.path("signals") : answer.path("data");
        boolean perSignal = entries.isArray();
        if (ACCEPTED.contains(r.status()) && !perSignal) {
            List<WriteResult> results = new ArrayList<>(signals.size());
            shortened.forEach(cut -> results.add(written(null, cut)));
            return results;
        }
        if (!ACCEPTED.contains(r.status()) && !(perSignal && (r.status() == 207 || r.status() == 400))) {
            throw CrmErrors.failure(caller.system(), call, r, answer);
        }
        if (entries.size() != signals.size()) {
            throw ApiException.of(
                    caller.system(),
                    r.status(),
                    "MALFORMED_RESPONSE",
                    call + " answered " + entries.size() + " entries for " + signals.size() + " signals");
        }
        List<WriteResult> results = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            JsonNode entry = entries.get(i);
            String status = entry.path("status").asText("success");
            results.add(
                    "success".equalsIgnoreCase(status)
                            ? written(entry, shortened.get(i))
                            : WriteResult.refused(
                                    entry.path("code").asText(status),
                                    entry.path("message").asText(null),
                                    entry));
        }
        return results;
    }

    /**
     * {@code GET {api-url}/crm/v8/settings/signals} (zoho.com/crm/developer/docs/api/v8/get-signals.html, scope
     * {@code ZohoCRM.settings.signals.READ}): each signal's {@code namespace}. The page lists the keys of a signal but
     * shows no whole answer: the list is read from {@code signals}, else from the answer's first array. A 204 is none.
     */
    @Override
    public List<String> namespaces() {
        String call = "GET settings/signals";
        ApiResponse r = caller.call(ApiCaller.Request.get(settingsUrl, Map.of()));
        if (r.status() == 204) {
            return List.of();
        }
        JsonNode answer = Json.parse(json, caller.system(), call, r);
        if (r.status() != 200) {
            throw CrmErrors.failure(caller.system(), call, r, answer);
        }
        JsonNode list = answer.path("signals");
        if (!list.isArray()) {
            list = json.createArrayNode();
            for (JsonNode v : answer) {
                if (v.isArray()) {
                    list = v;
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : list) {
            String ns = s.path("namespace").asText("");
            if (!ns.isBlank()) {
                out.add(ns);
            }
        }
        return out;
    }

    private ObjectNode signal(Signal s, ArrayNode shortened) {
        ObjectNode n = json.createObjectNode().put("signal_namespace", s.namespace());
        if (s.email() != null && !s.email().isBlank()) {
            n.put("email", s.email());
        } else {
            n.put("id", s.recordId());
        }
        n.put("subject", fit("subject", s.subject(), SUBJECT_MAX, shortened));
        n.put("message", fit("message", s.message(), MESSAGE_MAX, shortened));
        ArrayNode actions = n.putArray("actions");
        for (Link link : s.links()) {
            actions.addObject()
                    .put("type", "link")
                    .put("open_in", "tab")
                    .put("display_name", link.displayName())
                    .put("url", link.url());
        }
        return n;
    }

    private static String fit(String field, String text, int max, ArrayNode shortened) {
        if (text.length() <= max) {
            return text;
        }
        shortened.add(field);
        return shorten(text, max);
    }

    /** {@code text} cut to {@code max} characters with the ellipsis as the last, never inside a surrogate pair. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        String cut = text.substring(0, end);
        int tilde = cut.lastIndexOf('~');
        if (tilde >= 0 && LINE_BREAK.startsWith(cut.substring(tilde)) && cut.length() - tilde < LINE_BREAK.length()) {
            cut = cut.substring(0, tilde);
        }
        return cut + ELLIPSIS;
    }

    private WriteResult written(JsonNode entry, ArrayNode shortened) {
        ObjectNode details = json.createObjectNode();
        if (entry != null) {
            details.set("answer", entry);
        }
        if (!shortened.isEmpty()) {
            details.set("shortened", shortened);
        }
        String id = entry == null ? null : entry.path("details").path("id").asText(null);
        return WriteResult.written(id, null, details);
    }
}
