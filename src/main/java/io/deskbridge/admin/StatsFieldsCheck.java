package io.deskbridge.admin;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.CrmFields;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.store.CrmModule;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.tickets.StatsMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Activating the tickets sync checks the CRM fields routes/tickets.statsmap.yaml writes the support figures into:
 * each must exist in its module's field metadata, and take the figure (a number field for a count or an average, a
 * text field for the feedback, a date-time field for its time). One metadata read per mapped module; nothing when
 * the map is empty (as shipped) or the sync writes nothing (direction none).
 */
public final class StatsFieldsCheck implements Function<SyncDefinition, List<String>> {

    private final StatsMap map;
    private final CrmFields crm;
    private final CrmProduct product;
    /** What a refused read of a module's fields adds: the scope the product's field metadata needs, or nothing. */
    private final Function<ApiException, String> scopeHint;

    public StatsFieldsCheck(StatsMap map, CrmFields crm, CrmProduct product, Function<ApiException, String> scopeHint) {
        this.product = product;
        this.scopeHint = scopeHint;
        this.map = map;
        this.crm = crm;
    }

    @Override
    public List<String> apply(SyncDefinition sync) {
        if (!sync.id().equals(ModuleSpec.TICKETS.id()) || !sync.direction().flows() || map.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (CrmModule module : CrmModule.values()) {
            if (map.maps(module)) {
                problems.addAll(problems(module));
            }
        }
        return problems;
    }

    private List<String> problems(CrmModule module) {
        Map<String, CrmFields.Field> fields;
        try {
            fields = crm.fields(module.apiName(product));
        } catch (ApiException e) {
            return List.of("CRM " + module.apiName(product) + " fields (for " + map.file() + "): " + e.getMessage()
                    + scopeHint.apply(e));
        }
        List<String> problems = new ArrayList<>();
        map.of(module).forEach((figure, name) -> {
            CrmFields.Field field = fields.get(name);
            String what = "statistics field " + module.apiName(product) + "." + name + " (figure " + figure.key() + ", "
                    + map.file() + ")";
            if (field == null) {
                problems.add(what + " does not exist in the CRM's " + module.apiName(product)
                        + " module; create it there"
                        + " or leave the figure out (" + module.apiName(product) + " fields that could take it: "
                        + new TreeSet<>(fields.values().stream()
                                .filter(f -> figure.kind().dataTypes().contains(f.dataType()))
                                .map(CrmFields.Field::apiName)
                                .toList())
                        + ")");
            } else if (!field.dataType().isEmpty() && !figure.kind().dataTypes().contains(field.dataType())) {
                problems.add(what + " is a '" + field.dataType() + "' field; " + figure.key() + " needs one of "
                        + new TreeSet<>(figure.kind().dataTypes()));
            }
        });
        return problems;
    }
}
