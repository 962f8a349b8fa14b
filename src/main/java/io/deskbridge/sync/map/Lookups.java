package io.deskbridge.sync.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.Side;
import io.deskbridge.store.Links;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.ModuleSpec;

/**
 * Translates references between the systems through another sync's links: a contact's CRM
 * {@code Account_Name} (a lookup {@code {"name","id"}}) and its Desk {@code accountId} are the same
 * account when the two account records are linked. An account that is not linked (yet) translates to
 * nothing, nothing is written for it, and the record waits for the link ({@link #noteWaits}).
 */
public final class Lookups {

    private final Links links;

    public Lookups(Links links) {
        this.links = links;
    }

    /** The canonical (Desk-side) id for a CRM lookup value, or null. */
    public JsonNode fromCrm(ModuleSpec.Lookup lookup, String deskOrg, JsonNode crmValue) {
        String crmId = crmValue == null
                ? null
                : crmValue.isObject() ? crmValue.path("id").asText(null) : null;
        if (crmId == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return links.byCrmId(lookup.viaSync(), deskOrg, crmId)
                .filter(l -> l.state() == Links.State.ACTIVE)
                .<JsonNode>map(l -> JsonNodeFactory.instance.textNode(l.deskId()))
                .orElse(JsonNodeFactory.instance.nullNode());
    }

    /**
     * Keeps in the store which references of the record could not be translated because the record they name is
     * not linked yet: that reference is held back (never written as empty, never agreed in the link's base), and
     * the first run after the link is made queues the record again and completes it. A reference that now
     * translates, or is gone, waits no more.
     */
    public void noteWaits(RunContext run, SyncRecord record) {
        noteWaits(run, record.side(), record.sourceId(), record.source(), record.canonical());
    }

    /** As above, for a record of {@code side} in its own shape and in canonical shape (the other record of a pair, too). */
    public void noteWaits(RunContext run, Side side, String id, ObjectNode source, ObjectNode canonical) {
        for (ModuleSpec.Lookup l : run.sync().module().lookups()) {
            String ref = reference(l, side, source);
            boolean waits = side == Side.CRM
                    ? untranslatedOnCrm(l, source, canonical)
                    : ref != null && toCrm(l, run.deskOrg(), source.get(l.deskField())) == null;
            if (waits) {
                links.waitFor(new Links.Waiting(
                        run.syncId(),
                        side.system(),
                        run.scope(side),
                        id,
                        l.deskField(),
                        run.deskOrg(),
                        l.viaSync(),
                        ref));
                run.waiting(side, id);
            } else if (run.mayBeWaiting(side, id, () -> links.waitingRecords(run.syncId(), run.deskOrg()))) {
                links.waitOver(run.syncId(), side.system(), run.scope(side), id, l.deskField());
            }
        }
    }

    /** Whether a CRM record names a record (its id) that does not translate: the CRM's value is not known to be empty. */
    public static boolean untranslatedOnCrm(ModuleSpec.Lookup lookup, ObjectNode crmRecord, ObjectNode crmCanonical) {
        JsonNode v = crmCanonical.get(lookup.deskField());
        return reference(lookup, Side.CRM, crmRecord) != null && (v == null || v.isNull());
    }

    /** The id a record's lookup names on its own side, or null. */
    private static String reference(ModuleSpec.Lookup lookup, Side side, ObjectNode record) {
        JsonNode v = side == Side.CRM ? record.path(lookup.crmField()).path("id") : record.path(lookup.deskField());
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    /** The CRM write value ({@code {"id": ...}}) for a canonical Desk id, or null when the account is not linked. */
    public ObjectNode toCrm(ModuleSpec.Lookup lookup, String deskOrg, JsonNode deskId) {
        if (deskId == null || !deskId.isTextual()) {
            return null;
        }
        return links.byDeskId(lookup.viaSync(), deskOrg, deskId.asText())
                .filter(l -> l.state() == Links.State.ACTIVE)
                .map(l -> JsonNodeFactory.instance.objectNode().put("id", l.crmId()))
                .orElse(null);
    }
}
