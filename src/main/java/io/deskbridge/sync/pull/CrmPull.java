package io.deskbridge.sync.pull;

import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.ModuleSpec;
import io.deskbridge.sync.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull step for the CRM side: records changed since the watermark, page by page. Each page is
 * staged in the mirror as pending in the same commit that moves the watermark past it, so a crash
 * at any point either re-reads the page or finds it staged: nothing is lost.
 */
public final class CrmPull {

    private static final Logger LOG = LoggerFactory.getLogger(CrmPull.class);
    static final String SYSTEM = "crm";
    static final String SCOPE = "crm";

    private final ZohoCrmClient crm;
    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Watermarks watermarks;

    public CrmPull(ZohoCrmClient crm, Jdbc jdbc, Mirror mirror, Watermarks watermarks) {
        this.crm = crm;
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.watermarks = watermarks;
    }

    public void changes(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        String sync = run.syncId();
        ModuleSpec.MatchKeys keys = run.sync().module().matchKeys();
        Instant since = watermarks.get(sync, SYSTEM, SCOPE).map(Instant::parse).orElse(null);
        NextSince[] next = new NextSince[1];
        ReadSummary summary = crm.readChanged(run.sync().module().crmModule(), run.sync().crmReadFields(), since,
                (Page page) -> {
                    if (next[0] == null) {
                        next[0] = new NextSince(since, Duration.ofSeconds(1), page.serverTime(), Duration.ofSeconds(1));
                    }
                    List<Mirror.Row> rows = new ArrayList<>(page.records().size());
                    page.records().forEach(r -> {
                        rows.add(MirrorRows.of(r, keys.crmPrimary(), keys.crmSecondary(), "Modified_Time"));
                        next[0].saw(modifiedTime(r.path("Modified_Time").asText(null)));
                    });
                    Instant watermark = next[0].value();
                    jdbc.inTransaction(() -> {
                        mirror.put(sync, SYSTEM, SCOPE, rows, true);
                        if (watermark != null) {
                            watermarks.set(sync, SYSTEM, SCOPE, watermark.toString());
                        }
                    });
                });
        run.crmCalls(summary.calls());
        LOG.debug("{} run {}: CRM read {} records in {} calls{}", sync, run.runId(), summary.records(), summary.calls(),
                summary.nothingChanged() ? " (nothing changed)" : "");
    }

    static Instant modifiedTime(String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
