package io.deskbridge.sync.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a field map file ({@code routes/<sync>.fieldmap.yaml}) and checks every entry against the
 * module's known fields. Problems are collected and reported together, each with the file and the
 * entry, so an integration engineer can fix them in one go:
 * <pre>
 * fields:
 *   - crm: First_Name
 *     desk: firstName
 *   - crm: Description
 *     desk: description
 *     direction: crm-to-desk   # two-way (default), crm-to-desk or desk-to-crm
 *     wipe: true               # an emptied value clears the other side (default: it never does)
 *   - crm: Region          # a custom CRM field
 *     desk: cf.cf_region   # a custom Desk field
 *     custom: true
 * </pre>
 */
public final class FieldMapLoader {

    private static final Set<String> TOP_KEYS = Set.of("fields");
    private static final Set<String> ENTRY_KEYS = Set.of("crm", "desk", "custom", "direction", "wipe");
    private static final Set<String> DIRECTIONS = Set.of("two-way", "crm-to-desk", "desk-to-crm");
    private static final Pattern CRM_API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    private static final Pattern DESK_CUSTOM = Pattern.compile("cf\\.cf_[a-z0-9_]{1,100}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public FieldMap load(String name, InputStream in, ModuleSpec module) {
        JsonNode root;
        try {
            root = yaml.readTree(in);
        } catch (IOException e) {
            throw new FieldMapException(name + ": not valid YAML: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new FieldMapException(name + ": expected a mapping with a 'fields' list");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_KEYS.contains(key)) {
                problems.add("unknown key '" + key + "' (allowed: fields)");
            }
        }
        JsonNode fields = root.path("fields");
        if (!fields.isArray() || fields.isEmpty()) {
            problems.add("'fields' must be a non-empty list of {crm, desk} entries");
        }
        List<FieldRule> rules = new ArrayList<>();
        Set<String> deskTargets = new HashSet<>();
        int index = 0;
        for (JsonNode entry : fields) {
            index++;
            String where = "entry " + index;
            if (!entry.isObject()) {
                problems.add(where + ": expected {crm: ..., desk: ...}, found " + entry);
                continue;
            }
            for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!ENTRY_KEYS.contains(key)) {
                    problems.add(where + ": unknown key '" + key + "' (allowed: crm, desk, custom, direction, wipe)");
                }
            }
            String crm = text(entry, "crm");
            String desk = text(entry, "desk");
            boolean custom = entry.path("custom").asBoolean(false);
            boolean wipe = entry.path("wipe").asBoolean(false);
            for (String flag : new String[] {"custom", "wipe"}) {
                if (entry.has(flag) && !entry.get(flag).isBoolean()) {
                    problems.add(where + ": '" + flag + "' must be true or false");
                }
            }
            String direction = entry.has("direction") ? entry.get("direction").asText("") : "two-way";
            if (!DIRECTIONS.contains(direction)) {
                problems.add(where + ": direction '" + direction + "' is not one of two-way, crm-to-desk, desk-to-crm");
            }
            if (crm == null || desk == null) {
                problems.add(where + ": needs both 'crm' and 'desk'");
                continue;
            }
            where = where + " (crm: " + crm + ", desk: " + desk + ")";
            problems.addAll(checkCrm(where, crm, custom, module));
            problems.addAll(checkDesk(where, desk, custom, module));
            if (!deskTargets.add(desk)) {
                problems.add(where + ": Desk field '" + desk + "' is mapped more than once");
            }
            rules.add(new FieldRule(
                    crm, desk, custom, !direction.equals("desk-to-crm"), !direction.equals("crm-to-desk"), wipe));
        }
        ModuleSpec.MatchKeys keys = module.matchKeys();
        if (rules.stream()
                .noneMatch(r -> r.crm().equals(keys.crmPrimary()) && r.desk().equals(keys.deskPrimary()))) {
            problems.add("the match key " + keys.crmPrimary() + " -> " + keys.deskPrimary() + " must stay mapped");
        }
        if (rules.stream().anyMatch(r -> r.crm().equals(keys.crmPrimary()) && (!r.toDesk() || !r.toCrm()))) {
            problems.add("the match key " + keys.crmPrimary() + " -> " + keys.deskPrimary() + " must flow both ways");
        }
        if (!problems.isEmpty()) {
            throw new FieldMapException(
                    name + ": " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
        // The secondary key is always carried across, as the vendors' own integrations do.
        if (keys.crmSecondary() != null
                && rules.stream().noneMatch(r -> r.crm().equals(keys.crmSecondary()))
                && !deskTargets.contains(keys.deskSecondary())) {
            rules.add(FieldRule.twoWay(keys.crmSecondary(), keys.deskSecondary()));
        }
        return new FieldMap(name, rules);
    }

    private static List<String> checkCrm(String where, String crm, boolean custom, ModuleSpec module) {
        if (module.lookupFields().contains(crm)) {
            return List.of(where + ": '" + crm
                    + "' is a lookup field; it is kept in step through record links, not a field map");
        }
        if (custom) {
            return CRM_API_NAME.matcher(crm).matches()
                    ? List.of()
                    : List.of(where + ": '" + crm + "' is not a valid CRM API name (letters, digits, _)");
        }
        if (!module.crmFields().contains(crm)) {
            return List.of(where + ": unknown CRM " + module.crmModule() + " field '" + crm + "'; known: "
                    + new TreeSet<>(module.crmFields()) + " (mark a custom field with 'custom: true')");
        }
        return List.of();
    }

    private static List<String> checkDesk(String where, String desk, boolean custom, ModuleSpec module) {
        if (module.lookupFields().contains(desk)) {
            return List.of(where + ": '" + desk
                    + "' is a lookup field; it is kept in step through record links, not a field map");
        }
        if (desk.startsWith("cf.")) {
            return DESK_CUSTOM.matcher(desk).matches()
                    ? List.of()
                    : List.of(where + ": custom Desk fields are written cf.cf_<name> (lower case, digits, _)");
        }
        if (!module.deskFields().contains(desk)) {
            return List.of(where + ": unknown Desk " + module.deskModule() + " field '" + desk + "'; known: "
                    + new TreeSet<>(module.deskFields()) + " (custom Desk fields are written cf.cf_<name>)");
        }
        return List.of();
    }

    private static String text(JsonNode entry, String key) {
        JsonNode v = entry.get(key);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
    }
}
