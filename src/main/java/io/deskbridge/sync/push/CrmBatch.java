package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohocrm.WriteResult;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.sync.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * CRM writes of a run, sent 100 records a call (the CRM's limit) instead of one by one. A record
 * queues its write with what to do once the CRM has answered for it; the queue is sent when it is
 * full and when the run's records are all through. A batch the CRM refuses as a whole (or cannot be
 * reached for) fails the run, and the records stay staged for the next one.
 */
public final class CrmBatch {

    /** What a queued write is for: a new record (upsert by the match key) or a change to a linked one. */
    public enum Kind { UPSERT, UPDATE }

    private record Write(Kind kind, ObjectNode body, BiConsumer<WriteResult, ObjectNode> done) {}

    private final ZohoCrmClient crm;

    public CrmBatch(ZohoCrmClient crm) {
        this.crm = crm;
    }

    public void queue(RunContext run, Kind kind, ObjectNode body, BiConsumer<WriteResult, ObjectNode> done) {
        run.crmQueue().add(new Write(kind, body, done));
        if (run.crmQueue().size() >= ZohoCrmClient.WRITE_BATCH) {
            flush(run);
        }
    }

    /** Sends what is queued; called by the route once a pass is through. */
    public void flush(@org.apache.camel.ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        List<Write> queued = new ArrayList<>();
        run.crmQueue().forEach(o -> queued.add((Write) o));
        run.crmQueue().clear();
        for (Kind kind : Kind.values()) {
            List<Write> writes = queued.stream().filter(w -> w.kind() == kind).toList();
            if (writes.isEmpty()) {
                continue;
            }
            List<ObjectNode> bodies = writes.stream().map(Write::body).toList();
            String module = run.sync().module().crmModule();
            List<WriteResult> results = kind == Kind.UPSERT
                    ? crm.upsert(module, bodies, List.of(run.sync().module().matchKeys().crmPrimary()))
                    : crm.update(module, bodies);
            run.crmCalls((bodies.size() + ZohoCrmClient.WRITE_BATCH - 1) / ZohoCrmClient.WRITE_BATCH);
            for (int i = 0; i < writes.size(); i++) {
                writes.get(i).done().accept(results.get(i), writes.get(i).body());
            }
        }
    }
}
