package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.model.MatchKey;
import io.deskbridge.model.Side;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.outcome.RecordOutcomes;
import io.deskbridge.sync.push.PendingWrite.CrmUpdate;
import io.deskbridge.sync.push.PendingWrite.CrmUpsert;
import io.deskbridge.sync.push.PendingWrite.ToCrm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends CRM writes as many records a call as the CRM takes (Zoho CRM: 100) instead of one by one, one call per kind of write,
 * and settles what the CRM took in one commit per call. A record the CRM refuses is that record's failure;
 * a call the CRM cannot take because it is unreachable or refuses the credentials stops the run, and the
 * records stay staged for the next one; any other failure of the call is the failure of each of its records.
 */
public final class CrmWrites {

    /** A write the CRM took, with its answer for that record. */
    public record Taken(ToCrm write, WriteResult result) {
        public SyncRecord record() {
            return write.record();
        }
    }

    private final SyncConnector crm;
    private final PairSettler settler;
    private final RecordOutcomes outcomes;

    public CrmWrites(SyncConnector crm, PairSettler settler, RecordOutcomes outcomes) {
        this.crm = crm;
        this.settler = settler;
        this.outcomes = outcomes;
    }

    /**
     * New records, upserted by the match key: the one place they are sent. Records of different keys
     * ({@link #upsertKey}) go in calls of their own.
     */
    public void upsert(RunContext run, List<CrmUpsert> writes) {
        ModuleSpec.MatchKeys keys = run.sync().module().matchKeys();
        Map<List<String>, List<CrmUpsert>> byKey = new LinkedHashMap<>();
        for (CrmUpsert w : writes) {
            byKey.computeIfAbsent(upsertKey(keys, w.body()), k -> new ArrayList<>())
                    .add(w);
        }
        byKey.forEach((key, sameKey) -> send(
                run,
                sameKey,
                bodies -> run.writesTo(Side.CRM, crm).upsert(run.sync().module().crmModule(), bodies, key)));
    }

    /**
     * The fields the CRM upserts {@code body} by: the primary match key, or for a product without a code its name,
     * the key it is matched by. An upsert by an empty code inserts, so a product whose create was sent before a crash
     * and is sent again would be in the CRM twice.
     */
    public static List<String> upsertKey(ModuleSpec.MatchKeys keys, ObjectNode body) {
        if (keys.kind() == MatchKey.Kind.PRODUCT && Reconciler.empty(body.get(keys.crmPrimary()))) {
            return List.of(keys.crmSecondary());
        }
        return List.of(keys.crmPrimary());
    }

    /** Changes to linked records: the one place they are sent. */
    public void update(RunContext run, List<CrmUpdate> writes) {
        send(
                run,
                writes,
                bodies -> run.writesTo(Side.CRM, crm).update(run.sync().module().crmModule(), bodies));
    }

    private void send(
            RunContext run, List<? extends ToCrm> writes, Function<List<ObjectNode>, List<WriteResult>> call) {
        if (writes.isEmpty()) {
            return;
        }
        List<WriteResult> results;
        try {
            run.crmCalls((writes.size() + batchSize() - 1) / batchSize());
            results = call.apply(writes.stream().map(ToCrm::body).toList());
        } catch (ApiException e) {
            if (RecordOutcomes.stopsTheRun(e, run)) {
                throw e;
            }
            writes.forEach(w -> OneCommit.refused(run, w.record(), e, outcomes));
            return;
        }
        List<Taken> taken = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            ToCrm w = writes.get(i);
            WriteResult result = results.get(i);
            if (result.success()) {
                taken.add(new Taken(w, result));
            } else {
                outcomes.refused(run, w.record(), result.code(), refusal(w, result));
            }
        }
        OneCommit.settle(
                run,
                taken,
                Taken::record,
                t -> {
                    settler.crmTook(run, t);
                    return List.of();
                },
                outcomes);
    }

    /** Records a call, as the CRM allows. */
    int batchSize() {
        return crm.limits().writeBatch();
    }

    private static String refusal(ToCrm w, WriteResult result) {
        String what = w instanceof CrmUpdate u ? "the update of " + u.pair().crmId() : "to create it";
        return "the CRM refused " + what + ": " + result.message() + " " + result.details();
    }
}
