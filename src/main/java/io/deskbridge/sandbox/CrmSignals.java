package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * Zoho CRM sales signals: the namespaces registered in the CRM's Signals settings and every signal the CRM accepted
 * ({@code POST /crm/v2/signals/notifications}), kept in the sandbox store so a test or a demo can read them back.
 * The HTTP side is {@link SignalsApi}.
 */
public final class CrmSignals {

    /** The namespace registered in a fresh sandbox (Setup > Signals > custom signal in the real CRM). */
    public static final String DEFAULT_NAMESPACE = "deskbridge.tickets";

    static final int MAX_SUBJECT = 100;
    static final int MAX_MESSAGE = 1000;
    static final int MAX_PER_CALL = 100;
    static final long FIRST_SIGNAL_ID = 5725767000002000001L;
    /**
     * The modules an {@code email} is looked up in, in this order. Zoho documents that the email is a lead's or a
     * contact's, not which one wins when both have it: the sandbox takes the contact (the customer the CRM knows
     * better), an assumption.
     */
    static final List<String> EMAIL_MODULES = List.of("Contacts", "Leads");
    /** The modules an {@code id} may name: a signal is shown on a contact, a lead or a deal. */
    static final List<String> ID_MODULES = List.of("Contacts", "Leads", "Deals");
    /** Each action key, in the order they are checked, and its allowed values (empty: any text). */
    private static final List<Map.Entry<String, List<String>>> ACTION_RULES = List.of(
            Map.entry("type", List.of("link")),
            Map.entry("open_in", List.of("tab", "popup")),
            Map.entry("display_name", List.of()),
            Map.entry("url", List.of()));

    private final SandboxStore store;
    private final CrmSimulator crm;
    private final MVMap<Long, String> received;
    private final MVMap<Long, String> namespaces;

    CrmSignals(SandboxStore store, CrmSimulator crm) {
        this.store = store;
        this.crm = crm;
        this.received = store.map("crm.signals");
        this.namespaces = store.map("crm.signalNamespaces");
        if (namespaces.isEmpty()) {
            putNamespace(DEFAULT_NAMESPACE, "Deskbridge ticket activity");
        }
    }

    // ------------------------------------------------------------------------------------------ Java API

    /** Every accepted signal, oldest first: the request item plus {@code id}, {@code received_time}, {@code record}. */
    public List<ObjectNode> received() {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            Cursor<Long, String> c = received.cursor(null);
            while (c.hasNext()) {
                c.next();
                out.add(Json.parseStored(c.getValue()));
            }
            return out;
        }
    }

    /** Forget the accepted signals (the registered namespaces stay). */
    public void clear() {
        synchronized (store.lock) {
            received.clear();
            store.commit();
        }
    }

    /** Register a custom signal namespace, as an admin does in the CRM's Signals settings. */
    public void register(String namespace, String displayLabel) {
        synchronized (store.lock) {
            putNamespace(namespace, displayLabel);
            store.commit();
        }
    }

    /** Registered namespaces, in registration order. */
    public List<String> namespaces() {
        synchronized (store.lock) {
            List<String> out = new ArrayList<>();
            for (ObjectNode n : settings()) {
                out.add(n.get("namespace").asText());
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    private void putNamespace(String namespace, String displayLabel) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("a signal namespace must not be blank");
        }
        for (ObjectNode n : settings()) {
            if (n.get("namespace").asText().equals(namespace)) {
                return;
            }
        }
        long id = store.nextId("crm.signalNamespace.id", 5725767000000900001L);
        ObjectNode n = Json.obj()
                .put("display_label", displayLabel)
                .put("namespace", namespace)
                .put("id", Long.toString(id))
                .put("enabled", true);
        n.putObject("extension")
                .put("display_label", "Deskbridge")
                .put("namespace", namespace.contains(".") ? namespace.substring(0, namespace.indexOf('.')) : namespace)
                .put("id", "5725767000000900000");
        n.putObject("feature_availability").put("signals", true).put("scoring", false);
        namespaces.put(id, Json.write(n));
    }

    /** The namespaces as {@code GET /settings/signals} lists them. */
    List<ObjectNode> settings() {
        List<ObjectNode> out = new ArrayList<>();
        Cursor<Long, String> c = namespaces.cursor(null);
        while (c.hasNext()) {
            c.next();
            out.add(Json.parseStored(c.getValue()));
        }
        return out;
    }

    /**
     * Validate one item of a {@code signals} array and, when it is valid, record it. Returns the CRM's per-item
     * answer: {@code status} success with the new signal's id, or an error naming the field.
     */
    ObjectNode accept(JsonNode item, int index, long nowSec) {
        if (item == null || !item.isObject()) {
            return itemError("INVALID_DATA", "invalid data", null, index);
        }
        for (String f : List.of("signal_namespace", "subject", "message")) {
            String v = Json.text(item, f);
            if (v == null || v.isBlank()) {
                return itemError("MANDATORY_NOT_FOUND", "required field not found", f, index);
            }
        }
        String namespace = Json.text(item, "signal_namespace");
        if (!namespaces().contains(namespace)) {
            return itemError(
                    "INVALID_DATA", "the signal namespace is not registered in this CRM", "signal_namespace", index);
        }
        ObjectNode tooLong = length(item, "subject", MAX_SUBJECT, index);
        if (tooLong == null) {
            tooLong = length(item, "message", MAX_MESSAGE, index);
        }
        if (tooLong != null) {
            return tooLong;
        }
        Object target = record(item, index);
        if (target instanceof ObjectNode err) {
            return err;
        }
        Target record = (Target) target;
        ObjectNode actionError = actions(item.get("actions"), index);
        if (actionError != null) {
            return actionError;
        }
        long id = store.nextId("crm.signal.id", FIRST_SIGNAL_ID);
        ObjectNode kept = ((ObjectNode) item).deepCopy();
        kept.put("id", Long.toString(id));
        kept.put("received_time", Times.crm(nowSec));
        kept.putObject("record").put("module", record.module()).put("id", record.id());
        received.put(id, Json.write(kept));
        ObjectNode ok = Json.obj().put("code", "SUCCESS");
        ok.putObject("details").put("id", Long.toString(id)).put("signal_namespace", namespace);
        return ok.put("message", "signal raised").put("status", "success");
    }

    private static ObjectNode length(JsonNode item, String field, int max, int index) {
        String v = Json.text(item, field);
        if (v.codePointCount(0, v.length()) <= max) {
            return null;
        }
        ObjectNode err = itemError("INVALID_DATA", field + " is longer than " + max + " characters", field, index);
        ((ObjectNode) err.get("details")).put("maximum_length", max);
        return err;
    }

    /** The CRM record a signal is shown on. */
    private record Target(String module, String id) {}

    /** The record the signal is for ({@link Target}), or the error answer. */
    private Object record(JsonNode item, int index) {
        String email = Json.text(item, "email");
        String id = Json.text(item, "id");
        if (email == null && id == null) {
            return itemError("MANDATORY_NOT_FOUND", "required field not found: email or id", "email", index);
        }
        if (id != null) {
            for (String module : ID_MODULES) {
                CrmSimulator.Module m = crm.moduleOrNull(module); // Bigin has no Leads nor Deals
                if (m != null && !crm.findBy(m, "id", id).isEmpty()) {
                    return new Target(module, id);
                }
            }
            return itemError("INVALID_DATA", "the id given seems to be invalid", "id", index);
        }
        for (String module : EMAIL_MODULES) {
            CrmSimulator.Module m = crm.moduleOrNull(module);
            List<Long> found = m == null ? List.of() : crm.findBy(m, "Email", email);
            if (!found.isEmpty()) {
                return new Target(module, Long.toString(found.get(0)));
            }
        }
        return itemError("INVALID_DATA", "no lead or contact has this email", "email", index);
    }

    /** Actions are mandatory: a non-empty array of {type:"link", open_in:"tab"|"popup", display_name, url}. */
    private static ObjectNode actions(JsonNode actions, int index) {
        if (actions == null || actions.isNull()) {
            return itemError("MANDATORY_NOT_FOUND", "required field not found", "actions", index);
        }
        if (!actions.isArray() || actions.isEmpty()) {
            return itemError("INVALID_DATA", "actions must be a non-empty array", "actions", index);
        }
        for (int i = 0; i < actions.size(); i++) {
            JsonNode a = actions.get(i);
            String path = "actions[" + i + "]";
            if (!a.isObject()) {
                return itemError("INVALID_DATA", "invalid data", path, index);
            }
            for (Map.Entry<String, List<String>> rule : ACTION_RULES) {
                String v = Json.text(a, rule.getKey());
                if (v == null || v.isBlank()) {
                    return itemError(
                            "MANDATORY_NOT_FOUND", "required field not found", path + "." + rule.getKey(), index);
                }
                if (!rule.getValue().isEmpty() && !rule.getValue().contains(v)) {
                    return itemError(
                            "INVALID_DATA",
                            rule.getKey() + " must be one of " + rule.getValue(),
                            path + "." + rule.getKey(),
                            index);
                }
            }
            String url = Json.text(a, "url");
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                return itemError("INVALID_DATA", "url must be an http(s) URL", path + ".url", index);
            }
        }
        return null;
    }

    /** The CRM's per-item error answer, with the json_path inside the {@code signals} array. */
    static ObjectNode itemError(String code, String message, String field, int index) {
        ObjectNode d = Json.obj();
        if (field != null) {
            d.put("api_name", field);
            d.put("json_path", "$.signals[" + index + "]." + field);
        } else {
            d.put("json_path", "$.signals[" + index + "]");
        }
        return CrmApi.errorBody(code, message, d);
    }

    /** Wire list of the registered namespaces. */
    ArrayNode settingsArray() {
        ArrayNode a = Json.arr();
        settings().forEach(a::add);
        return a;
    }
}
