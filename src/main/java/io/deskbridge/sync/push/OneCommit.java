package io.deskbridge.sync.push;

import io.deskbridge.connector.ApiException;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.outcome.RecordOutcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A batch of answered writes is settled in one commit. A commit that fails for one record's reason (not one
 * that stops the run, such as the state store failing) must not cost the others theirs: the batch is then
 * settled again a record at a time, and the record that still fails is kept with its reason, as it would be
 * in the route. Nothing of a failed attempt stays behind: settling does its store work in the commit and
 * counts only once it is committed.
 */
final class OneCommit {

    private OneCommit() {}

    /** @return what the settled records still need (CRM writes of pairs whose Desk part is done) */
    static <T, R> List<R> settle(
            RunContext run,
            List<T> batch,
            Function<T, SyncRecord> recordOf,
            Function<List<T>, List<R>> settle,
            RecordOutcomes outcomes) {
        if (batch.size() > 1) {
            try {
                return settle.apply(batch);
            } catch (RuntimeException e) {
                if (RecordOutcomes.stopsTheRun(e, run)) {
                    throw e;
                }
            }
        }
        List<R> next = new ArrayList<>();
        for (T one : batch) {
            try {
                next.addAll(settle.apply(List.of(one)));
            } catch (RuntimeException e) {
                if (RecordOutcomes.stopsTheRun(e, run)) {
                    throw e;
                }
                refused(run, recordOf.apply(one), e, outcomes);
            }
        }
        return next;
    }

    /** The record is kept as failed, with the error's code and message as its reason. */
    static void refused(RunContext run, SyncRecord record, Exception e, RecordOutcomes outcomes) {
        outcomes.refused(
                run,
                record,
                e instanceof ApiException api ? api.code() : e.getClass().getSimpleName(),
                e.getMessage() == null ? e.toString() : e.getMessage());
    }
}
