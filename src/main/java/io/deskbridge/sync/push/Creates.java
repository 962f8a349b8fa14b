package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.model.Side;
import io.deskbridge.store.Intents;
import io.deskbridge.store.Jdbc;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.FieldMap;
import io.deskbridge.sync.definition.FieldRule;
import io.deskbridge.sync.outcome.RecordOutcomes;
import io.deskbridge.sync.push.PendingWrite.CrmUpsert;
import io.deskbridge.sync.push.PendingWrite.DeskCreate;
import java.util.List;

/**
 * The CREATE outcome: a record with no counterpart is created on the other side. A CRM record becomes a
 * Desk create, unless an earlier run sent its create without storing the link (a crash, a lost answer) and
 * the Desk holds it already; a Desk record becomes a CRM upsert by the match key.
 */
public final class Creates {

    private final SyncConnector desk;
    private final Intents intents;
    private final Jdbc jdbc;
    private final Pairing pairing;
    private final PairSettler settler;
    private final WriteQueue queue;
    private final RecordOutcomes outcomes;

    public Creates(
            SyncConnector desk,
            Intents intents,
            Jdbc jdbc,
            Pairing pairing,
            PairSettler settler,
            WriteQueue queue,
            RecordOutcomes outcomes) {
        this.desk = desk;
        this.intents = intents;
        this.jdbc = jdbc;
        this.pairing = pairing;
        this.settler = settler;
        this.queue = queue;
        this.outcomes = outcomes;
    }

    public void create(RunContext run, SyncRecord record) {
        if (record.side() == Side.CRM) {
            boolean hadIntent = run.hadIntent(
                    record.sourceId(), () -> intents.pending(run.syncId(), run.deskOrg(), Side.CRM.system()));
            if (hadIntent && createdBefore(run, record)) {
                return;
            }
            queue.queue(run, new DeskCreate(record, deskBody(run, record), hadIntent));
        } else {
            queue.queue(run, new CrmUpsert(record, pairing.crmBody(run, filled(run, record.canonical(), Side.DESK))));
        }
    }

    /** The body that creates a mapped CRM record in the Desk: its values that flow to the Desk. */
    static ObjectNode deskBody(RunContext run, SyncRecord record) {
        return FieldMap.deskBody(filled(run, record.canonical(), Side.CRM));
    }

    /**
     * A create of this record was sent before without its link being stored. If the Desk has exactly one
     * record with the key, it is that one: link it instead of creating again. The one place the Desk is searched.
     */
    private boolean createdBefore(RunContext run, SyncRecord record) {
        String keyField = run.sync().module().matchKeys().deskPrimary();
        List<ObjectNode> found = desk.findByKey(
                run.sync().module().deskModule(), keyField, record.primaryKey().value(), run::deskCalls);
        if (found.size() > 1) {
            record.because(
                    "AMBIGUOUS_MATCH",
                    record.describe() + " may have been created in the Desk before a crash, and " + found.size()
                            + " Desk records now have its key; nothing is written until only one has it");
            outcomes.conflict(run, record);
            return true;
        }
        if (found.isEmpty()) {
            return false;
        }
        ObjectNode existing = found.get(0);
        jdbc.inTransaction(() -> settler.remember(run, Side.DESK, existing));
        record.target(existing.path("id").asText(), false);
        pairing.pair(run, record, null, true);
        intents.done(run.syncId(), run.deskOrg(), Side.CRM.system(), record.sourceId());
        return true;
    }

    /** The non-empty canonical values that may flow from {@code from} to the other side. */
    private static ObjectNode filled(RunContext run, ObjectNode canonical, Side from) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (FieldRule rule : run.sync().rules()) {
            JsonNode v = canonical.get(rule.desk());
            boolean flows = from == Side.CRM ? rule.toDesk() : rule.toCrm();
            if (flows && !Reconciler.empty(v)) {
                out.set(rule.desk(), v);
            }
        }
        return out;
    }
}
