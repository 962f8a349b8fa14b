package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.TicketStats;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Which CRM field of each module takes which support figure (routes/tickets.statsmap.yaml, read by
 * {@link StatsMapLoader}). Empty as shipped: then nothing is written into the CRM.
 *
 * @param file   where it was read from, for messages
 * @param fields by module, the CRM field API name of each figure mapped, in {@link StatsFigure}'s order (not the
 *               file's: a fingerprint of the mapping does not change when its lines are reordered)
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
        return fingerprintOf(of(module).toString());
    }

    /**
     * A fingerprint of what {@link #record} writes of these figures (36 characters): when it is the one last written,
     * there is nothing to write, whatever the figures the map does not name did.
     */
    public String valuesFingerprint(CrmModule module, TicketStats stats) {
        return fingerprintOf(record(module, "", stats, Map.of()).toString());
    }

    private static String fingerprintOf(String text) {
        return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The CRM update of one record: its id and each mapped field with its figure.
     *
     * @param lengths the most characters each text field takes, by field (those not named are not cut)
     */
    public ObjectNode record(CrmModule module, String crmId, TicketStats stats, Map<String, Integer> lengths) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("id", crmId);
        of(module).forEach((figure, field) -> r.set(field, figure.value(stats, lengths.get(field))));
        return r;
    }

    /** Whether the module maps a text figure, which the CRM field's length may cut. */
    public boolean mapsText(CrmModule module) {
        return of(module).keySet().stream().anyMatch(f -> f.kind() == StatsFigure.Kind.TEXT);
    }
}
