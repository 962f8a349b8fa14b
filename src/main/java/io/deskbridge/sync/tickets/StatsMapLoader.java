package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.store.CrmModule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads routes/tickets.statsmap.yaml and checks every name in it, reporting every problem at once with the file, the
 * key that points at it and the names allowed:
 * <pre>
 * modules:
 *   Contacts:
 *     total: Desk_Tickets_Total            # figure: CRM field API name
 *     averageFirstResponse: Desk_First_Response_Hours
 * </pre>
 * {@code modules:} with nothing under it (as shipped, the entries commented out) maps nothing. Whether the fields
 * exist in the CRM is checked at activation, where the CRM can be asked.
 */
public final class StatsMapLoader {

    private final CrmProduct product;
    /** The modules as the product names them: Bigin's deals are Pipelines. */
    private final List<String> moduleNames;

    private static final Pattern CRM_API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** The loader for Zoho CRM's modules. */
    public StatsMapLoader() {
        this(CrmProduct.ZOHO_CRM);
    }

    public StatsMapLoader(CrmProduct product) {
        this.product = product;
        this.moduleNames = CrmModule.names(product, CrmModule.withTickets());
    }

    /**
     * @param file the file's location, as messages name it
     * @param key  the setting that chose the file
     */
    public StatsMap load(String file, String key, InputStream in) {
        String where = file + " (" + key + ")";
        JsonNode root;
        try {
            root = yaml.readTree(in);
        } catch (IOException e) {
            throw new ConfigurationException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new ConfigurationException(
                    where + ": expected a mapping with the key 'modules' (" + String.join(", ", moduleNames) + ")");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("modules")) {
                problems.add("unknown key '" + name + "' (allowed: modules)");
            }
        }
        JsonNode modules = root.path("modules");
        Map<CrmModule, Map<StatsFigure, String>> fields = new LinkedHashMap<>();
        if (!modules.isNull() && !modules.isMissingNode() && !modules.isObject()) {
            problems.add("'modules' must map CRM modules (" + String.join(", ", moduleNames) + ") to their fields");
        } else if (modules.isObject()) {
            modules.fields()
                    .forEachRemaining(m -> module(m.getKey(), m.getValue(), problems)
                            .ifPresent(f -> fields.put(
                                    CrmModule.named(product, m.getKey(), CrmModule.withTickets())
                                            .orElseThrow(),
                                    f)));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(where + ": " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems) + "\n  (modules: " + String.join(", ", moduleNames)
                    + "; figures: "
                    + String.join(", ", StatsFigure.keys()) + ")");
        }
        return new StatsMap(file, fields);
    }

    private java.util.Optional<Map<StatsFigure, String>> module(
            String module, JsonNode entries, List<String> problems) {
        if (!moduleNames.contains(module)) {
            problems.add("unknown module '" + module + "'");
            return java.util.Optional.empty();
        }
        if (entries.isNull()) {
            return java.util.Optional.empty();
        }
        if (!entries.isObject()) {
            problems.add(module + ": expected figure: CRM field entries, found " + entries);
            return java.util.Optional.empty();
        }
        Map<StatsFigure, String> out = new EnumMap<>(StatsFigure.class);
        Map<String, String> figureOfField = new HashMap<>();
        entries.fields().forEachRemaining(e -> {
            StatsFigure figure = StatsFigure.ofKey(e.getKey());
            String field = e.getValue().isTextual() ? e.getValue().asText().trim() : null;
            if (figure == null) {
                problems.add(module + ": unknown figure '" + e.getKey() + "'");
            } else if (field == null || !CRM_API_NAME.matcher(field).matches()) {
                problems.add(module + "." + e.getKey() + ": '" + e.getValue().asText()
                        + "' is not a CRM field API name (letters, digits, _)");
            } else if (figureOfField.putIfAbsent(field, e.getKey()) != null) {
                problems.add(
                        module + "." + e.getKey() + ": field " + field + " already takes " + figureOfField.get(field));
            } else {
                out.put(figure, field);
            }
        });
        return out.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(out);
    }
}
