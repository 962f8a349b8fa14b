package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.model.MatchKey;
import io.deskbridge.model.RunCounters;
import io.deskbridge.model.RunStatus;
import io.deskbridge.model.Side;
import io.deskbridge.model.SyncState;
import io.deskbridge.store.Intents;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.sync.LeaseHeartbeat;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.map.FieldMapper;
import io.deskbridge.sync.push.PendingWrite.DeskCreate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Desk counterpart of one CRM record of a field-mapped sync (a CRM contact, for a ticket opened from the CRM),
 * made now, outside a run, as that sync would make it: the linked Desk record; else the one Desk record with its
 * email, linked without a base (the next run brings the two together field by field, as any new link); else a Desk
 * record created from the field map and linked with what both sides hold, so the next run sees a pair, not a new
 * record. Nothing is written for a CRM record without a valid email, or when the Desk refuses. A Desk record is created
 * only where a run would create one (the sync ACTIVE, its direction crm-to-desk or two-way), and linking or creating
 * holds the sync's run lease, so no run of it makes the same record meanwhile.
 * <p>
 * It shares the sync's steps: {@link FieldMapper} (field map, normalised keys, lookups through the links), the create
 * body of {@link Creates}, the write intent of {@link DeskWrites} (a crash between the create and its link is found
 * again by the next run) and the settlement of {@link PairSettler}.
 */
public final class DeskCounterparts {

    /** How the counterpart was come by. */
    public enum How {
        LINKED,
        FOUND,
        CREATED
    }

    /** The Desk record of a CRM record, and the CRM record's normalised email. */
    public record Counterpart(String crmId, String deskId, String email, How how) {}

    /** Why a CRM record has no counterpart, in words that name it; nothing was written. */
    public static final class NoCounterpart extends RuntimeException {

        /** Why: the CRM has no such record, or it cannot be linked or created as it is. */
        public enum Reason {
            NOT_IN_CRM,
            CANNOT_LINK,
            /** A run of the sync is under way and may be making the same counterpart: try again after it. */
            SYNC_RUNNING,
            /** No Desk record to link, and the sync is paused or disabled, so it would create none. */
            SYNC_NOT_ACTIVE,
            /** No Desk record to link, and the sync's direction creates none in the Desk. */
            NOT_CREATED_BY_SYNC
        }

        private final Reason reason;

        NoCounterpart(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final SyncDefinition sync;
    private final SyncConnector crm;
    private final SyncConnector desk;
    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Links links;
    private final Intents intents;
    private final SyncStates states;
    private final LeaseHeartbeat leases;
    private final FieldMapper mapper;
    private final PairSettler settler;
    private final String deskOrg;
    private final Clock clock;
    private final ObjectMapper json;

    public DeskCounterparts(
            SyncDefinition sync,
            SyncConnector crm,
            SyncConnector desk,
            Jdbc jdbc,
            Mirror mirror,
            Links links,
            Intents intents,
            SyncStates states,
            LeaseHeartbeat leases,
            FieldMapper mapper,
            PairSettler settler,
            String deskOrg,
            Clock clock,
            ObjectMapper json) {
        this.sync = sync;
        this.crm = crm;
        this.desk = desk;
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.links = links;
        this.intents = intents;
        this.states = states;
        this.leases = leases;
        this.mapper = mapper;
        this.settler = settler;
        this.deskOrg = deskOrg;
        this.clock = clock;
        this.json = json;
    }

    /**
     * The Desk record of CRM record {@code crmId}, linked or found or created now. The CRM record is read from the
     * sync's mirror, or from the CRM when the sync has not pulled it.
     *
     * @throws NoCounterpart when the CRM has no such record, it has no valid email, or its link or email is taken
     */
    public Counterpart of(String crmId) {
        ModuleSpec module = sync.module();
        RunContext run = new RunContext(0, sync, sync.direction(), deskOrg, "api", clock.instant());
        ObjectNode record = crmRecord(run, crmId);
        SyncRecord mapped = mapper.map(run, new SyncRecord(Side.CRM, crmId, record));
        MatchKey email = mapped.primaryKey();
        // Messages name the record by id, never by its name or email: they are answered and written to the audit log.
        String what = "CRM " + module.crmModule() + " record " + crmId;
        if (!email.isValid()) {
            String field = module.matchKeys().crmPrimary();
            throw new NoCounterpart(
                    NoCounterpart.Reason.CANNOT_LINK,
                    what + (email.isMissing() ? " has no " + field : "'s " + field + " is not a valid email address")
                            + " (" + email.problemCode() + "): the Desk needs one, so nothing was written");
        }
        Optional<Links.Link> link = links.byCrmId(sync.id(), deskOrg, crmId);
        if (link.isPresent()) {
            if (link.get().state() != Links.State.ACTIVE) {
                throw new NoCounterpart(
                        NoCounterpart.Reason.CANNOT_LINK,
                        what + " was linked to Desk record " + link.get().deskId() + ", now "
                                + link.get().state() + "; the " + sync.id()
                                + " sync leaves it so, and so is nothing written here");
            }
            return new Counterpart(crmId, link.get().deskId(), email.value(), How.LINKED);
        }
        notRunning(what);
        SyncStates.Row state =
                states.find(sync.id()).orElseThrow(() -> new IllegalStateException("unknown sync " + sync.id()));
        return underLease(state, what, () -> {
            Optional<ObjectNode> found = withEmail(run, email, what);
            if (found.isPresent()) {
                return linkFound(run, mapped, found.get(), what);
            }
            mayCreate(state, what);
            return create(run, mapped, what);
        });
    }

    /**
     * A run under way may have read this record as one to create and not stored its link yet: linking or creating
     * now could make a second counterpart. (A paused or disabled sync may still be finishing its last batch.)
     */
    private void notRunning(String what) {
        Optional<SyncStates.Row> state = states.find(sync.id());
        if (state.isPresent()
                && state.get().runningRunId() != null
                && state.get().leaseUntil() != null
                && state.get().leaseUntil().isAfter(clock.instant())) {
            throw running(
                    what,
                    "the " + sync.id() + " sync is running (run " + state.get().runningRunId() + ")");
        }
    }

    private NoCounterpart running(String what, String why) {
        return new NoCounterpart(
                NoCounterpart.Reason.SYNC_RUNNING,
                what + " is not linked yet, and " + why + ", which may link or create it: try again when the run is"
                        + " over; nothing was written");
    }

    /**
     * Links or creates while holding the sync's own run lease, as a short run of trigger {@link Runs#API}: no run of
     * the sync starts meanwhile ("run now" answers 409, the schedule skips), so none makes the same counterpart. A sync
     * that is not ACTIVE starts no run, and holds no lease here.
     */
    private Counterpart underLease(SyncStates.Row state, String what, Supplier<Counterpart> work) {
        if (state.state() != SyncState.ACTIVE) {
            return work.get();
        }
        // Renewed while the search and the create (with their retries) go on; a node that dies holding it loses it
        // soon.
        SyncStates.Claim claim = leases.claim(sync.id(), deskOrg, Runs.API);
        if (!claim.started()) {
            throw running(what, claim.refusal());
        }
        RunCounters counters = new RunCounters();
        counters.read();
        Counterpart made;
        try {
            made = work.get();
        } catch (RuntimeException e) {
            leases.stop(claim.runId());
            states.endApiRun(
                    sync.id(), claim.runId(), RunStatus.FAILED, counters.snapshot(), "ticket API: " + e.getMessage());
            throw e;
        }
        if (made.how() == How.CREATED) {
            counters.created();
        } else {
            counters.linked();
        }
        leases.stop(claim.runId());
        states.endApiRun(
                sync.id(),
                claim.runId(),
                RunStatus.SUCCEEDED,
                counters.snapshot(),
                "ticket API: " + what + " " + made.how().name().toLowerCase(java.util.Locale.ROOT) + " as Desk record "
                        + made.deskId());
        return made;
    }

    /**
     * A Desk record is created only as a run of the sync would create it: the sync ACTIVE, its direction carrying CRM
     * records to the Desk. Linking one found by email needs neither.
     */
    private void mayCreate(SyncStates.Row state, String what) {
        String none = what + " has no Desk record, none has its email, and ";
        if (state.state() != SyncState.ACTIVE) {
            throw new NoCounterpart(
                    NoCounterpart.Reason.SYNC_NOT_ACTIVE,
                    none + "the " + sync.id() + " sync is " + state.state()
                            + ", so it creates none: activate it first; nothing was written");
        }
        if (!state.direction().crmToDesk()) {
            throw new NoCounterpart(
                    NoCounterpart.Reason.NOT_CREATED_BY_SYNC,
                    none + "the " + sync.id() + " sync's direction is "
                            + state.direction().key()
                            + ", which creates no Desk record (only crm-to-desk and two-way do); nothing was written");
        }
    }

    private ObjectNode crmRecord(RunContext run, String crmId) {
        Optional<Mirror.Row> row = mirror.get(sync.id(), Side.CRM.system(), run.scope(Side.CRM), crmId);
        if (row.isPresent()) {
            return parse(row.get().payload());
        }
        return crm.read(sync.module().crmModule(), crmId)
                .orElseThrow(() -> new NoCounterpart(
                        NoCounterpart.Reason.NOT_IN_CRM,
                        crm.system() + " has no " + sync.module().crmModule() + " record " + crmId));
    }

    /** The one Desk record whose primary email is this one; more than one cannot be told apart. */
    private Optional<ObjectNode> withEmail(RunContext run, MatchKey email, String what) {
        ModuleSpec.MatchKeys keys = sync.module().matchKeys();
        List<ObjectNode> same = desk.findByKey(sync.module().deskModule(), keys.deskPrimary(), email.value()).stream()
                .filter(d -> email.value()
                        .equals(keys.kind()
                                .of(d.path(keys.deskPrimary()).asText(null))
                                .value()))
                .toList();
        if (same.size() > 1) {
            throw new NoCounterpart(
                    NoCounterpart.Reason.CANNOT_LINK,
                    what + ": " + same.size() + " Desk records have its email, which the " + sync.id()
                            + " sync does not link either; nothing was written");
        }
        return same.stream().findFirst();
    }

    private Counterpart linkFound(RunContext run, SyncRecord record, ObjectNode found, String what) {
        String deskId = found.path("id").asText();
        Optional<Links.Link> taken = links.byDeskId(sync.id(), deskOrg, deskId);
        if (taken.isPresent()) {
            throw new NoCounterpart(
                    NoCounterpart.Reason.CANNOT_LINK,
                    what + ": Desk record " + deskId + " has its email and is linked to CRM record "
                            + taken.get().crmId() + " already; nothing was written");
        }
        jdbc.inTransaction(() -> {
            settler.remember(run, Side.DESK, found);
            // Found by email after an earlier create whose answer was lost: it is that create's record, as a run's
            // Creates.createdBefore would link it, and the intent is done.
            intents.done(sync.id(), deskOrg, Side.CRM.system(), record.sourceId());
            links.link(new Links.Link(
                    sync.id(),
                    deskOrg,
                    record.sourceId(),
                    deskId,
                    record.primaryKey().value(),
                    null,
                    null,
                    null,
                    Links.State.ACTIVE));
        });
        return new Counterpart(record.sourceId(), deskId, record.primaryKey().value(), How.FOUND);
    }

    /** As a run creates it: the intent first, the create, then the link, mirror row and intent in one commit. */
    private Counterpart create(RunContext run, SyncRecord record, String what) {
        ObjectNode body = Creates.deskBody(run, record);
        String crmSystem = Side.CRM.system();
        // An intent left by an earlier create (its answer lost) stays: the Desk was searched by email just before, so
        // that create made nothing to link, and this one goes on under the same intent.
        if (!intents.pending(sync.id(), deskOrg, crmSystem).contains(record.sourceId())) {
            intents.recordAll(sync.id(), deskOrg, crmSystem, List.of(record.sourceId()));
        }
        // A failure of the call leaves the intent: the create may have happened, and the next run looks it up.
        WriteResult made =
                desk.create(sync.module().deskModule(), List.of(body)).get(0);
        if (!made.success()) {
            intents.done(sync.id(), deskOrg, crmSystem, record.sourceId());
            throw new NoCounterpart(
                    NoCounterpart.Reason.CANNOT_LINK,
                    what + ": " + desk.system() + " refused to create it: " + made.code() + " " + made.message());
        }
        ObjectNode answer = (ObjectNode) made.details();
        settler.taken(run, List.of(new DeskWrites.Taken(new DeskCreate(record, body, true), answer)));
        return new Counterpart(
                record.sourceId(),
                answer.path("id").asText(),
                record.primaryKey().value(),
                How.CREATED);
    }

    private ObjectNode parse(String payload) {
        try {
            return (ObjectNode) json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
