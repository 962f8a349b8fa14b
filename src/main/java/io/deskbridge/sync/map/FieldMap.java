package io.deskbridge.sync.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A validated field map: turns a CRM record into the Desk shape. Made by {@link FieldMapLoader}. */
public final class FieldMap {

    private final String source;
    private final List<FieldRule> rules;

    FieldMap(String source, List<FieldRule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    /** Where this map was read from, for messages. */
    public String source() {
        return source;
    }

    public List<FieldRule> rules() {
        return rules;
    }

    public List<String> crmFields() {
        return rules.stream().map(FieldRule::crm).toList();
    }

    /**
     * The Desk-shaped copy of a CRM record: every mapped field, null where the CRM has none. Custom
     * Desk fields ({@code cf.cf_region}) land in the nested {@code cf} object.
     */
    public ObjectNode toDesk(ObjectNode crm, ObjectMapper json) {
        ObjectNode out = json.createObjectNode();
        for (FieldRule rule : rules) {
            JsonNode value = crm.get(rule.crm());
            JsonNode v = value == null ? json.nullNode() : value;
            if (rule.desk().startsWith("cf.")) {
                ObjectNode cf = out.has("cf") ? (ObjectNode) out.get("cf") : out.putObject("cf");
                cf.set(rule.desk().substring(3), v);
            } else {
                out.set(rule.desk(), v);
            }
        }
        return out;
    }
}
