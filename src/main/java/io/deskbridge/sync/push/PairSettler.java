package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.model.ContentHash;
import io.deskbridge.model.Side;
import io.deskbridge.store.Conflicts;
import io.deskbridge.store.Intents;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.map.FieldMapper;
import io.deskbridge.sync.outcome.RecordOutcomes;
import io.deskbridge.sync.pull.MirrorRows;
import io.deskbridge.sync.push.PendingWrite.CrmUpdate;
import io.deskbridge.sync.push.PendingWrite.CrmUpsert;
import io.deskbridge.sync.push.PendingWrite.DeskCreate;
import io.deskbridge.sync.push.PendingWrite.DeskUpdate;
import io.deskbridge.sync.push.PendingWrite.Pair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settles answered writes, a batch in one commit, from what the writes hold: the links (with what both sides
 * now hold), the mirror, the write intents, the settled conflicts and the records' issues; the run's counters
 * once it is committed. The next run then recognises Deskbridge's own writes as no change, which is what keeps
 * two-way runs from echoing. A pair whose Desk part is done but whose CRM part is not is not settled yet: its
 * CRM write is handed back, and the pair is settled once the CRM took it.
 */
public final class PairSettler implements DeskWrites.Settlement {

    /** A pair whose both sides hold what the plan sends them; {@code crmNow} is what the CRM holds if it was written. */
    private record Agreed(SyncRecord record, Pair pair, ObjectNode crmNow) {}

    /** A new CRM record, or one found by its key ({@code found}) that the last pull had not seen. */
    private record Upserted(
            SyncRecord record, String crmId, boolean found, ObjectNode written, ObjectNode crmAfter, ObjectNode sent) {}

    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Links links;
    private final Conflicts conflicts;
    private final Intents intents;
    private final FieldMapper mapper;
    private final RecordOutcomes outcomes;
    private final ObjectMapper json;
    private final io.deskbridge.sync.push.SettledPreview preview;

    public PairSettler(
            Jdbc jdbc,
            Mirror mirror,
            Links links,
            Conflicts conflicts,
            Intents intents,
            FieldMapper mapper,
            RecordOutcomes outcomes,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.links = links;
        this.conflicts = conflicts;
        this.intents = intents;
        this.mapper = mapper;
        this.outcomes = outcomes;
        this.json = json;
        this.preview = new io.deskbridge.sync.push.SettledPreview(mirror, mapper);
    }

    /** The Desk writes of a batch that went through; returns the CRM writes their pairs still need. */
    @Override
    public List<CrmUpdate> taken(RunContext run, List<DeskWrites.Taken> taken) {
        List<DeskWrites.Taken> created = new ArrayList<>();
        List<Agreed> agreed = new ArrayList<>();
        List<CrmUpdate> crmNext = new ArrayList<>();
        for (DeskWrites.Taken t : taken) {
            if (t.write() instanceof DeskCreate) {
                created.add(t);
            } else if (t.write() instanceof DeskUpdate u) {
                deskDone(u.record(), u.pair(), agreed, crmNext);
            }
        }
        settle(run, created, agreed, List.of());
        return crmNext;
    }

    @Override
    public void gone(RunContext run, DeskUpdate update) {
        outcomes.otherSideGone(
                run, update.record(), update.pair().crmId(), update.pair().deskId(), Side.DESK);
    }

    /** A pair whose Desk side holds what the plan says already: settled now, or its CRM write handed back. */
    public List<CrmUpdate> deskHolds(RunContext run, SyncRecord record, Pair pair) {
        List<Agreed> agreed = new ArrayList<>(1);
        List<CrmUpdate> crmNext = new ArrayList<>(1);
        deskDone(record, pair, agreed, crmNext);
        settle(run, List.of(), agreed, List.of());
        return crmNext;
    }

    /** The CRM writes of a call that went through. */
    public void crmTook(RunContext run, List<CrmWrites.Taken> taken) {
        List<Upserted> upserted = new ArrayList<>();
        List<Agreed> agreed = new ArrayList<>();
        Set<String> linkedHere = new HashSet<>();
        List<SyncRecord> alreadyLinked = new ArrayList<>();
        for (CrmWrites.Taken t : taken) {
            WriteResult result = t.result();
            if (t.write() instanceof CrmUpsert u) {
                SyncRecord record = u.record();
                ObjectNode written = written(u.body(), result);
                boolean found = "update".equals(result.action());
                if (found
                        && (linkedHere.contains(result.id())
                                || links.byCrmId(run.syncId(), run.deskOrg(), result.id())
                                        .isPresent())) {
                    // The CRM had this key on a record the last pull had not seen, and it is linked already.
                    record.because(
                            "ALREADY_LINKED",
                            record.describe() + " has the key of CRM record " + result.id()
                                    + ", which is already linked to another Desk record");
                    alreadyLinked.add(record);
                    continue;
                }
                linkedHere.add(result.id());
                upserted.add(new Upserted(
                        record, result.id(), found, written, mapper.canonical(run, Side.CRM, written), u.body()));
            } else if (t.write() instanceof CrmUpdate u) {
                ObjectNode crmNow = u.pair().crmRecord().deepCopy().setAll(u.body());
                crmNow.put(
                        "Modified_Time",
                        result.details()
                                .path("Modified_Time")
                                .asText(crmNow.path("Modified_Time").asText()));
                agreed.add(new Agreed(u.record(), u.pair(), crmNow));
            }
        }
        settle(run, List.of(), agreed, upserted);
        // Reported once the batch is stored: a batch settled again record by record must not report them twice.
        alreadyLinked.forEach(record -> outcomes.conflict(run, record));
    }

    private static void deskDone(SyncRecord record, Pair pair, List<Agreed> agreed, List<CrmUpdate> crmNext) {
        if (pair.writesToCrm()) {
            crmNext.add(new CrmUpdate(record, pair.crmBody(), pair));
        } else {
            agreed.add(new Agreed(record, pair, null));
        }
    }

    /** One commit for all of it; the counters once it is committed. */
    private void settle(RunContext run, List<DeskWrites.Taken> created, List<Agreed> agreed, List<Upserted> upserted) {
        if (created.isEmpty() && agreed.isEmpty() && upserted.isEmpty()) {
            return;
        }
        List<Mirror.Row> rows = new ArrayList<>(created.size());
        List<Links.Link> made = new ArrayList<>(created.size());
        List<String> sourceIds = new ArrayList<>(created.size());
        for (DeskWrites.Taken c : created) {
            SyncRecord record = c.record();
            rows.add(mirrorRow(run, Side.DESK, c.answer()));
            made.add(link(
                    run,
                    record.sourceId(),
                    c.answer().path("id").asText(),
                    record,
                    record.canonical(),
                    mapper.canonical(run, Side.DESK, c.answer())));
            sourceIds.add(record.sourceId());
        }
        if (run.dryRun()) {
            // Before the commit below: a pair's Desk side is still as the Desk holds it, the "from" of its changes.
            created.forEach(c -> preview.created(run, c.record(), c.write().body()));
            upserted.forEach(u -> preview.created(run, u.record(), u.sent()));
            agreed.forEach(a -> preview.paired(
                    run,
                    a.record(),
                    a.pair().crmId(),
                    a.pair().deskId(),
                    a.pair().newLink(),
                    a.pair().plan()));
        }
        jdbc.inTransaction(() -> {
            if (!created.isEmpty()) {
                String crm = Side.CRM.system();
                mirror.putNew(run.syncId(), Side.DESK.system(), run.scope(Side.DESK), rows);
                links.linkAll(made);
                intents.doneAll(run.syncId(), run.deskOrg(), crm, sourceIds);
                mirror.doneAll(run.syncId(), crm, run.scope(Side.CRM), sourceIds);
                created.forEach(c -> outcomes.resolveIssue(run, c.record()));
            }
            upserted.forEach(u -> upsertedInCommit(run, u));
            agreed.forEach(a -> agreedInCommit(run, a));
            // A create whose link was never stored (its commit lost to a crash or a restarted database) is found by
            // its key in the Desk pull and linked here, not by Creates: its intent is done with the link.
            intents.doneAll(
                    run.syncId(),
                    run.deskOrg(),
                    Side.CRM.system(),
                    agreed.stream()
                            .filter(a -> a.pair().newLink())
                            .map(a -> a.pair().crmId())
                            .toList());
        });
        run.serverOk();
        created.forEach(c -> run.counters().created());
        upserted.forEach(u -> {
            if (u.found()) {
                run.counters().linked();
            } else {
                run.counters().created();
            }
        });
        agreed.forEach(a -> count(run, a.pair()));
    }

    private void upsertedInCommit(RunContext run, Upserted u) {
        SyncRecord record = u.record();
        if (u.found()) {
            // An existing CRM record, not read yet: linked without a base, so the next run brings the
            // two together field by field, as any new link.
            links.link(new Links.Link(
                    run.syncId(),
                    run.deskOrg(),
                    u.crmId(),
                    record.sourceId(),
                    record.primaryKey().value(),
                    null,
                    null,
                    null,
                    Links.State.ACTIVE));
        } else {
            remember(run, Side.CRM, u.written());
            links.link(link(
                    run,
                    u.crmId(),
                    record.sourceId(),
                    record,
                    u.crmAfter(),
                    notAgreed(run, record.canonical(), u.crmAfter(), u.sent())));
        }
        settled(run, record);
    }

    private void agreedInCommit(RunContext run, Agreed a) {
        SyncRecord record = a.record();
        Pair pair = a.pair();
        Reconciler.Plan plan = pair.plan();
        if (a.crmNow() != null) {
            remember(run, Side.CRM, a.crmNow());
        }
        if (pair.deskWritten() != null) {
            remember(run, Side.DESK, pair.deskWritten());
        }
        Links.Link l = link(run, pair.crmId(), pair.deskId(), record, plan.crmAfter(), plan.deskAfter());
        if (pair.newLink()) {
            links.link(l);
        } else {
            links.synced(l.syncId(), l.deskOrg(), l.crmId(), l.key(), l.crmHash(), l.deskHash(), l.base());
        }
        for (Reconciler.FieldConflict c : plan.conflicts()) {
            conflicts.record(new Conflicts.Resolution(
                    run.runId(),
                    run.syncId(),
                    pair.crmId(),
                    pair.deskId(),
                    c.field(),
                    text(c.crmValue()),
                    text(c.deskValue()),
                    c.kept().system(),
                    run.sync().conflictPolicy().key()));
        }
        settled(run, record);
        // The other side's own change, if staged, is part of this merge.
        Side other = record.side().other();
        mirror.done(run.syncId(), other.system(), run.scope(other), record.targetId());
    }

    private static void count(RunContext run, Pair pair) {
        pair.plan().conflicts().forEach(c -> run.counters().conflict());
        if (pair.newLink()) {
            run.counters().linked();
        } else if (pair.plan().writesNothing()) {
            run.counters().unchanged();
        } else {
            run.counters().updated();
        }
    }

    /**
     * What a record created in the CRM is agreed to hold on the Desk side: its values, except a reference the
     * CRM write could not carry (its record not linked yet), which stays news until it can be written.
     */
    private static ObjectNode notAgreed(
            RunContext run, ObjectNode deskCanonical, ObjectNode crmAfter, ObjectNode crmBody) {
        ObjectNode agreed = deskCanonical;
        for (ModuleSpec.Lookup l : run.sync().module().lookups()) {
            if (!Reconciler.empty(deskCanonical.get(l.deskField())) && !crmBody.has(l.crmField())) {
                agreed = agreed == deskCanonical ? deskCanonical.deepCopy() : agreed;
                agreed.set(l.deskField(), crmAfter.get(l.deskField()));
            }
        }
        return agreed;
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

    private Links.Link link(
            RunContext run, String crmId, String deskId, SyncRecord record, ObjectNode crmAfter, ObjectNode deskAfter) {
        ObjectNode agreed = json.createObjectNode();
        agreed.set("crm", crmAfter);
        agreed.set("desk", deskAfter);
        return new Links.Link(
                run.syncId(),
                run.deskOrg(),
                crmId,
                deskId,
                record.primaryKey().value(),
                ContentHash.of(crmAfter),
                ContentHash.of(deskAfter),
                agreed.toString(),
                Links.State.ACTIVE);
    }

    /** Keeps a record as it now is in the mirror, not pending: it is what Deskbridge wrote or found. */
    void remember(RunContext run, Side side, ObjectNode record) {
        mirror.put(run.syncId(), side.system(), run.scope(side), List.of(mirrorRow(run, side, record)), false);
    }

    private static Mirror.Row mirrorRow(RunContext run, Side side, ObjectNode record) {
        ModuleSpec.MatchKeys k = run.sync().module().matchKeys();
        return side == Side.CRM
                ? MirrorRows.of(
                        record,
                        k.kind(),
                        k.crmPrimary(),
                        k.crmSecondary(),
                        "Modified_Time",
                        run.sync().keptFields(side))
                : MirrorRows.of(
                        record,
                        k.kind(),
                        k.deskPrimary(),
                        k.deskSecondary(),
                        "modifiedTime",
                        run.sync().keptFields(side));
    }

    private void settled(RunContext run, SyncRecord record) {
        mirror.done(run.syncId(), record.side().system(), run.scope(record.side()), record.sourceId());
        outcomes.resolveIssue(run, record);
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }
}
