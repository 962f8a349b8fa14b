package io.deskbridge.sync.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.Links;
import io.deskbridge.sync.ModuleSpec;

/**
 * Translates references between the systems through another sync's links: a contact's CRM
 * {@code Account_Name} (a lookup {@code {"name","id"}}) and its Desk {@code accountId} are the same
 * account when the two account records are linked. An account that is not linked (yet) translates to
 * nothing, and nothing is written for it.
 */
public final class Lookups {

    private final Links links;

    public Lookups(Links links) {
        this.links = links;
    }

    /** The canonical (Desk-side) id for a CRM lookup value, or null. */
    public JsonNode fromCrm(ModuleSpec.Lookup lookup, String deskOrg, JsonNode crmValue) {
        String crmId = crmValue == null ? null : crmValue.isObject() ? crmValue.path("id").asText(null) : null;
        if (crmId == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return links.byCrmId(lookup.viaSync(), deskOrg, crmId).filter(l -> l.state() == Links.State.ACTIVE)
                .<JsonNode>map(l -> JsonNodeFactory.instance.textNode(l.deskId()))
                .orElse(JsonNodeFactory.instance.nullNode());
    }

    /** The CRM write value ({@code {"id": ...}}) for a canonical Desk id, or null when the account is not linked. */
    public ObjectNode toCrm(ModuleSpec.Lookup lookup, String deskOrg, JsonNode deskId) {
        if (deskId == null || !deskId.isTextual()) {
            return null;
        }
        return links.byDeskId(lookup.viaSync(), deskOrg, deskId.asText()).filter(l -> l.state() == Links.State.ACTIVE)
                .map(l -> JsonNodeFactory.instance.objectNode().put("id", l.crmId())).orElse(null);
    }
}
