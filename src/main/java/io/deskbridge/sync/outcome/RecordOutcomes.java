package io.deskbridge.sync.outcome;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ServerTrouble;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.model.DeletePolicy;
import io.deskbridge.model.Side;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.StoreException;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a record's way through the route when nothing is written: unchanged, excluded, conflicted,
 * failed or deleted. Every such record is counted, and every one that did not sync is kept with its reason.
 */
public final class RecordOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(RecordOutcomes.class);

    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Issues issues;
    private final Links links;
    private final SyncConnector crm;
    private final SyncConnector desk;
    private final int maxAttempts;

    public RecordOutcomes(
            Jdbc jdbc,
            Mirror mirror,
            Issues issues,
            Links links,
            SyncConnector crm,
            SyncConnector desk,
            int maxAttempts) {
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.issues = issues;
        this.links = links;
        this.crm = crm;
        this.desk = desk;
        this.maxAttempts = maxAttempts;
    }

    public void unchanged(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        jdbc.inTransaction(() -> {
            mirror.done(run.syncId(), record.side().system(), run.scope(record.side()), record.sourceId());
            resolveIssue(run, record);
        });
        run.counters().unchanged();
    }

    /**
     * Direction none: the record and its one match on the other side are linked, and nothing is written. The link has
     * no base and no hashes, since the two were never brought together: the first run that writes brings them
     * together field by field, as a new link, and never creates a second record for either.
     */
    public void linkedOnly(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        Side side = record.side();
        Side other = side.other();
        String crmId = side == Side.CRM ? record.sourceId() : record.targetId();
        String deskId = side == Side.DESK ? record.sourceId() : record.targetId();
        jdbc.inTransaction(() -> {
            links.link(new Links.Link(
                    run.syncId(),
                    run.deskOrg(),
                    crmId,
                    deskId,
                    record.primaryKey().value(),
                    null,
                    null,
                    null,
                    Links.State.ACTIVE));
            mirror.done(run.syncId(), side.system(), run.scope(side), record.sourceId());
            // The match, if staged too, is settled by this link: it is not read again as a record of its own.
            mirror.done(run.syncId(), other.system(), run.scope(other), record.targetId());
            resolveIssue(run, record);
        });
        run.counters().linked();
    }

    /**
     * Direction none: a record that would be created, updated, excluded or reported as a conflict otherwise. Nothing is
     * written and nothing kept: a sync that writes nothing has nothing to fix or replay. It counts only as read.
     */
    public void notWritten(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        jdbc.inTransaction(
                () -> mirror.done(run.syncId(), record.side().system(), run.scope(record.side()), record.sourceId()));
    }

    public void excluded(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        keep(run, record, Issues.Kind.EXCLUDED);
        run.counters().excluded();
        previewed(run, record, "excluded", record.reasonCode(), record.reason());
    }

    /** A conflict writes nothing and is reported; it counts among the excluded records of the run. */
    public void conflict(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        keep(run, record, Issues.Kind.CONFLICT);
        run.counters().excluded();
        previewed(run, record, "conflict", record.reasonCode(), record.reason());
    }

    /** A dry run's preview has the records written nothing, with why, as it has those written. */
    private static void previewed(RunContext run, SyncRecord record, String outcome, String code, String reason) {
        if (run.dryRun()) {
            boolean fromCrm = record.side() == Side.CRM;
            run.preview()
                    .add(
                            outcome,
                            new io.deskbridge.model.DryRunPreview.Item(
                                    null,
                                    fromCrm ? record.sourceId() : record.targetId(),
                                    fromCrm ? record.targetId() : record.sourceId(),
                                    record.side().system(),
                                    java.util.Map.of(),
                                    code + ": " + reason));
        }
    }

    /**
     * A record that failed on its own: the other side refused it, answered a server error or timed out (fewer than
     * {@value #SERVER_TROUBLE_IN_A_ROW} in a row), or a bug or a bad value was met on its way. The route
     * decides which failures are the record's (record-failures in routes/sync-pipeline.camel.yaml); a failure of the
     * whole connection never reaches here, it stops the run and the record stays pending for the next one.
     */
    public void failed(
            @ExchangeProperty(RunContext.PROPERTY) RunContext run,
            @Body SyncRecord record,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        // The API's own code when an API failure is the cause, whatever wraps it on its way to the route.
        ApiException api = ObjectHelper.getException(ApiException.class, error);
        Throwable cause = api != null ? api : error;
        try {
            refused(
                    run,
                    record,
                    api != null ? api.code() : error.getClass().getSimpleName(),
                    cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } catch (RuntimeException notKept) {
            // Thrown from here, the failure would be lost inside the route's handler and the run left RUNNING until its
            // lease ran out. The record stays pending (its commit did not happen); the run's next step ends the run.
            LOG.error("{} run {}: the failure of {} could not be kept", run.syncId(), run.runId(), record.describe());
            run.counters().notReached();
            run.endWith(notKept);
        }
    }

    /** The record synced: its open issue, if it has one, is over. Records without one cost no store call. */
    public void resolveIssue(RunContext run, SyncRecord record) {
        if (run.mayHaveIssue(record.side(), record.sourceId(), () -> issues.open(run.syncId(), run.deskOrg()))) {
            issues.resolve(run.syncId(), run.deskOrg(), record.side().system(), record.sourceId());
        }
    }

    /** Kept as FAILED and retried on later runs, up to the configured number of attempts. */
    public void refused(RunContext run, SyncRecord record, String code, String reason) {
        jdbc.inTransaction(() -> {
            issues.record(
                    run.syncId(),
                    run.deskOrg(),
                    record.side().system(),
                    record.sourceId(),
                    key(record),
                    Issues.Kind.FAILED,
                    code == null ? "REFUSED" : code,
                    reason,
                    run.runId());
            run.issueKept(record.side(), record.sourceId());
            mirror.failedAttempt(
                    run.syncId(), record.side().system(), run.scope(record.side()), record.sourceId(), maxAttempts);
        });
        run.counters().failed();
        previewed(run, record, "failed", code == null ? "REFUSED" : code, reason);
    }

    /**
     * The linked record on {@code gone} no longer exists. The link is marked, the deletion reported and,
     * if the sync says so, the record on the other side deleted too.
     */
    public void deleted(RunContext run, String crmId, String deskId, Side gone, String when) {
        if (run.writesNothing()) {
            unlinkedQuietly(run, crmId, deskId, gone);
            return;
        }
        DeletePolicy policy = run.sync().deletePolicy();
        Side other = gone.other();
        String otherId = other == Side.CRM ? crmId : deskId;
        String what = run.sync().module().id();
        String reason;
        if (policy == DeletePolicy.PROPAGATE) {
            String outcome;
            try {
                if (other == Side.DESK) {
                    run.writesTo(Side.DESK, desk)
                            .delete(run.sync().module().deskModule(), List.of(deskId), run::deskCalls);
                } else {
                    run.crmCalls(1);
                    run.writesTo(Side.CRM, crm).delete(run.sync().module().crmModule(), List.of(crmId));
                }
                outcome = "deleted in the " + other.name() + " too";
            } catch (ApiException e) {
                if (stopsTheRun(e, run)) {
                    throw e;
                }
                // Most often it is gone there already; either way the deletion is reported, not retried forever.
                outcome = "could not be deleted in the " + other.name() + " (" + e.getMessage() + ")";
            }
            reason = "deleted in the " + gone.name() + when + "; " + outcome + " (" + other.name() + " record "
                    + otherId + ", deskbridge.sync." + what + ".deletes = propagate)";
        } else {
            reason = "deleted in the " + gone.name() + when + "; the " + other.name() + " record " + otherId
                    + " was left as it is (deskbridge.sync." + what + ".deletes = keep)";
        }
        String goneId = gone == Side.CRM ? crmId : deskId;
        jdbc.inTransaction(() -> {
            links.mark(
                    run.syncId(),
                    run.deskOrg(),
                    crmId,
                    gone == Side.CRM ? Links.State.CRM_DELETED : Links.State.DESK_DELETED);
            mirror.remove(run.syncId(), gone.system(), run.scope(gone), goneId);
            issues.record(
                    run.syncId(),
                    run.deskOrg(),
                    gone.system(),
                    goneId,
                    null,
                    Issues.Kind.DELETED,
                    "DELETED_IN_" + gone.name(),
                    gone.name() + " record " + goneId + " " + reason,
                    run.runId());
        });
        run.counters().deleted();
    }

    /**
     * Direction none: the link of a deleted record stops being used (no tickets are shown through it), and that is all:
     * nothing is deleted on the other side whatever {@code deletes} says, and nothing is reported.
     */
    private void unlinkedQuietly(RunContext run, String crmId, String deskId, Side gone) {
        jdbc.inTransaction(() -> {
            links.mark(
                    run.syncId(),
                    run.deskOrg(),
                    crmId,
                    gone == Side.CRM ? Links.State.CRM_DELETED : Links.State.DESK_DELETED);
            mirror.remove(run.syncId(), gone.system(), run.scope(gone), gone == Side.CRM ? crmId : deskId);
        });
    }

    /** A pulled record without an id: kept as an issue under a name made from its content. */
    public void unidentified(RunContext run, Side side, com.fasterxml.jackson.databind.node.ObjectNode record) {
        String text = record.toString();
        String id = "no-id:" + io.deskbridge.model.ContentHash.of(record).substring(0, 16);
        issues.record(
                run.syncId(),
                run.deskOrg(),
                side.system(),
                id,
                null,
                Issues.Kind.EXCLUDED,
                "NO_ID",
                "the " + side.name() + " returned a record without an id, which cannot be synced: "
                        + (text.length() > 300 ? text.substring(0, 297) + "..." : text),
                run.runId());
    }

    /** A write found the linked record gone: a deletion, noticed late. */
    public void otherSideGone(RunContext run, SyncRecord record, String crmId, String deskId, Side gone) {
        deleted(run, crmId, deskId, gone, "");
        jdbc.inTransaction(
                () -> mirror.done(run.syncId(), record.side().system(), run.scope(record.side()), record.sourceId()));
        run.counters().unchanged();
    }

    /**
     * Whether a failure is the connection's rather than the record's, for the writes sent in batches (a batch fails
     * many records at once, outside the route): the connector says so by the type it throws (see
     * {@link ApiException}), and a state store that fails stops the run too. The route declares the same rule by type
     * (routes/sync-pipeline.camel.yaml).
     */
    public static boolean stopsTheRun(Exception e, RunContext run) {
        if (e instanceof ServerTrouble) {
            return serverTroubleStopsTheRun(run);
        }
        return e instanceof StoreException || e instanceof ApiException api && api.stopsTheRun();
    }

    /**
     * Counts a server error or a timeout: it may be what this record makes the API choke on, so it is the record's,
     * unless it is the {@value #SERVER_TROUBLE_IN_A_ROW}rd in a row since a write went through: then the API is in
     * trouble and the run stops. The route asks this ({@code onWhen}) for each {@link ServerTrouble} a record meets.
     */
    public static boolean serverTroubleStopsTheRun(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        return run.serverTrouble() >= SERVER_TROUBLE_IN_A_ROW;
    }

    public static final int SERVER_TROUBLE_IN_A_ROW = 3;

    private void keep(RunContext run, SyncRecord record, Issues.Kind kind) {
        jdbc.inTransaction(() -> {
            issues.record(
                    run.syncId(),
                    run.deskOrg(),
                    record.side().system(),
                    record.sourceId(),
                    key(record),
                    kind,
                    record.reasonCode(),
                    record.reason(),
                    run.runId());
            run.issueKept(record.side(), record.sourceId());
            mirror.done(run.syncId(), record.side().system(), run.scope(record.side()), record.sourceId());
        });
    }

    private static String key(SyncRecord record) {
        return record.primaryKey().isValid()
                ? record.primaryKey().value()
                : record.primaryKey().raw();
    }
}
