package io.deskbridge.sync.push;

import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.push.PendingWrite.CrmUpdate;
import io.deskbridge.sync.push.PendingWrite.CrmUpsert;
import io.deskbridge.sync.push.PendingWrite.ToCrm;
import io.deskbridge.sync.push.PendingWrite.ToDesk;
import java.util.List;
import org.apache.camel.ExchangeProperty;

/**
 * The writes a run has decided and not sent yet, held on the run in two queues: Desk writes go out a batch
 * of {@value DeskWrites#BATCH} at a time, CRM writes as many a call as the CRM takes (Zoho CRM: 100). A queue is sent
 * when it is full and, by the route, once a pass of the run is through ({@link #send}), so the writes of the
 * CRM pass are settled before the Desk pass looks for matches. The Desk goes first: a pair it settles may
 * still need its CRM write, which joins the CRM queue.
 *
 * <p>Why not Camel's Aggregator EIP for the CRM batches of 100: a batch is part of its run, and the aggregator
 * would take it out of it. It completes a group on the exchange that fills it, but processes the aggregated
 * exchange as a new exchange whose failure it logs ("Error processing aggregated exchange") rather than
 * returning to the record's exchange, so a batch refused for the credentials would no longer stop the split and
 * the run. Its groups live in an aggregation repository beside the run: a run that stops early would leave its
 * group there, to be discarded by hand or sent with the next run's records, where today its records simply stay
 * staged and count as not reached. And the end-of-pass completion (a signal exchange completing all groups)
 * would still be a step in the route, as this one is. Batching here keeps the same calls (one per 100 writes),
 * one commit per batch, settlement before the Desk pass, and a failure that stops the run thrown where the run
 * sees it.
 */
public final class WriteQueue {

    private final DeskWrites deskWrites;
    private final CrmWrites crmWrites;

    public WriteQueue(DeskWrites deskWrites, CrmWrites crmWrites) {
        this.deskWrites = deskWrites;
        this.crmWrites = crmWrites;
    }

    public void queue(RunContext run, ToDesk write) {
        run.deskQueue().add(write);
        if (run.deskQueue().size() >= DeskWrites.BATCH) {
            sendDesk(run);
        }
    }

    public void queue(RunContext run, ToCrm write) {
        hold(run, write);
        sendCrmWhenFull(run);
    }

    private static void hold(RunContext run, ToCrm write) {
        // Until the write is answered and the link stored, no other record of this run may match the record it links.
        if (write instanceof CrmUpsert u) {
            run.claim(u.record().side(), u.record().sourceId());
        } else if (write instanceof CrmUpdate u) {
            run.claim(u.record().side().other(), u.record().targetId());
        }
        run.crmQueue().add(write);
    }

    private void sendCrmWhenFull(RunContext run) {
        if (!run.crmQueue().isEmpty() && run.crmQueue().size() >= crmWrites.batchSize()) {
            sendCrm(run);
        }
    }

    /** Sends what is queued; the route calls it once a pass of the run is through. */
    public void send(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        sendDesk(run);
        sendCrm(run);
    }

    private void sendDesk(RunContext run) {
        List<ToDesk> batch = queued(run.deskQueue(), ToDesk.class);
        // DeskWrites counts what it could not send, so a batch that stops the run leaves nothing queued.
        run.deskQueue().clear();
        if (!batch.isEmpty()) {
            // Every CRM part is queued before any is sent: if a send stops the run, the parts it did not reach are
            // still in the queue, and the run's end counts them as not reached.
            deskWrites.send(run, batch).forEach(crmPart -> hold(run, crmPart));
            sendCrmWhenFull(run);
        }
    }

    private void sendCrm(RunContext run) {
        // A kind leaves the queue once sent; if one stops the run, what is left counts as not reached.
        List<CrmUpsert> upserts = queued(run.crmQueue(), CrmUpsert.class);
        if (!upserts.isEmpty()) {
            crmWrites.upsert(run, upserts);
            run.crmQueue().removeIf(CrmUpsert.class::isInstance);
        }
        List<CrmUpdate> updates = queued(run.crmQueue(), CrmUpdate.class);
        if (!updates.isEmpty()) {
            crmWrites.update(run, updates);
            run.crmQueue().removeIf(CrmUpdate.class::isInstance);
        }
        run.releaseClaims();
    }

    private static <W> List<W> queued(List<RunContext.QueuedWrite> queue, Class<W> kind) {
        return queue.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
