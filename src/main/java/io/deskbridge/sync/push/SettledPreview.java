package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.DryRunPreview;
import io.deskbridge.model.Side;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.map.FieldMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts into a dry run's preview what the settlement of its writes decided, with the outcome the run counts it as:
 * the writes of a record as they would have gone out. Fields are named {@code <side>.<field>}: the side written and,
 * for a new record, the field as sent, for a pair brought together, the field map's canonical (Desk) name with the
 * value the side held before.
 */
final class SettledPreview {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Mirror mirror;
    private final FieldMapper mapper;

    public SettledPreview(Mirror mirror, FieldMapper mapper) {
        this.mirror = mirror;
        this.mapper = mapper;
    }

    /** A record created on the side opposite its own ({@code body} as sent there). */
    public void created(RunContext run, SyncRecord record, ObjectNode body) {
        Side written = record.side().other();
        Map<String, DryRunPreview.Change> fields = new LinkedHashMap<>();
        body.fields()
                .forEachRemaining(f -> fields.put(written.system() + "." + f.getKey(), change(null, f.getValue())));
        run.preview().add("created", item(written.system(), record, null, fields));
    }

    /**
     * A pair brought together: linked when the link is new, updated when either side gets a change; a pair that needs
     * nothing is left out (the counters have it as unchanged).
     */
    public void paired(
            RunContext run, SyncRecord record, String crmId, String deskId, boolean newLink, Reconciler.Plan plan) {
        if (!newLink && plan.writesNothing()) {
            return;
        }
        Map<String, DryRunPreview.Change> fields = new LinkedHashMap<>();
        addChanges(fields, Side.CRM, plan.toCrm(), plan.crmBefore());
        if (!plan.toDesk().isEmpty()) {
            addChanges(fields, Side.DESK, plan.toDesk(), deskBefore(run, deskId));
        }
        String writes = plan.toCrm().isEmpty()
                ? plan.toDesk().isEmpty() ? null : "desk"
                : plan.toDesk().isEmpty() ? "crm" : "crm+desk";
        run.preview()
                .add(
                        newLink ? "linked" : "updated",
                        new DryRunPreview.Item(
                                writes, crmId, deskId, record.side().system(), fields, null));
    }

    private ObjectNode deskBefore(RunContext run, String deskId) {
        return mirror.get(run.syncId(), Side.DESK.system(), run.scope(Side.DESK), deskId)
                .map(row -> {
                    try {
                        return mapper.canonical(run, Side.DESK, (ObjectNode) JSON.readTree(row.payload()));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return null;
                    }
                })
                .orElse(null);
    }

    private static void addChanges(
            Map<String, DryRunPreview.Change> fields, Side side, ObjectNode to, ObjectNode before) {
        for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            fields.put(
                    side.system() + "." + f.getKey(),
                    change(before == null ? null : before.get(f.getKey()), f.getValue()));
        }
    }

    private static DryRunPreview.Item item(
            String writes, SyncRecord record, String reason, Map<String, DryRunPreview.Change> fields) {
        boolean fromCrm = record.side() == Side.CRM;
        return new DryRunPreview.Item(
                writes,
                fromCrm ? record.sourceId() : record.targetId(),
                fromCrm ? record.targetId() : record.sourceId(),
                record.side().system(),
                fields,
                reason);
    }

    private static DryRunPreview.Change change(JsonNode from, JsonNode to) {
        return DryRunPreview.Change.of(from, to);
    }
}
