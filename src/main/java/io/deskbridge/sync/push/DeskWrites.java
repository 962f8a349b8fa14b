package io.deskbridge.sync.push;

import io.deskbridge.sync.outcome.RecordOutcomes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.store.Intents;
import io.deskbridge.sync.RunContext;
import io.deskbridge.model.Side;
import io.deskbridge.sync.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ExchangeProperty;

/**
 * Desk writes of a run, a batch at a time. The Desk has no batch write, so each record is still one
 * call, but a few calls go out at once and what surrounds them is done once per batch: the write
 * intents of the batch's creates are committed before any is sent, and the links of every create
 * that went through are stored in one commit after; each update that went through is then settled
 * as its pair says. A record the Desk refuses is that record's failure; a failure of the connection
 * stops the run once what did go through is stored, and the writes not sent yet stay staged for the
 * next run.
 */
public final class DeskWrites {

    public static final int BATCH = 100;

    /** A record waiting for its create; {@code intentOpen} when an earlier run already noted the intent. */
    public record Create(SyncRecord record, ObjectNode body, boolean intentOpen) {}

    /**
     * A change to a linked Desk record: {@code written} settles the pair once the Desk took it, {@code gone}
     * once the Desk says the record is no longer there.
     */
    public record Update(SyncRecord record, String deskId, ObjectNode body, Runnable written, Runnable gone) {}

    /** What is left to do for a record once the batch's answers are in. */
    private record Settle(SyncRecord record, Runnable action) {}

    /** A create the Desk answered, with the record it made. */
    public record Created(SyncRecord record, ObjectNode created) {}

    /** Stores the creates of a batch that went through, in one commit. */
    @FunctionalInterface
    public interface Completion {
        void created(RunContext run, List<Created> done);
    }

    private final ZohoDeskClient desk;
    private final Intents intents;
    private final RecordOutcomes outcomes;
    private final ExecutorService senders;
    private Completion completion;

    /** @param senders where creates are sent from; its size is how many go out at once */
    public DeskWrites(ZohoDeskClient desk, Intents intents, RecordOutcomes outcomes, ExecutorService senders) {
        this.desk = desk;
        this.intents = intents;
        this.outcomes = outcomes;
        this.senders = senders;
    }

    void completeWith(Completion completion) {
        this.completion = completion;
    }

    public void queue(RunContext run, Create create) {
        add(run, create);
    }

    public void queue(RunContext run, Update update) {
        add(run, update);
    }

    private void add(RunContext run, Object write) {
        run.deskQueue().add(write);
        if (run.deskQueue().size() >= BATCH) {
            flush(run);
        }
    }

    /** Sends what is queued; called when the queue is full and by the route once a pass is through. */
    public void flush(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        List<Object> batch = new ArrayList<>(run.deskQueue());
        run.deskQueue().clear();
        if (!batch.isEmpty()) {
            write(run, batch);
        }
    }

    private void write(RunContext run, List<Object> batch) {
        String system = Side.CRM.system();
        intents.recordAll(run.syncId(), run.deskOrg(), system, batch.stream()
                .filter(w -> w instanceof Create c && !c.intentOpen()).map(w -> ((Create) w).record().sourceId()).toList());

        String module = run.sync().module().deskModule();
        AtomicBoolean stopping = new AtomicBoolean();
        List<Future<ObjectNode>> sent = new ArrayList<>(batch.size());
        RuntimeException stop = null;
        for (Object w : batch) {
            try {
                sent.add(senders.submit(() -> {
                    if (stopping.get()) {
                        return null;
                    }
                    run.deskCalls(1);
                    return w instanceof Create c ? desk.create(module, c.body()) : desk.update(module, ((Update) w).deskId(), ((Update) w).body());
                }));
            } catch (RejectedExecutionException shutDown) {
                stopping.set(true);
                stop = stop != null ? stop : ApiException.of("Zoho Desk", 0, "INTERRUPTED", "Deskbridge is shutting down");
                sent.add(CompletableFuture.completedFuture(null));
            }
        }

        List<Created> created = new ArrayList<>();
        List<Create> nothingCreated = new ArrayList<>();
        List<Settle> afterwards = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Object w = batch.get(i);
            SyncRecord record = w instanceof Create c ? c.record() : ((Update) w).record();
            try {
                ObjectNode answer = sent.get(i).get();
                if (answer == null) {
                    // Not sent: the record stays staged for the next run, as one not reached.
                    run.counters().notReached();
                    if (w instanceof Create c) {
                        nothingCreated.add(c);
                    }
                    continue;
                }
                // An answer between two server errors breaks their run, as it would one record after another.
                run.serverOk();
                if (w instanceof Create c) {
                    created.add(new Created(c.record(), answer));
                } else {
                    afterwards.add(new Settle(record, ((Update) w).written()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping.set(true);
                sent.forEach(f -> f.cancel(true));
                run.counters().notReached();
                stop = stop != null ? stop : ApiException.of("Zoho Desk", 0, "INTERRUPTED", "interrupted while writing records");
            } catch (CancellationException e) {
                run.counters().notReached();
                stop = stop != null ? stop : ApiException.of("Zoho Desk", 0, "INTERRUPTED", "interrupted while writing records");
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                int status = cause instanceof ApiException api ? api.status() : 0;
                if (w instanceof Update u && status == 404) {
                    afterwards.add(new Settle(record, u.gone()));
                } else if (RecordOutcomes.stopsTheRun(cause, run)) {
                    stopping.set(true);
                    run.counters().notReached();
                    if (stop == null) {
                        stop = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                    }
                } else {
                    if (w instanceof Create c && status >= 400 && status < 500) {
                        nothingCreated.add(c); // refused outright: nothing was created
                    }
                    String code = cause instanceof ApiException api ? api.code() : cause.getClass().getSimpleName();
                    afterwards.add(new Settle(record, () -> outcomes.refused(run, record, code,
                            cause.getMessage() == null ? cause.toString() : cause.getMessage())));
                }
            }
        }
        if (!created.isEmpty()) {
            completion.created(run, created);
        }
        // Never sent, or refused outright: no create happened, so no lookup is needed before the next run sends it.
        // (After a server error or a timeout the intent stays: the create may have happened.)
        intents.doneAll(run.syncId(), run.deskOrg(), system,
                nothingCreated.stream().filter(c -> !c.intentOpen()).map(c -> c.record().sourceId()).toList());
        // Each record's outcome is its own: one that fails to settle is that record's failure, as it would be
        // in the route, and does not keep the others from theirs.
        for (Settle a : afterwards) {
            try {
                a.action().run();
            } catch (RuntimeException e) {
                if (RecordOutcomes.stopsTheRun(e, run)) {
                    stop = stop != null ? stop : e;
                } else {
                    outcomes.refused(run, a.record(), e instanceof ApiException api ? api.code() : e.getClass().getSimpleName(),
                            e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }
        }
        if (stop != null) {
            throw stop;
        }
    }
}
