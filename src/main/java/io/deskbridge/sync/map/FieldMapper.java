package io.deskbridge.sync.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.MatchKey;
import io.deskbridge.model.Side;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The map step of the sync route: a record of either side into the canonical shape both are compared
 * in, with its match keys normalised and its lookups translated through the links.
 */
public final class FieldMapper {

    private final Lookups lookups;

    public FieldMapper(Lookups lookups) {
        this.lookups = lookups;
    }

    public SyncRecord map(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        record.mapped(
                canonical(run, record.side(), record.source()),
                keys(run.sync(), record.side(), record.source(), true),
                keys(run.sync(), record.side(), record.source(), false));
        if (!run.writesNothing()) {
            // Direction none writes no reference, so none waits: the first run that writes again notes the waits.
            lookups.noteWaits(run, record);
        }
        return record;
    }

    /** A record of {@code side} in canonical shape. */
    public ObjectNode canonical(RunContext run, Side side, ObjectNode record) {
        SyncDefinition sync = run.sync();
        ModuleSpec.MatchKeys keys = sync.module().matchKeys();
        ObjectNode out = side == Side.CRM
                ? sync.fieldMap().canonicalFromCrm(record)
                : sync.fieldMap().canonicalFromDesk(record);
        // Match keys are compared and written normalised, so the Desk never receives a padded or full-width email.
        normalise(out, keys.kind(), keys.deskPrimary());
        if (keys.deskSecondary() != null) {
            normalise(out, keys.kind(), keys.deskSecondary());
        }
        for (ModuleSpec.Lookup l : sync.module().lookups()) {
            out.set(
                    l.deskField(),
                    side == Side.CRM
                            ? lookups.fromCrm(l, run.deskOrg(), record.get(l.crmField()))
                            : nullToNode(record.get(l.deskField())));
        }
        return out;
    }

    private static MatchKey keys(SyncDefinition sync, Side side, ObjectNode record, boolean primary) {
        ModuleSpec.MatchKeys k = sync.module().matchKeys();
        String primaryRaw = text(record, side == Side.CRM ? k.crmPrimary() : k.deskPrimary());
        String secondaryRaw = text(record, side == Side.CRM ? k.crmSecondary() : k.deskSecondary());
        return primary ? k.kind().primary(primaryRaw, secondaryRaw) : k.kind().secondary(secondaryRaw);
    }

    private static String text(ObjectNode record, String field) {
        return field == null ? null : record.path(field).asText(null);
    }

    private static void normalise(ObjectNode canonical, MatchKey.Kind kind, String field) {
        JsonNode v = canonical.get(field);
        if (v == null || !v.isTextual()) {
            return;
        }
        MatchKey key = kind.of(v.asText());
        if (kind == MatchKey.Kind.EMAIL) {
            if (key.isValid()) {
                canonical.put(field, key.value());
            } else {
                canonical.putNull(field);
            }
        }
    }

    private static JsonNode nullToNode(JsonNode v) {
        return v == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : v;
    }
}
