package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.CrmFields;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.Side;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.Issues;
import io.deskbridge.store.TicketStatistics;
import io.deskbridge.store.TicketStats;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.run.SyncRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tickets sync's last step (routes/tickets.camel.yaml, bean {@code ticketStats}): writes each CRM record's support
 * figures into the fields routes/tickets.statsmap.yaml names, only for the records whose figures changed since they
 * were last written, {@value #BATCH} a call ({@link TicketStatistics#nextChanged}). A record the CRM refuses is
 * counted as failed and kept with the CRM's reason among the sync's errors; it is written again when its figures next
 * change. A failure of
 * the call itself (credentials, rate limit, the CRM's trouble) ends the run as in every step, and the batch comes
 * again in the next run.
 * <p>
 * The deal link's figures go to the product's deals module (Bigin: Pipelines); the store keeps them under Deals.
 * <p>
 * A module with no fields mapped (as shipped, every module), or direction {@code none}, writes nothing, and the marks
 * its ticket changes left are dropped every run, so they do not pile up. When a module's fields are mapped anew (the
 * first run with a mapping, or a changed one), every record of it that has tickets is written once.
 * <p>
 * A module that maps the feedback (text) reads its field metadata once a run that writes it, for the field's length:
 * the CRM refuses a longer text whole, so it is cut to the length, ending in an ellipsis.
 */
public final class StatsWriteBack {

    private static final Logger LOG = LoggerFactory.getLogger(StatsWriteBack.class);
    static final int BATCH = 100;
    /** The watermark that keeps the fingerprint of each module's mapping, to notice a new one. */
    static final String MAPPED = "statsmap";

    private static final String CRM = Side.CRM.system();

    private static final List<CrmModule> MODULES = CrmModule.withTickets();

    private final StatsMap map;
    private final TicketStatistics statistics;
    private final SyncConnector crm;
    private final CrmFields fields;
    private final Watermarks watermarks;
    private final SyncRuns syncRuns;
    private final Issues issues;
    private final CrmProduct product;

    public StatsWriteBack(
            StatsMap map,
            TicketStatistics statistics,
            SyncConnector crm,
            CrmFields fields,
            Watermarks watermarks,
            SyncRuns syncRuns,
            Issues issues,
            CrmProduct product) {
        this.product = product;
        this.fields = fields;
        this.map = map;
        this.statistics = statistics;
        this.crm = crm;
        this.watermarks = watermarks;
        this.syncRuns = syncRuns;
        this.issues = issues;
    }

    public void writeBack(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        for (CrmModule module : MODULES) {
            if (run.stoppedBecause() != null) {
                return;
            }
            if (!run.direction().flows() || !map.maps(module)) {
                statistics.forgetChanges(run.syncId(), module);
                watermarks.set(run.syncId(), MAPPED, module.apiName(), "none");
                continue;
            }
            String mapping = map.fingerprint(module);
            if (!mapping.equals(
                    watermarks.get(run.syncId(), MAPPED, module.apiName()).orElse(null))) {
                int records = statistics.rewriteAll(run.syncId(), run.deskOrg(), module);
                watermarks.set(run.syncId(), MAPPED, module.apiName(), mapping);
                LOG.info(
                        "{} run {}: the CRM {} fields of {} are newly mapped; the figures of its {} record(s) with"
                                + " tickets are written",
                        run.syncId(),
                        run.runId(),
                        module.apiName(product),
                        map.file(),
                        records);
            }
            write(run, module);
        }
    }

    private void write(RunContext run, CrmModule module) {
        int written = 0;
        try {
            written = batches(run, module);
        } finally {
            if (written > 0) {
                LOG.info(
                        "{} run {}: support figures written into {} CRM {} record(s)",
                        run.syncId(),
                        run.runId(),
                        written,
                        module.apiName(product));
            }
        }
    }

    /** Writes batch after batch until none is left or the run must stop; returns how many records the CRM took. */
    private int batches(RunContext run, CrmModule module) {
        int written = 0;
        Map<String, Integer> lengths = null;
        while (true) {
            TicketStatistics.Batch batch = statistics.nextChanged(
                    run.syncId(), run.deskOrg(), module, BATCH, stats -> map.valuesFingerprint(module, stats));
            if (batch.isEmpty()) {
                return written;
            }
            if (lengths == null && !batch.changed().isEmpty()) {
                lengths = textLengths(run, module);
            }
            List<String> taken = batch.changed().isEmpty() ? List.of() : send(run, module, batch, lengths);
            statistics.written(run.syncId(), batch, taken);
            written += taken.size();
            if (syncRuns.pageDone(run)) {
                return written;
            }
        }
    }

    /** The length of each mapped text field of the module that has one; no call when it maps no text. */
    private Map<String, Integer> textLengths(RunContext run, CrmModule module) {
        if (!map.mapsText(module)) {
            return Map.of();
        }
        Map<String, CrmFields.Field> known = fields.fields(module.apiName(product));
        run.crmCalls(1);
        Map<String, Integer> out = new java.util.HashMap<>();
        known.values().stream().filter(f -> f.length() != null).forEach(f -> out.put(f.apiName(), f.length()));
        return out;
    }

    /**
     * One CRM update of the batch's changed records; returns the ids the CRM took. A refusal is kept as the record's
     * error (GET /admin/syncs/tickets/errors) with the CRM's reason; a record taken has its error, if any, resolved.
     */
    private List<String> send(
            RunContext run, CrmModule module, TicketStatistics.Batch batch, Map<String, Integer> lengths) {
        List<ObjectNode> records = new ArrayList<>(batch.changed().size());
        for (Map.Entry<String, TicketStats> e : batch.changed().entrySet()) {
            records.add(map.record(module, e.getKey(), e.getValue(), lengths));
        }
        List<WriteResult> results = crm.update(module.apiName(product), records);
        run.crmCalls(1);
        Set<String> failing = issues.open(run.syncId(), run.deskOrg());
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            String id = records.get(i).path("id").asText();
            WriteResult r = results.get(i);
            if (r.success()) {
                taken.add(id);
                if (failing.contains(CRM + ":" + id)) {
                    issues.resolve(run.syncId(), run.deskOrg(), CRM, id);
                }
                continue;
            }
            run.counters().failed();
            String reason = "the CRM refused the support figures of " + module.apiName(product) + " " + id + ": "
                    + r.message() + (r.details() == null || r.details().isEmpty() ? "" : " " + r.details())
                    + "; they are written again when they next change";
            LOG.warn("{} run {}: {}", run.syncId(), run.runId(), reason);
            issues.record(
                    run.syncId(),
                    run.deskOrg(),
                    CRM,
                    id,
                    null,
                    Issues.Kind.FAILED,
                    r.code() == null ? "REFUSED" : r.code(),
                    reason,
                    run.runId());
        }
        return taken;
    }
}
