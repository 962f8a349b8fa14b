package io.deskbridge.sync.push;

import io.deskbridge.sync.outcome.RecordOutcomes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.store.Conflicts;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.RunContext;
import io.deskbridge.model.Side;
import io.deskbridge.model.Timestamps;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.model.ContentHash;
import io.deskbridge.sync.definition.FieldMap;
import io.deskbridge.sync.map.FieldMapper;
import io.deskbridge.sync.definition.FieldRule;
import io.deskbridge.sync.map.Lookups;
import io.deskbridge.sync.pull.MirrorRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The push step, both ways. Desk writes go out a batch at a time, a few calls at once
 * ({@link DeskWrites}), except the update that makes a new link, which is sent at once; CRM writes
 * are queued in batches of 100 ({@link CrmBatch}). Once a record's writes are answered, the link
 * (with what both sides now hold), the mirror and the record's issues are updated in one commit: the
 * next run then recognises Deskbridge's own writes as no change, which is what keeps two-way runs
 * from echoing.
 */
public final class PairPush {

    private final ZohoDeskClient desk;
    private final CrmBatch crmBatch;
    private final DeskWrites deskWrites;
    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Links links;
    private final Issues issues;
    private final Conflicts conflicts;
    private final io.deskbridge.store.Intents intents;
    private final FieldMapper mapper;
    private final Lookups lookups;
    private final RecordOutcomes outcomes;
    private final ObjectMapper json;

    public PairPush(ZohoDeskClient desk, CrmBatch crmBatch, DeskWrites deskWrites, Jdbc jdbc, Mirror mirror, Links links,
                    Issues issues, Conflicts conflicts, io.deskbridge.store.Intents intents, FieldMapper mapper, Lookups lookups,
                    RecordOutcomes outcomes, ObjectMapper json) {
        this.intents = intents;
        this.desk = desk;
        this.crmBatch = crmBatch;
        this.deskWrites = deskWrites;
        deskWrites.completeWith(this::created);
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.links = links;
        this.issues = issues;
        this.conflicts = conflicts;
        this.mapper = mapper;
        this.lookups = lookups;
        this.outcomes = outcomes;
        this.json = json;
    }

    /** A record with no counterpart: create it on the other side. */
    public void create(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        ObjectNode values = filled(run, record.canonical(), record.side());
        if (record.side() == Side.CRM) {
            String system = Side.CRM.system();
            boolean hadIntent = run.hadIntent(record.sourceId(), () -> intents.pending(run.syncId(), run.deskOrg(), system));
            if (hadIntent && createdBefore(run, record)) {
                return;
            }
            deskWrites.queue(run, new DeskWrites.Create(record, FieldMap.deskBody(values), hadIntent));
        } else {
            run.claim(Side.DESK, record.sourceId());
            crmBatch.queue(run, CrmBatch.Kind.UPSERT, crmBody(run, values), failure(run, record), (result, body) -> {
                if (!result.success()) {
                    outcomes.refused(run, record, result.code(), "the CRM refused to create it: " + result.message() + " " + result.details());
                    return;
                }
                ObjectNode written = written(body, result);
                ObjectNode crmAfter = mapper.canonical(run, Side.CRM, written);
                boolean found = "update".equals(result.action());
                if (found && links.byCrmId(run.syncId(), run.deskOrg(), result.id()).isPresent()) {
                    // The CRM had this key on a record the last pull had not seen, and it is linked already.
                    record.because("ALREADY_LINKED", record.describe() + " has the key of CRM record " + result.id()
                            + ", which is already linked to another Desk record");
                    outcomes.conflict(run, record);
                    return;
                }
                jdbc.inTransaction(() -> {
                    if (found) {
                        // An existing CRM record, not read yet: linked without a base, so the next run brings the
                        // two together field by field, as any new link.
                        links.link(new Links.Link(run.syncId(), run.deskOrg(), result.id(), record.sourceId(),
                                record.primaryKey().value(), null, null, null, Links.State.ACTIVE));
                    } else {
                        remember(run, Side.CRM, written);
                        links.link(link(run, result.id(), record.sourceId(), record, crmAfter,
                                notAgreed(run, record.canonical(), crmAfter, body)));
                    }
                    settled(run, record);
                });
                if (found) {
                    run.counters().linked();
                } else {
                    run.counters().created();
                }
            });
        }
    }

    /** The Desk creates of a batch that went through: their links, mirror rows and intents, in one commit. */
    private void created(RunContext run, List<DeskWrites.Created> done) {
        List<Mirror.Row> rows = new java.util.ArrayList<>(done.size());
        List<Links.Link> made = new java.util.ArrayList<>(done.size());
        List<String> sourceIds = new java.util.ArrayList<>(done.size());
        for (DeskWrites.Created c : done) {
            SyncRecord record = c.record();
            rows.add(mirrorRow(run, Side.DESK, c.created()));
            made.add(link(run, record.sourceId(), c.created().path("id").asText(), record, record.canonical(),
                    mapper.canonical(run, Side.DESK, c.created())));
            sourceIds.add(record.sourceId());
        }
        String crm = Side.CRM.system();
        jdbc.inTransaction(() -> {
            mirror.putNew(run.syncId(), Side.DESK.system(), run.scope(Side.DESK), rows);
            links.linkAll(made);
            intents.doneAll(run.syncId(), run.deskOrg(), crm, sourceIds);
            mirror.doneAll(run.syncId(), crm, run.scope(Side.CRM), sourceIds);
            done.forEach(c -> outcomes.resolveIssue(run, c.record()));
        });
        run.serverOk();
        done.forEach(c -> run.counters().created());
    }

    /**
     * A create of this record was sent before without its link being stored (a crash, a lost answer).
     * If the Desk has exactly one record with the key, it is that one: link it instead of creating again.
     */
    private boolean createdBefore(RunContext run, SyncRecord record) {
        String keyField = run.sync().module().matchKeys().deskPrimary();
        run.deskCalls(1);
        List<ObjectNode> found = desk.findByKey(deskModule(run), keyField, record.primaryKey().value());
        if (found.size() > 1) {
            record.because("AMBIGUOUS_MATCH", record.describe() + " may have been created in the Desk before a crash, and "
                    + found.size() + " Desk records now have its key; nothing is written until only one has it");
            outcomes.conflict(run, record);
            return true;
        }
        if (found.isEmpty()) {
            return false;
        }
        ObjectNode existing = found.get(0);
        jdbc.inTransaction(() -> remember(run, Side.DESK, existing));
        record.target(existing.path("id").asText(), false);
        pair(run, record, null, true);
        intents.done(run.syncId(), run.deskOrg(), Side.CRM.system(), record.sourceId());
        return true;
    }

    /** A linked record that changed: bring the pair together, field by field. */
    public void update(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        Links.Link link = links.by(record.side(), run.syncId(), run.deskOrg(), record.sourceId()).orElseThrow();
        ObjectNode base = link.base() == null ? null : parse(link.base());
        pair(run, record, base, false);
    }

    /** The one record of the other side with this key: link the two, then bring them together. */
    public void link(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        pair(run, record, null, true);
    }

    private void pair(RunContext run, SyncRecord record, ObjectNode base, boolean newLink) {
        Side side = record.side();
        Side other = side.other();
        Mirror.Row otherRow = mirror.get(run.syncId(), other.system(), run.scope(other), record.targetId()).orElse(null);
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
        // Matched through a secondary email: the CRM's emails are kept, whatever the conflict policy says.
        java.util.Set<String> crmKeeps = newLink && record.matchedBySecondary() ? emailFields(run) : java.util.Set.of();
        Reconciler.Plan planned = Reconciler.reconcile(run.sync().rules(), crm, deskValues,
                base == null ? null : (ObjectNode) base.get("crm"), base == null ? null : (ObjectNode) base.get("desk"),
                run.twoWay(), run.sync().conflictPolicy(), Timestamps.parseOrNull(crmRecord.path("Modified_Time").asText(null)),
                Timestamps.parseOrNull(deskRecord.path("modifiedTime").asText(null)), crmKeeps);
        ObjectNode crmBody = crmBody(run, planned.toCrm());
        Reconciler.Plan plan = writableToCrm(run, planned, crmBody, crmRecord);
        String crmId = side == Side.CRM ? record.sourceId() : record.targetId();
        String deskId = side == Side.DESK ? record.sourceId() : record.targetId();

        ObjectNode deskBody = plan.toDesk().isEmpty() ? null : FieldMap.deskBody(plan.toDesk());
        Runnable gone = () -> outcomes.otherSideGone(run, record, crmId, deskId, Side.DESK);
        // What the Desk holds after the write is what was pulled plus what was written. Its answer may also carry
        // an edit made in the Desk since the pull; that edit must stay news for the next run, not be taken as agreed.
        Runnable settle = () -> settlePair(run, record, plan, crmBody, crmRecord,
                deskBody == null ? null : withChanges(deskRecord, deskBody), newLink, crmId, deskId);
        if (deskBody == null) {
            settle.run();
        } else if (newLink) {
            // A new link is stored before the next record is decided, which might match the same Desk record.
            try {
                run.deskCalls(1);
                desk.update(deskModule(run), deskId, deskBody);
            } catch (ApiException e) {
                if (e.status() == 404) {
                    gone.run();
                    return;
                }
                throw e;
            }
            settle.run();
        } else {
            deskWrites.queue(run, new DeskWrites.Update(record, deskId, deskBody, settle, gone));
        }
    }

    /** Once the Desk has what the plan sends it: the CRM's part of the plan, then the link, in one commit. */
    private void settlePair(RunContext run, SyncRecord record, Reconciler.Plan plan, ObjectNode crmBody, ObjectNode crmRecord,
                            ObjectNode writtenDesk, boolean newLink, String crmId, String deskId) {
        Side side = record.side();
        Side other = side.other();
        ObjectNode deskAfter = plan.deskAfter();
        ObjectNode desked = writtenDesk;
        ObjectNode deskFinal = deskAfter;
        Runnable finish = () -> jdbc.inTransaction(() -> {
            if (desked != null) {
                remember(run, Side.DESK, desked);
            }
            ObjectNode agreed = json.createObjectNode();
            agreed.set("crm", plan.crmAfter());
            agreed.set("desk", deskFinal);
            if (newLink) {
                links.link(new Links.Link(run.syncId(), run.deskOrg(), crmId, deskId, record.primaryKey().value(),
                        ContentHash.of(plan.crmAfter()), ContentHash.of(deskFinal), agreed.toString(), Links.State.ACTIVE));
            } else {
                links.synced(run.syncId(), run.deskOrg(), crmId, record.primaryKey().value(), ContentHash.of(plan.crmAfter()),
                        ContentHash.of(deskFinal), agreed.toString());
            }
            for (Reconciler.FieldConflict c : plan.conflicts()) {
                conflicts.record(new Conflicts.Resolution(run.runId(), run.syncId(), crmId, deskId, c.field(),
                        text(c.crmValue()), text(c.deskValue()), c.kept().system(), run.sync().conflictPolicy().key()));
            }
            settled(run, record);
            // The other side's own change, if staged, is part of this merge.
            mirror.done(run.syncId(), other.system(), run.scope(other), record.targetId());
        });
        Runnable count = () -> {
            plan.conflicts().forEach(c -> run.counters().conflict());
            if (newLink) {
                run.counters().linked();
            } else if (plan.writesNothing()) {
                run.counters().unchanged();
            } else {
                run.counters().updated();
            }
        };
        if (plan.toCrm().isEmpty()) {
            finish.run();
            count.run();
            return;
        }
        ObjectNode body = crmBody;
        body.put("id", crmId);
        run.claim(side.other(), record.targetId());
        crmBatch.queue(run, CrmBatch.Kind.UPDATE, body, failure(run, record), (result, sent) -> {
            if (!result.success()) {
                outcomes.refused(run, record, result.code(), "the CRM refused the update of " + crmId + ": "
                        + result.message() + " " + result.details());
                return;
            }
            jdbc.inTransaction(() -> {
                ObjectNode crmNow = crmRecord.deepCopy().setAll(sent);
                crmNow.put("Modified_Time", result.details().path("Modified_Time").asText(crmNow.path("Modified_Time").asText()));
                remember(run, Side.CRM, crmNow);
                finish.run();
            });
            count.run();
        });
    }

    /**
     * The plan without the CRM changes that cannot be written: a lookup to a record that is not linked
     * (yet) has no CRM id to point at, so the CRM keeps what it has. Nor is a CRM reference that does not
     * translate yet taken for an empty one: the Desk's value does not overwrite it.
     */
    private static Reconciler.Plan writableToCrm(RunContext run, Reconciler.Plan plan, ObjectNode crmBody, ObjectNode crmRecord) {
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

    /**
     * What a record created in the CRM is agreed to hold on the Desk side: its values, except a reference the
     * CRM write could not carry (its record not linked yet), which stays news until it can be written.
     */
    private static ObjectNode notAgreed(RunContext run, ObjectNode deskCanonical, ObjectNode crmAfter, ObjectNode crmBody) {
        ObjectNode agreed = deskCanonical;
        for (ModuleSpec.Lookup l : run.sync().module().lookups()) {
            if (!Reconciler.empty(deskCanonical.get(l.deskField())) && !crmBody.has(l.crmField())) {
                agreed = agreed == deskCanonical ? deskCanonical.deepCopy() : agreed;
                agreed.set(l.deskField(), crmAfter.get(l.deskField()));
            }
        }
        return agreed;
    }

    private static java.util.Set<String> emailFields(RunContext run) {
        ModuleSpec.MatchKeys k = run.sync().module().matchKeys();
        return k.deskSecondary() == null ? java.util.Set.of(k.deskPrimary()) : java.util.Set.of(k.deskPrimary(), k.deskSecondary());
    }

    /** A record with written fields applied; custom fields merged into its {@code cf}. */
    private static ObjectNode withChanges(ObjectNode record, ObjectNode body) {
        ObjectNode out = record.deepCopy();
        body.fields().forEachRemaining(e -> {
            if (e.getKey().equals("cf") && out.get("cf") instanceof ObjectNode cf && e.getValue().isObject()) {
                cf.setAll((ObjectNode) e.getValue());
            } else {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** What becomes of a record whose queued CRM write could not be done. */
    private java.util.function.Consumer<Exception> failure(RunContext run, SyncRecord record) {
        return e -> outcomes.refused(run, record, e instanceof ApiException api ? api.code() : e.getClass().getSimpleName(),
                e.getMessage() == null ? e.toString() : e.getMessage());
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

    /** Canonical values as a CRM write body, lookups translated to the CRM's ids. */
    private ObjectNode crmBody(RunContext run, ObjectNode canonical) {
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

    private Links.Link link(RunContext run, String crmId, String deskId, SyncRecord record, ObjectNode crmAfter,
                            ObjectNode deskAfter) {
        ObjectNode agreed = json.createObjectNode();
        agreed.set("crm", crmAfter);
        agreed.set("desk", deskAfter);
        return new Links.Link(run.syncId(), run.deskOrg(), crmId, deskId, record.primaryKey().value(),
                ContentHash.of(crmAfter), ContentHash.of(deskAfter), agreed.toString(), Links.State.ACTIVE);
    }

    /** The CRM record as it now is, from what was sent and what the CRM answered. */
    private static ObjectNode written(ObjectNode body, WriteResult result) {
        ObjectNode r = body.deepCopy();
        r.put("id", result.id());
        JsonNode modified = result.details().path("Modified_Time");
        if (modified.isTextual()) {
            r.put("Modified_Time", modified.asText());
        }
        return r;
    }

    private void remember(RunContext run, Side side, ObjectNode record) {
        mirror.put(run.syncId(), side.system(), run.scope(side), List.of(mirrorRow(run, side, record)), false);
    }

    private static Mirror.Row mirrorRow(RunContext run, Side side, ObjectNode record) {
        ModuleSpec.MatchKeys k = run.sync().module().matchKeys();
        return side == Side.CRM
                ? MirrorRows.of(record, k.kind(), k.crmPrimary(), k.crmSecondary(), "Modified_Time", run.sync().keptFields(side))
                : MirrorRows.of(record, k.kind(), k.deskPrimary(), k.deskSecondary(), "modifiedTime", run.sync().keptFields(side));
    }

    private void settled(RunContext run, SyncRecord record) {
        run.serverOk();
        mirror.done(run.syncId(), record.side().system(), run.scope(record.side()), record.sourceId());
        outcomes.resolveIssue(run, record);
    }

    private static String deskModule(RunContext run) {
        return run.sync().module().deskModule();
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private ObjectNode parse(String payload) {
        try {
            return (ObjectNode) json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
