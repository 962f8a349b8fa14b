package io.deskbridge.sync.push;

import io.deskbridge.connector.ApiException;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.StoreException;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Ends a record's way through the route when nothing is written: unchanged, excluded, conflicted or
 * failed. Every such record is counted, and every one that did not sync is kept with its reason.
 */
public final class RecordOutcomes {

    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Issues issues;
    private final int maxAttempts;

    public RecordOutcomes(Jdbc jdbc, Mirror mirror, Issues issues, int maxAttempts) {
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.issues = issues;
        this.maxAttempts = maxAttempts;
    }

    public void unchanged(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        jdbc.inTransaction(() -> {
            mirror.done(run.syncId(), "crm", "crm", record.sourceId());
            issues.resolve(run.syncId(), "crm", record.sourceId());
        });
        run.counters().unchanged();
    }

    public void excluded(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        keep(run, record, Issues.Kind.EXCLUDED);
        run.counters().excluded();
    }

    /** A conflict writes nothing and is reported; it counts among the excluded records of the run. */
    public void conflict(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        keep(run, record, Issues.Kind.CONFLICT);
        run.counters().excluded();
    }

    /**
     * A record the other side refused. Failures of the whole connection (credentials refused, API
     * unreachable after retries, state store down) are not the record's fault: they stop the run,
     * and the record stays pending for the next one.
     */
    public void failed(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) throws Exception {
        if (stopsTheRun(error)) {
            throw error;
        }
        String code = error instanceof ApiException api ? api.code() : error.getClass().getSimpleName();
        jdbc.inTransaction(() -> {
            issues.record(run.syncId(), "crm", record.sourceId(), email(record), Issues.Kind.FAILED, code,
                    error.getMessage() == null ? error.toString() : error.getMessage(), run.runId());
            mirror.failedAttempt(run.syncId(), "crm", "crm", record.sourceId(), maxAttempts);
        });
        run.counters().failed();
    }

    static boolean stopsTheRun(Exception e) {
        if (e instanceof StoreException) {
            return true;
        }
        if (e instanceof ApiException api) {
            int s = api.status();
            return api.isAuthFailure() || s == 0 || s == 403 || s == 429 || s >= 500;
        }
        return false;
    }

    private void keep(RunContext run, SyncRecord record, Issues.Kind kind) {
        jdbc.inTransaction(() -> {
            issues.record(run.syncId(), "crm", record.sourceId(), email(record), kind, record.reasonCode(),
                    record.reason(), run.runId());
            mirror.done(run.syncId(), "crm", "crm", record.sourceId());
        });
    }

    private static String email(SyncRecord record) {
        if (record.primaryEmail().isValid()) {
            return record.primaryEmail().value();
        }
        return record.primaryEmail().raw();
    }
}
