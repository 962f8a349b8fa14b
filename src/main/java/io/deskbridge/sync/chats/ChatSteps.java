package io.deskbridge.sync.chats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.SalesCrm;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.store.ChatOutcomes;
import io.deskbridge.store.ChatWrites;
import io.deskbridge.store.ChatWrites.Step;
import io.deskbridge.store.ChatWrites.Write;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.SellRecords;
import io.deskbridge.store.SellRecords.SellRecord;
import io.deskbridge.sync.RunContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What routes/chats.camel.yaml does with one chat: {@link #decide} its outcome from the Sell records kept by
 * {@link SellPull} (no call), then the writes of its branch, each step's intent committed before its call and its
 * result after ({@link ChatWrites}), so a step done is never sent again and one whose answer was lost is looked for
 * first: a lead by its email, a note or a task among the record's by the chat id its text carries.
 */
public final class ChatSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ChatSteps.class);
    /** The system chats' issues are kept under in /admin/syncs/chats/errors. */
    public static final String SYSTEM = "chat";
    /** The tag every lead made from a chat carries. */
    static final String LEAD_TAG = "chat";

    private final SalesCrm sell;
    private final Jdbc jdbc;
    private final SellRecords records;
    private final ChatOutcomes outcomes;
    private final ChatWrites writes;
    private final Issues issues;
    private final String leadOwnerId;
    private final int noteMaxChars;
    /**
     * What Sell answered during run {@link #readsRun} when a record of a conflict was read again, by kind and id (a
     * chats run is one at a time): a conflict that stays is read once a run, not once per chat of its visitor.
     */
    private final Map<String, Boolean> readInRun = new HashMap<>();

    private long readsRun = -1;

    /**
     * @param leadOwnerId  the owner of leads made from chats; null: Sell assigns them (to the token's user)
     * @param noteMaxChars the longest note (and task) text the Sell connector sends
     */
    public ChatSteps(
            SalesCrm sell,
            Jdbc jdbc,
            SellRecords records,
            ChatOutcomes outcomes,
            ChatWrites writes,
            Issues issues,
            String leadOwnerId,
            int noteMaxChars) {
        this.noteMaxChars = noteMaxChars;
        this.sell = sell;
        this.jdbc = jdbc;
        this.records = records;
        this.outcomes = outcomes;
        this.writes = writes;
        this.issues = issues;
        this.leadOwnerId = leadOwnerId;
    }

    /**
     * The chat's outcome, for the route's router. A chat some of whose writes were made already keeps the record they
     * went to: its lead, or the record its note was meant for, whatever the mirror says now. Otherwise the mirror
     * decides, checked against Sell where it may be wrong: the records of a conflict are each read again (one may be
     * deleted or converted since it was mirrored, each read once a run), and a visitor the mirror does not know is
     * looked up by email only while a lead for it may have been made with its answer lost: otherwise the mirror is
     * the truth, with no call per chat.
     */
    public String decide(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        Map<Step, Write> done = writes.of(run.syncId(), work.chatId());
        Write note = done.get(Step.NOTE);
        Write lead = done.get(Step.LEAD);
        if (note != null && note.done() && !work.retaken()) {
            // A noted chat taken again for the task it lacks (tagged for sales since): only its task is made.
            work.forTaskOnly();
        }
        if (note != null && note.resourceId() != null) {
            work.decided(ChatWork.Outcome.MATCHED, known(run, note.resourceType(), note.resourceId()), List.of());
        } else if (lead != null && lead.done()) {
            work.decided(ChatWork.Outcome.MATCHED, known(run, SellRecords.LEAD, lead.remoteId()), List.of());
        } else if (work.email().value() == null) {
            work.decided(ChatWork.Outcome.EXCLUDED, null, List.of());
        } else {
            String email = work.email().value();
            List<SellRecord> matches = records.withEmail(run.syncId(), email);
            if (matches.size() > 1) {
                matches = stillInSell(run, matches);
            }
            if (matches.isEmpty() && writes.leadUnconfirmed(run.syncId(), email)) {
                matches = leadsWithEmail(run, email);
            }
            if (lead != null && matches.size() == 1 && matches.get(0).kind().equals(SellRecords.LEAD)) {
                // This chat's lead was asked for and its answer lost: Sell made it, or the visitor's lead is another.
                writes.done(
                        run.syncId(), work.chatId(), Step.LEAD, matches.get(0).id());
                run.counters().leadCreated();
            }
            work.decided(
                    matches.isEmpty()
                            ? ChatWork.Outcome.NEW_LEAD
                            : matches.size() == 1 ? ChatWork.Outcome.MATCHED : ChatWork.Outcome.CONFLICT,
                    matches.size() == 1 ? matches.get(0) : null,
                    matches);
        }
        return work.outcome().name();
    }

    private SellRecord known(RunContext run, String kind, String id) {
        return records.find(run.syncId(), kind, id).orElse(new SellRecord(kind, id, null, null, null, null));
    }

    /**
     * The records of a conflict Sell still has, each read again (one call each, only for conflicts): Sell lists no
     * deletions outside its Sync API, so a lead deleted or converted beside its contact stays in the mirror until then.
     */
    private List<SellRecord> stillInSell(RunContext run, List<SellRecord> matches) {
        List<SellRecord> kept = new ArrayList<>(matches.size());
        for (SellRecord r : matches) {
            if (stillInSell(run, r)) {
                kept.add(r);
            } else {
                records.remove(run.syncId(), r.kind(), r.id());
            }
        }
        return kept;
    }

    private synchronized boolean stillInSell(RunContext run, SellRecord r) {
        if (readsRun != run.runId()) {
            readsRun = run.runId();
            readInRun.clear();
        }
        String key = r.kind() + " " + r.id();
        Boolean known = readInRun.get(key);
        if (known == null) {
            run.crmCalls(1);
            known = sell.read(module(r.kind()), r.id()).isPresent();
            readInRun.put(key, known);
        }
        return known;
    }

    private static String module(String kind) {
        return SellRecords.LEAD.equals(kind) ? SalesCrm.LEADS : SalesCrm.CONTACTS;
    }

    /** {@code GET /v2/leads?email=}: the leads Sell has with the email, kept in the mirror. */
    private List<SellRecord> leadsWithEmail(RunContext run, String email) {
        run.crmCalls(1);
        List<SellRecord> found = sell.findByKey(SalesCrm.LEADS, "email", email).stream()
                .map(d -> SellPull.row(sell, SellRecords.LEAD, d))
                .filter(r -> email.equals(r.email()))
                .toList();
        records.putAll(run.syncId(), found);
        return found;
    }

    /**
     * A lead for a visitor Sell does not know ({@link #decide} looked it up when it might). The intent is committed
     * before the call; the new lead is kept at once, so the visitor's next chat matches it.
     */
    public void lead(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        String email = work.email().value();
        writes.intendLead(run.syncId(), work.chatId(), email);
        ObjectNode made = created(run, SalesCrm.LEADS, leadOf(work));
        SellRecord lead = new SellRecord(
                SellRecords.LEAD,
                made.path("id").asText(),
                email,
                JsonText.of(made, "owner_id"),
                Optional.ofNullable(JsonText.of(made, "phone")).orElse(work.phone()),
                sell.changedAt(made));
        jdbc.inTransaction(() -> {
            records.putAll(run.syncId(), List.of(lead));
            writes.done(run.syncId(), work.chatId(), Step.LEAD, lead.id());
        });
        work.target(lead);
        run.counters().leadCreated();
    }

    /** The lead a chat makes: the visitor's name split, email, phone, the tag {@value #LEAD_TAG}, the owner if set. */
    ObjectNode leadOf(ChatWork work) {
        VisitorName name = VisitorName.of(work.visitorName(), work.email().value());
        ObjectNode lead = JsonNodeFactory.instance.objectNode();
        if (name.first() != null) {
            lead.put("first_name", name.first());
        }
        lead.put("last_name", name.last());
        lead.put("email", work.email().value());
        if (work.phone() != null) {
            lead.put("phone", work.phone());
        }
        lead.putArray("tags").add(LEAD_TAG);
        if (leadOwnerId != null) {
            lead.put("owner_id", Long.parseLong(leadOwnerId));
        }
        return lead;
    }

    /** The note on the chat's record, unless an earlier attempt made it (found among the record's notes). */
    public void note(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        SellRecord target = work.target();
        Write before = writes.of(run.syncId(), work.chatId()).get(Step.NOTE);
        if (before != null && before.done()) {
            return;
        }
        writes.intend(run.syncId(), work.chatId(), Step.NOTE, target.kind(), target.id());
        String id = before == null && !work.retaken() ? null : lookedUp(run, target, work.chatId());
        if (id == null) {
            ObjectNode note = JsonNodeFactory.instance.objectNode();
            note.put("resource_type", target.kind());
            note.put("resource_id", Long.parseLong(target.id()));
            note.put("content", ChatNote.of(work.chat(), noteMaxChars));
            id = created(run, SalesCrm.NOTES, note).path("id").asText();
        }
        writes.done(run.syncId(), work.chatId(), Step.NOTE, id);
    }

    private String lookedUp(RunContext run, SellRecord target, String chatId) {
        run.crmCalls(1);
        return sell.notesOf(target.kind(), target.id()).stream()
                .filter(n -> ChatNote.carries(JsonText.of(n, "content"), chatId))
                .map(n -> n.path("id").asText())
                .findFirst()
                .orElse(null);
    }

    /**
     * The task for the record's owner, with the chat's note for sales. An intent left open by an earlier attempt is
     * looked for among the record's tasks ({@code GET /v2/tasks?resource_type=&resource_id=}) by the chat id its text
     * carries.
     */
    public void task(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        Write before = writes.of(run.syncId(), work.chatId()).get(Step.TASK);
        if (before != null && before.done()) {
            return;
        }
        SellRecord target = work.target();
        writes.intend(run.syncId(), work.chatId(), Step.TASK, target.kind(), target.id());
        String id = before == null && !work.retaken() ? null : taskLookedUp(run, target, work.chatId());
        if (id == null) {
            ObjectNode task = JsonNodeFactory.instance.objectNode();
            task.put("resource_type", target.kind());
            task.put("resource_id", Long.parseLong(target.id()));
            task.put("content", taskText(work, noteMaxChars));
            if (target.ownerId() != null) {
                task.put("owner_id", Long.parseLong(target.ownerId()));
            }
            id = created(run, SalesCrm.TASKS, task).path("id").asText();
        }
        writes.done(run.syncId(), work.chatId(), Step.TASK, id);
        run.counters().task();
    }

    private String taskLookedUp(RunContext run, SellRecord target, String chatId) {
        run.crmCalls(1);
        return sell.tasksOf(target.kind(), target.id()).stream()
                .filter(t -> ChatNote.carries(JsonText.of(t, "content"), chatId))
                .map(t -> t.path("id").asText())
                .findFirst()
                .orElse(null);
    }

    /** The note for sales, then the chat's id line (how the task is found again), within the size a note has. */
    static String taskText(ChatWork work, int max) {
        String id = "\n\n" + ChatNote.idLine(work.chatId());
        String note = work.salesNote();
        return (note.length() + id.length() <= max ? note : note.substring(0, Math.max(0, max - id.length() - 1)) + "…")
                + id;
    }

    /**
     * The visitor's phone on a lead that has none. The lead is read just before the PUT: the mirror is as old as the
     * run, and a phone entered in Sell since (or set by this PUT before its answer was lost) is never overwritten. A
     * lead gone from Sell by then (deleted, converted) has no phone to set: the step is done, skipped, and the chat
     * is noted, its note and task made already.
     */
    public void phone(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        Write before = writes.of(run.syncId(), work.chatId()).get(Step.PHONE);
        if (before != null && before.done()) {
            return;
        }
        SellRecord lead = work.target();
        writes.intend(run.syncId(), work.chatId(), Step.PHONE, lead.kind(), lead.id());
        run.crmCalls(1);
        Optional<ObjectNode> now = sell.read(SalesCrm.LEADS, lead.id());
        if (now.isEmpty()) {
            LOG.info(
                    "{} run {}: lead {} is gone from {}; chat {} sets no phone",
                    run.syncId(),
                    run.runId(),
                    lead.id(),
                    sell.system(),
                    work.chatId());
            writes.done(run.syncId(), work.chatId(), Step.PHONE, lead.id());
            return;
        }
        String has = SellPull.phoneOf(now.get());
        if (has != null) {
            jdbc.inTransaction(() -> {
                records.phoneSet(run.syncId(), lead.kind(), lead.id(), has);
                writes.done(run.syncId(), work.chatId(), Step.PHONE, lead.id());
            });
            return;
        }
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.put("id", lead.id());
        change.put("phone", work.phone());
        run.crmCalls(1);
        WriteResult r = sell.update(SalesCrm.LEADS, List.of(change)).get(0);
        refusedUnless(r);
        jdbc.inTransaction(() -> {
            records.phoneSet(run.syncId(), lead.kind(), lead.id(), work.phone());
            writes.done(run.syncId(), work.chatId(), Step.PHONE, lead.id());
        });
        run.counters().phoneSet();
    }

    /** The chat is written: kept as NOTED with its record, and its issue, if it had one, is over. */
    public void noted(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        SellRecord target = work.target();
        jdbc.inTransaction(() -> {
            outcomes.settle(
                    run.syncId(),
                    work.chatId(),
                    ChatOutcomes.Outcome.NOTED,
                    null,
                    target.kind(),
                    target.id(),
                    run.runId());
            issues.resolve(run.syncId(), run.deskOrg(), SYSTEM, work.chatId());
        });
        if (work.taskOnly()) {
            run.counters().takenForTaskOnly();
        } else {
            run.counters().noted();
        }
        run.serverOk();
    }

    /** Several leads or contacts have the visitor's email: nothing is written; reported with the records. */
    public void conflict(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        String which = work.matches().stream()
                .map(r -> r.kind() + " " + r.id())
                .toList()
                .toString();
        setAside(
                run,
                work,
                ChatOutcomes.Outcome.CONFLICT,
                Issues.Kind.CONFLICT,
                "AMBIGUOUS_MATCH",
                "the visitor's email " + work.email().value() + " is on "
                        + work.matches().size() + " Sell records " + which
                        + "; nothing was written. Merge or fix them in Sell, then replay");
        run.counters().conflict();
    }

    /** No email or none valid: nothing is written; reported with the reason (NO_EMAIL, INVALID_EMAIL). */
    public void excluded(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body ChatWork work) {
        setAside(
                run,
                work,
                ChatOutcomes.Outcome.EXCLUDED,
                Issues.Kind.EXCLUDED,
                work.email().problemCode(),
                "the chat's visitor " + work.email().problem() + "; it cannot be tied to a Sell record");
        run.counters().excluded();
    }

    private void setAside(
            RunContext run, ChatWork work, ChatOutcomes.Outcome outcome, Issues.Kind kind, String code, String reason) {
        jdbc.inTransaction(() -> {
            outcomes.settle(run.syncId(), work.chatId(), outcome, code, null, null, run.runId());
            issues.record(
                    run.syncId(), run.deskOrg(), SYSTEM, work.chatId(), emailOf(work), kind, code, reason, run.runId());
        });
    }

    /**
     * A write of the chat failed on its own (Sell refused it, a server error before the third in a row): kept as
     * FAILED with the reason and tried again by the next runs; the steps already done are not repeated.
     */
    public void failed(
            @ExchangeProperty(RunContext.PROPERTY) RunContext run,
            @Body ChatWork work,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        ApiException api = ObjectHelper.getException(ApiException.class, error);
        Throwable cause = api != null ? api : error;
        String code = api != null ? api.code() : error.getClass().getSimpleName();
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        boolean refused = api instanceof RecordRefused && (api.status() == 404 || api.status() == 422);
        RuntimeException[] stopsTheRun = {null};
        SellRecord gone = refused ? goneFromSell(run, work.target(), stopsTheRun) : null;
        try {
            jdbc.inTransaction(() -> {
                if (refused) {
                    forgetRefused(run, work, gone);
                }
                outcomes.failed(run.syncId(), work.chatId(), code == null ? "REFUSED" : code, run.runId());
                issues.record(
                        run.syncId(),
                        run.deskOrg(),
                        SYSTEM,
                        work.chatId(),
                        emailOf(work),
                        Issues.Kind.FAILED,
                        code == null ? "REFUSED" : code,
                        reason,
                        run.runId());
            });
            run.counters().failed();
            if (stopsTheRun[0] != null) {
                // The check of the record met what ends a run (the rate limit, the credentials): the chat's failure
                // is kept, and the run ends at its next step as it would have on any other call.
                run.endWith(stopsTheRun[0]);
            }
        } catch (RuntimeException notKept) {
            // The chat stays as it was (pending or failed), so the next run takes it; the run ends at its next step.
            LOG.error("{} run {}: the failure of chat {} could not be kept", run.syncId(), run.runId(), work.chatId());
            run.counters().notReached();
            run.endWith(notKept);
        }
    }

    /**
     * Sell refused the write outright (404, 422): nothing of it exists, so its intent is dropped and the next attempt
     * decides afresh. If the record it went to is gone from Sell (deleted, converted), the mirror forgets it, and the
     * chat forgets what it wrote there; the next attempt goes where the visitor's email leads now.
     */
    private void forgetRefused(RunContext run, ChatWork work, SellRecord gone) {
        writes.forgetOpen(run.syncId(), work.chatId());
        if (gone != null) {
            records.remove(run.syncId(), gone.kind(), gone.id());
            writes.forgetRecord(run.syncId(), work.chatId(), gone.kind(), gone.id());
        }
    }

    /**
     * The chat's record if Sell no longer has it (one read, only after a refusal), else null. A failure of that read
     * that ends a run ({@link ApiException#stopsTheRun}) is handed back in {@code stopsTheRun}.
     */
    private SellRecord goneFromSell(RunContext run, SellRecord target, RuntimeException[] stopsTheRun) {
        if (target == null) {
            return null;
        }
        try {
            return stillInSell(run, target) ? null : target;
        } catch (RuntimeException unknown) {
            if (unknown instanceof ApiException api && api.stopsTheRun()) {
                stopsTheRun[0] = api;
            }
            LOG.warn(
                    "{} run {}: could not check that {} {} is still in {}: {}",
                    run.syncId(),
                    run.runId(),
                    target.kind(),
                    target.id(),
                    sell.system(),
                    unknown.getMessage());
            return null;
        }
    }

    /**
     * The run ends (a connection, the rate limit, the third server error, the store) while this chat was being
     * written: it stays as it was for the next run, and is not counted as read, so read = noted + conflicts + excluded
     * + failed holds.
     */
    public void notReached(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        run.counters().notReached();
    }

    private static String emailOf(ChatWork work) {
        return work.email().value() != null
                ? work.email().value()
                : work.email().raw();
    }

    /** Creates one record; the created data object, or the refusal thrown as the chat's failure. */
    private ObjectNode created(RunContext run, String module, ObjectNode record) {
        run.crmCalls(1);
        WriteResult r = sell.create(module, List.of(record)).get(0);
        refusedUnless(r);
        JsonNode d = r.details();
        if (d instanceof ObjectNode o && o.hasNonNull("id")) {
            return o;
        }
        ObjectNode withId = JsonNodeFactory.instance.objectNode();
        withId.put("id", r.id());
        return withId;
    }

    private void refusedUnless(WriteResult r) {
        if (!r.success()) {
            throw new RecordRefused(
                    sell.system(), r.gone() ? 404 : 422, r.code() == null ? "REFUSED" : r.code(), r.message(), null);
        }
    }
}
