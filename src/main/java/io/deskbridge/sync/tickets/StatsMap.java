package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.TicketStats;
import java.util.Map;

/**
 * Which CRM field of each module takes which support figure (routes/tickets.statsmap.yaml, read by
 * {@link StatsMapLoader}). Empty as shipped: then nothing is written into the CRM.
 *
 * @param file   where it was read from, for messages
 * @param fields by module, the CRM field API name of each figure mapped, in the file's order
 */
public record StatsMap(String file, Map<CrmModule, Map<StatsFigure, String>> fields) {

    public StatsMap {
        fields = Map.copyOf(fields);
    }

    /** A map without mappings: nothing is written. */
    public static StatsMap none(String file) {
        return new StatsMap(file, Map.of());
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean maps(CrmModule module) {
        return fields.containsKey(module);
    }

    /** The module's mapped figures by field; empty when it has none. */
    public Map<StatsFigure, String> of(CrmModule module) {
        return fields.getOrDefault(module, Map.of());
    }

    /** A fingerprint of the module's mapping, to notice when it changes (36 characters). */
    public String fingerprint(CrmModule module) {
        return java.util
                .UUID
                .nameUUIDFromBytes(of(module).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /** The CRM update of one record: its id and each mapped field with its figure. */
    public ObjectNode record(CrmModule module, String crmId, TicketStats stats) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("id", crmId);
        of(module).forEach((figure, field) -> r.set(field, figure.value(stats)));
        return r;
    }
}
