package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.store.Intents;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.Side;
import io.deskbridge.sync.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ExchangeProperty;

/**
 * Desk creates of a run, a batch at a time. The Desk has no batch create, so each record is still one
 * call, but a few calls go out at once and what surrounds them is done once per batch: the write
 * intents of the whole batch are committed before any create is sent, and the links of every create
 * that went through are stored in one commit after. A record the Desk refuses is that record's
 * failure; a failure of the connection stops the run once what did go through is stored, and the
 * creates not sent yet stay staged for the next run.
 */
public final class DeskCreates {

    public static final int BATCH = 100;

    /** A record waiting for its create; {@code intentOpen} when an earlier run already noted the intent. */
    public record Create(SyncRecord record, ObjectNode body, boolean intentOpen) {}

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
    public DeskCreates(ZohoDeskClient desk, Intents intents, RecordOutcomes outcomes, ExecutorService senders) {
        this.desk = desk;
        this.intents = intents;
        this.outcomes = outcomes;
        this.senders = senders;
    }

    void completeWith(Completion completion) {
        this.completion = completion;
    }

    public void queue(RunContext run, Create create) {
        run.deskQueue().add(create);
        if (run.deskQueue().size() >= BATCH) {
            flush(run);
        }
    }

    /** Sends what is queued; called when the queue is full and by the route once the CRM pass is through. */
    public void flush(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        List<Create> batch = new ArrayList<>();
        run.deskQueue().forEach(o -> batch.add((Create) o));
        run.deskQueue().clear();
        if (!batch.isEmpty()) {
            write(run, batch);
        }
    }

    private void write(RunContext run, List<Create> batch) {
        String system = Side.CRM.system();
        intents.recordAll(run.syncId(), run.deskOrg(), system,
                batch.stream().filter(c -> !c.intentOpen()).map(c -> c.record().sourceId()).toList());

        String module = run.sync().module().deskModule();
        AtomicBoolean stopping = new AtomicBoolean();
        List<Future<ObjectNode>> sent = new ArrayList<>(batch.size());
        for (Create c : batch) {
            sent.add(senders.submit(() -> {
                if (stopping.get()) {
                    return null;
                }
                run.deskCalls(1);
                return desk.create(module, c.body());
            }));
        }

        List<Created> done = new ArrayList<>();
        List<Create> nothingCreated = new ArrayList<>();
        List<Runnable> refusals = new ArrayList<>();
        RuntimeException stop = null;
        for (int i = 0; i < batch.size(); i++) {
            Create c = batch.get(i);
            try {
                ObjectNode created = sent.get(i).get();
                if (created == null) {
                    nothingCreated.add(c);
                } else {
                    done.add(new Created(c.record(), created));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping.set(true);
                sent.forEach(f -> f.cancel(true));
                stop = stop != null ? stop : new ApiException("Zoho Desk", 0, "INTERRUPTED", "interrupted while creating records");
            } catch (CancellationException e) {
                stop = stop != null ? stop : new ApiException("Zoho Desk", 0, "INTERRUPTED", "interrupted while creating records");
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                if (RecordOutcomes.stopsTheRun(cause, run)) {
                    stopping.set(true);
                    if (stop == null) {
                        stop = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                    }
                } else {
                    if (cause instanceof ApiException api && api.status() >= 400 && api.status() < 500) {
                        nothingCreated.add(c); // refused outright: nothing was created
                    }
                    String code = cause instanceof ApiException api ? api.code() : cause.getClass().getSimpleName();
                    refusals.add(() -> outcomes.refused(run, c.record(), code,
                            cause.getMessage() == null ? cause.toString() : cause.getMessage()));
                }
            }
        }
        if (!done.isEmpty()) {
            completion.created(run, done);
        }
        // Never sent, or refused outright: no create happened, so no lookup is needed before the next run sends it.
        // (After a server error or a timeout the intent stays: the create may have happened.)
        intents.doneAll(run.syncId(), run.deskOrg(), system,
                nothingCreated.stream().filter(c -> !c.intentOpen()).map(c -> c.record().sourceId()).toList());
        refusals.forEach(Runnable::run);
        if (stop != null) {
            throw stop;
        }
    }
}
