package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.Side;
import io.deskbridge.model.Timestamps;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.FieldMap;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.map.FieldMapper;
import io.deskbridge.sync.map.Lookups;
import io.deskbridge.sync.push.PendingWrite.DeskUpdate;
import io.deskbridge.sync.push.PendingWrite.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The LINK and UPDATE outcomes: a record and its counterpart are reconciled field by field, and what each
 * side must get becomes a write. The Desk's part goes out with the next Desk batch, except for a new link,
 * which is sent at once so it is stored before the next record is decided (it might match the same Desk
 * record); the CRM's part follows once the Desk has its own, and the pair is settled once both have.
 */
public final class Pairing {

    private final Links links;
    private final Mirror mirror;
    private final FieldMapper mapper;
    private final Lookups lookups;
    private final DeskWrites deskWrites;
    private final PairSettler settler;
    private final WriteQueue queue;
    private final ObjectMapper json;

    public Pairing(
            Links links,
            Mirror mirror,
            FieldMapper mapper,
            Lookups lookups,
            DeskWrites deskWrites,
            PairSettler settler,
            WriteQueue queue,
            ObjectMapper json) {
        this.links = links;
        this.mirror = mirror;
        this.mapper = mapper;
        this.lookups = lookups;
        this.deskWrites = deskWrites;
        this.settler = settler;
        this.queue = queue;
        this.json = json;
    }

    /** A linked record that changed: bring the pair together, field by field, from what they agreed last. */
    public void update(RunContext run, SyncRecord record) {
        Links.Link link = links.by(record.side(), run.syncId(), run.deskOrg(), record.sourceId())
                .orElseThrow();
        pair(run, record, link.base() == null ? null : parse(link.base()), false);
    }

    /** The one record of the other side with this key: link the two, then bring them together. */
    public void link(RunContext run, SyncRecord record) {
        pair(run, record, null, true);
    }

    void pair(RunContext run, SyncRecord record, ObjectNode base, boolean newLink) {
        Side side = record.side();
        Side other = side.other();
        Mirror.Row otherRow = mirror.get(run.syncId(), other.system(), run.scope(other), record.targetId())
                .orElse(null);
        ObjectNode otherRecord = otherRow == null ? json.createObjectNode() : parse(otherRow.payload());
        ObjectNode otherCanonical = mapper.canonical(run, other, otherRecord);
        // The other record is settled by this merge, not by a pass of its own: what it waits for is decided here.
        if (otherRow != null) {
            lookups.noteWaits(run, other, record.targetId(), otherRecord, otherCanonical);
        }
        ObjectNode crm = side == Side.CRM ? record.canonical() : otherCanonical;
        ObjectNode deskValues = side == Side.DESK ? record.canonical() : otherCanonical;
        ObjectNode crmRecord = side == Side.CRM ? record.source() : otherRecord;
        ObjectNode deskRecord = side == Side.DESK ? record.source() : otherRecord;
        // Matched through a secondary email: the CRM's emails are kept, whatever the conflict policy says. A link that
        // was never brought together (made by a run with direction none) tells so by primary emails that differ.
        boolean throughSecondary =
                newLink ? record.matchedBySecondary() : base == null && !primaryKeysAgree(run, crm, deskValues);
        Set<String> crmKeeps = throughSecondary ? emailFields(run) : Set.of();
        Reconciler.Plan planned = Reconciler.reconcile(
                run.sync().rules(),
                crm,
                deskValues,
                base == null ? null : (ObjectNode) base.get("crm"),
                base == null ? null : (ObjectNode) base.get("desk"),
                run.twoWay(),
                run.sync().conflictPolicy(),
                Timestamps.parseOrNull(crmRecord.path("Modified_Time").asText(null)),
                Timestamps.parseOrNull(deskRecord.path("modifiedTime").asText(null)),
                crmKeeps);
        ObjectNode crmBody = crmBody(run, planned.toCrm());
        Reconciler.Plan plan = writableToCrm(run, planned, crmBody, crmRecord);
        String crmId = side == Side.CRM ? record.sourceId() : record.targetId();
        String deskId = side == Side.DESK ? record.sourceId() : record.targetId();

        ObjectNode deskBody = plan.toDesk().isEmpty() ? null : FieldMap.deskBody(plan.toDesk());
        // What the Desk holds after the write is what was pulled plus what was written. Its answer may also carry
        // an edit made in the Desk since the pull; that edit must stay news for the next run, not be taken as agreed.
        Pair pair = new Pair(
                crmId,
                deskId,
                newLink,
                plan,
                crmRecord,
                plan.toCrm().isEmpty() ? null : crmBody.put("id", crmId),
                deskBody == null ? null : withChanges(deskRecord, deskBody));
        if (deskBody == null) {
            settler.deskHolds(run, record, pair).forEach(crmPart -> queue.queue(run, crmPart));
        } else if (newLink) {
            DeskUpdate update = new DeskUpdate(record, deskBody, pair);
            // Sent as a batch of one: its answer, a refusal or a record gone, is settled as any batch's.
            deskWrites.send(run, List.of(update)).forEach(crmPart -> queue.queue(run, crmPart));
        } else {
            queue.queue(run, new DeskUpdate(record, deskBody, pair));
        }
    }

    /**
     * The plan without the CRM changes that cannot be written: a lookup to a record that is not linked
     * (yet) has no CRM id to point at, so the CRM keeps what it has. Nor is a CRM reference that does not
     * translate yet taken for an empty one: the Desk's value does not overwrite it.
     */
    private static Reconciler.Plan writableToCrm(
            RunContext run, Reconciler.Plan plan, ObjectNode crmBody, ObjectNode crmRecord) {
        ObjectNode toCrm = plan.toCrm().deepCopy();
        ObjectNode crmAfter = plan.crmAfter().deepCopy();
        ObjectNode deskAfter = plan.deskAfter().deepCopy();
        for (ModuleSpec.Lookup l : run.sync().module().lookups()) {
            if (!toCrm.has(l.deskField())) {
                continue;
            }
            boolean crmWaits = Lookups.untranslatedOnCrm(l, crmRecord, plan.crmBefore());
            if (crmWaits || !crmBody.has(l.crmField())) {
                toCrm.remove(l.deskField());
                crmBody.remove(l.crmField());
                crmAfter.set(l.deskField(), plan.crmBefore().get(l.deskField()));
                if (!crmWaits) {
                    // Not agreed: the Desk's value stays news, to be written once its record is linked.
                    deskAfter.set(l.deskField(), plan.crmBefore().get(l.deskField()));
                }
            }
        }
        return new Reconciler.Plan(plan.toDesk(), toCrm, plan.crmBefore(), crmAfter, deskAfter, plan.conflicts());
    }

    /** Canonical values as a CRM write body, lookups translated to the CRM's ids. */
    ObjectNode crmBody(RunContext run, ObjectNode canonical) {
        ObjectNode body = run.sync().fieldMap().crmBody(canonical);
        for (ModuleSpec.Lookup l : run.sync().module().lookups()) {
            if (canonical.has(l.deskField())) {
                ObjectNode ref = lookups.toCrm(l, run.deskOrg(), canonical.get(l.deskField()));
                if (ref != null) {
                    body.set(l.crmField(), ref);
                }
            }
        }
        return body;
    }

    private static boolean primaryKeysAgree(RunContext run, ObjectNode crm, ObjectNode desk) {
        String field = run.sync().module().matchKeys().deskPrimary();
        return crm.path(field).equals(desk.path(field));
    }

    private static Set<String> emailFields(RunContext run) {
        ModuleSpec.MatchKeys k = run.sync().module().matchKeys();
        return k.deskSecondary() == null ? Set.of(k.deskPrimary()) : Set.of(k.deskPrimary(), k.deskSecondary());
    }

    /** A record with written fields applied; custom fields merged into its {@code cf}. */
    private static ObjectNode withChanges(ObjectNode record, ObjectNode body) {
        ObjectNode out = record.deepCopy();
        body.fields().forEachRemaining(e -> {
            if (e.getKey().equals("cf")
                    && out.get("cf") instanceof ObjectNode cf
                    && e.getValue().isObject()) {
                cf.setAll((ObjectNode) e.getValue());
            } else {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private ObjectNode parse(String payload) {
        try {
            return (ObjectNode) json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
