package io.deskbridge.sync.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated field map (made by {@link FieldMapLoader}). Records of both sides are compared in one
 * canonical shape: a flat object keyed by the Desk field names ({@code cf.cf_region} for a custom
 * Desk field), so a CRM record and a Desk record can be compared field by field.
 */
public final class FieldMap {

    private final String source;
    private final List<FieldRule> rules;
    private final Map<String, FieldRule> byDesk = new LinkedHashMap<>();

    FieldMap(String source, List<FieldRule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
        this.rules.forEach(r -> byDesk.put(r.desk(), r));
    }

    /** Where this map was read from, for messages. */
    public String source() {
        return source;
    }

    public List<FieldRule> rules() {
        return rules;
    }

    public FieldRule rule(String deskKey) {
        return byDesk.get(deskKey);
    }

    public List<String> crmFields() {
        return rules.stream().map(FieldRule::crm).toList();
    }

    /** The CRM record in canonical shape: every mapped field, null where the CRM has none. */
    public ObjectNode canonicalFromCrm(ObjectNode crm) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (FieldRule rule : rules) {
            out.set(rule.desk(), valueOrNull(crm.get(rule.crm())));
        }
        return out;
    }

    /** The Desk record in canonical shape. */
    public ObjectNode canonicalFromDesk(ObjectNode desk) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (FieldRule rule : rules) {
            JsonNode v = rule.desk().startsWith("cf.")
                    ? desk.path("cf").get(rule.desk().substring(3))
                    : desk.get(rule.desk());
            out.set(rule.desk(), valueOrNull(v));
        }
        return out;
    }

    /** Canonical values as a Desk write body: custom fields nested under {@code cf}. */
    public static ObjectNode deskBody(ObjectNode canonical) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = canonical.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("cf.")) {
                ObjectNode cf = out.has("cf") ? (ObjectNode) out.get("cf") : out.putObject("cf");
                cf.set(e.getKey().substring(3), e.getValue());
            } else {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Canonical values as a CRM write body; keys the map does not know (lookups) are left to the caller. */
    public ObjectNode crmBody(ObjectNode canonical) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = canonical.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldRule rule = byDesk.get(e.getKey());
            if (rule != null) {
                out.set(rule.crm(), e.getValue());
            }
        }
        return out;
    }

    private static JsonNode valueOrNull(JsonNode v) {
        return v == null ? JsonNodeFactory.instance.nullNode() : v;
    }
}
