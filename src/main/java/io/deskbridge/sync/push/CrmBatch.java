package io.deskbridge.sync.push;

import io.deskbridge.sync.outcome.RecordOutcomes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.sync.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.camel.ExchangeProperty;

/**
 * CRM writes of a run, sent 100 records a call (the CRM's limit) instead of one by one. A record
 * queues its write with what to do once the CRM has answered for it, and what to do if it cannot be
 * done; the queue is sent when it is full and when a pass of the run is through. A batch the CRM
 * cannot take because it is unreachable or refuses the credentials fails the run, and the records stay
 * staged for the next one; any other failure is the failure of each record in the batch.
 */
public final class CrmBatch {

    /** What a queued write is for: a new record (upsert by the match key) or a change to a linked one. */
    public enum Kind { UPSERT, UPDATE }

    private record Write(Kind kind, ObjectNode body, Consumer<Exception> failed, BiConsumer<WriteResult, ObjectNode> done) {}

    private final ZohoCrmClient crm;

    public CrmBatch(ZohoCrmClient crm) {
        this.crm = crm;
    }

    public void queue(RunContext run, Kind kind, ObjectNode body, Consumer<Exception> failed,
                      BiConsumer<WriteResult, ObjectNode> done) {
        run.crmQueue().add(new Write(kind, body, failed, done));
        if (run.crmQueue().size() >= ZohoCrmClient.WRITE_BATCH) {
            flush(run);
        }
    }

    /** Sends what is queued; called by the route once a pass is through. */
    public void flush(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        List<Write> queued = new ArrayList<>();
        run.crmQueue().forEach(o -> queued.add((Write) o));
        for (Kind kind : Kind.values()) {
            List<Write> writes = queued.stream().filter(w -> w.kind() == kind).toList();
            if (!writes.isEmpty()) {
                send(run, kind, writes);
            }
        }
        run.crmQueue().clear();
        run.releaseClaims();
    }

    private void send(RunContext run, Kind kind, List<Write> writes) {
        List<ObjectNode> bodies = writes.stream().map(Write::body).toList();
        String module = run.sync().module().crmModule();
        List<WriteResult> results;
        try {
            run.crmCalls((bodies.size() + ZohoCrmClient.WRITE_BATCH - 1) / ZohoCrmClient.WRITE_BATCH);
            results = kind == Kind.UPSERT
                    ? crm.upsert(module, bodies, List.of(run.sync().module().matchKeys().crmPrimary()))
                    : crm.update(module, bodies);
        } catch (ApiException e) {
            if (RecordOutcomes.stopsTheRun(e, run)) {
                throw e;
            }
            writes.forEach(w -> w.failed().accept(e));
            return;
        }
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            try {
                w.done().accept(results.get(i), w.body());
            } catch (RuntimeException e) {
                if (RecordOutcomes.stopsTheRun(e, run)) {
                    throw e;
                }
                w.failed().accept(e);
            }
        }
    }
}
