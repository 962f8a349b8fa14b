package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.model.Side;
import io.deskbridge.store.Intents;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.outcome.RecordOutcomes;
import io.deskbridge.sync.push.PendingWrite.CrmUpdate;
import io.deskbridge.sync.push.PendingWrite.DeskCreate;
import io.deskbridge.sync.push.PendingWrite.DeskUpdate;
import io.deskbridge.sync.push.PendingWrite.ToDesk;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends Desk writes a batch at a time. The Desk has no batch write, so each record is still one call,
 * but a few calls go out at once and what surrounds them is done once per batch: the write intents of the
 * batch's creates are committed before any is sent, and every write the Desk took is settled in one commit
 * after. A record the Desk refuses is that record's failure; an update whose record is gone is a deletion
 * noticed late; a failure of the connection stops the run once what did go through is stored, and the writes
 * not sent yet stay staged for the next run.
 */
public final class DeskWrites {

    public static final int BATCH = 100;

    /** A write the Desk took, with its answer (for a create, the record it made). */
    public record Taken(ToDesk write, ObjectNode answer) {
        public SyncRecord record() {
            return write.record();
        }
    }

    /** What becomes of the writes the Desk answered. */
    public interface Settlement {
        /** Settles the writes the Desk took, in one commit; returns the CRM writes their pairs still need. */
        List<CrmUpdate> taken(RunContext run, List<Taken> taken);

        /** The Desk record of this update is no longer there. */
        void gone(RunContext run, DeskUpdate update);
    }

    private final SyncConnector desk;
    private final Intents intents;
    private final RecordOutcomes outcomes;
    private final ExecutorService senders;
    private final Settlement settlement;

    /** @param senders where writes are sent from; its size is how many go out at once */
    public DeskWrites(
            SyncConnector desk,
            Intents intents,
            RecordOutcomes outcomes,
            ExecutorService senders,
            Settlement settlement) {
        this.desk = desk;
        this.intents = intents;
        this.outcomes = outcomes;
        this.senders = senders;
        this.settlement = settlement;
    }

    /** Sends one write, from a sender thread: the one place a Desk write is sent. */
    private WriteResult sendNow(RunContext run, ToDesk write) {
        String module = run.sync().module().deskModule();
        run.deskCalls(1);
        SyncConnector to = run.writesTo(Side.DESK, desk);
        List<WriteResult> answered = write instanceof DeskUpdate u
                ? to.update(
                        module, List.of(u.body().deepCopy().put("id", u.pair().deskId())))
                : to.create(module, List.of(write.body()));
        return answered.get(0);
    }

    /** Sends a batch and settles what the Desk took; returns the CRM writes the settled pairs still need. */
    public List<CrmUpdate> send(RunContext run, List<ToDesk> batch) {
        String system = Side.CRM.system();
        intents.recordAll(
                run.syncId(),
                run.deskOrg(),
                system,
                batch.stream()
                        .filter(w -> w instanceof DeskCreate c && !c.intentOpen())
                        .map(w -> w.record().sourceId())
                        .toList());

        AtomicBoolean stopping = new AtomicBoolean();
        List<Future<WriteResult>> sent = new ArrayList<>(batch.size());
        RuntimeException stop = null;
        for (ToDesk w : batch) {
            try {
                sent.add(senders.submit(() -> stopping.get() ? null : sendNow(run, w)));
            } catch (RejectedExecutionException shutDown) {
                stopping.set(true);
                stop = stop != null
                        ? stop
                        : ApiException.of(desk.system(), 0, "INTERRUPTED", "Deskbridge is shutting down");
                sent.add(CompletableFuture.completedFuture(null));
            }
        }

        List<Taken> taken = new ArrayList<>();
        List<String> nothingCreated = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ToDesk w = batch.get(i);
            try {
                WriteResult answer = sent.get(i).get();
                if (answer == null) {
                    // Not sent: the record stays staged for the next run, as one not reached.
                    run.counters().notReached();
                    closeIntentOf(w, nothingCreated);
                    continue;
                }
                RuntimeException stopped = null;
                if (answer.success()) {
                    // An answer between two server errors breaks their run, as it would one record after another.
                    run.serverOk();
                    taken.add(new Taken(w, (ObjectNode) answer.details()));
                } else if (w instanceof DeskUpdate u && answer.gone()) {
                    run.serverOk();
                    stopped = onItsOwn(run, w, () -> settlement.gone(run, u));
                } else {
                    // Refused outright (each record's outcome is its own, as it would be in the route): nothing was
                    // created.
                    closeIntentOf(w, nothingCreated);
                    stopped =
                            onItsOwn(run, w, () -> outcomes.refused(run, w.record(), answer.code(), answer.message()));
                }
                if (stopped != null) {
                    stopping.set(true);
                    stop = stop != null ? stop : stopped;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping.set(true);
                sent.forEach(f -> f.cancel(true));
                run.counters().notReached();
                stop = stop != null
                        ? stop
                        : ApiException.of(desk.system(), 0, "INTERRUPTED", "interrupted while writing records");
            } catch (CancellationException e) {
                run.counters().notReached();
                stop = stop != null
                        ? stop
                        : ApiException.of(desk.system(), 0, "INTERRUPTED", "interrupted while writing records");
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                // A server error, a timeout or a bug is this record's failure, unless it stops the run. The intent
                // stays: after a server error or a timeout the create may have happened.
                RuntimeException stopped;
                if (RecordOutcomes.stopsTheRun(cause, run)) {
                    run.counters().notReached();
                    stopped = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                } else {
                    stopped = onItsOwn(run, w, () -> OneCommit.refused(run, w.record(), cause, outcomes));
                }
                if (stopped != null) {
                    stopping.set(true);
                    stop = stop != null ? stop : stopped;
                }
            }
        }
        // Never sent, or refused outright: no create happened, so no lookup is needed before the next run sends it.
        // (After a server error or a timeout the intent stays: the create may have happened.)
        intents.doneAll(run.syncId(), run.deskOrg(), system, nothingCreated);
        List<CrmUpdate> next = List.of();
        try {
            next = OneCommit.settle(run, taken, Taken::record, t -> settlement.taken(run, t), outcomes);
        } catch (RuntimeException e) {
            stop = stop != null ? stop : e;
        }
        if (stop != null) {
            // The CRM parts of pairs settled here are not sent now: those records stay staged, not reached.
            next.forEach(u -> run.counters().notReached());
            throw stop;
        }
        return next;
    }

    /** A record's own outcome; returns the failure if it is one that stops the run, else keeps the record with it. */
    private RuntimeException onItsOwn(RunContext run, ToDesk w, Runnable outcome) {
        try {
            outcome.run();
            return null;
        } catch (RuntimeException e) {
            if (RecordOutcomes.stopsTheRun(e, run)) {
                return e;
            }
            OneCommit.refused(run, w.record(), e, outcomes);
            return null;
        }
    }

    private static void closeIntentOf(ToDesk w, List<String> nothingCreated) {
        if (w instanceof DeskCreate c && !c.intentOpen()) {
            nothingCreated.add(c.record().sourceId());
        }
    }
}
