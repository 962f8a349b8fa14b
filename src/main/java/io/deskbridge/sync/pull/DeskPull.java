package io.deskbridge.sync.pull;

import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.ModuleSpec;
import io.deskbridge.sync.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull step for the Desk side: records changed since the watermark, into the mirror the matcher
 * reads. The first run reads everything once; later runs read only what changed, including what
 * Deskbridge wrote itself, so the mirror stays true without a per-record lookup.
 */
public final class DeskPull {

    private static final Logger LOG = LoggerFactory.getLogger(DeskPull.class);
    static final String SYSTEM = "desk";

    private final ZohoDeskClient desk;
    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Watermarks watermarks;

    public DeskPull(ZohoDeskClient desk, Jdbc jdbc, Mirror mirror, Watermarks watermarks) {
        this.desk = desk;
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.watermarks = watermarks;
    }

    public void changes(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        String sync = run.syncId();
        String org = run.deskOrg();
        ModuleSpec.MatchKeys keys = run.sync().module().matchKeys();
        Instant since = watermarks.get(sync, SYSTEM, org).map(Instant::parse).orElse(null);
        NextSince[] next = new NextSince[1];
        ReadSummary summary = desk.readModifiedSince(run.sync().module().deskModule(), since, (Page page) -> {
            if (next[0] == null) {
                next[0] = new NextSince(since, Duration.ofMillis(1), page.serverTime(), Duration.ofSeconds(1));
            }
            List<Mirror.Row> rows = new ArrayList<>(page.records().size());
            page.records().forEach(r -> {
                rows.add(MirrorRows.of(r, keys.deskPrimary(), keys.deskSecondary(), "modifiedTime"));
                next[0].saw(ZohoDeskClient.modifiedTime(r));
            });
            Instant watermark = next[0].value();
            jdbc.inTransaction(() -> {
                mirror.put(sync, SYSTEM, org, rows, false);
                if (watermark != null) {
                    watermarks.set(sync, SYSTEM, org, watermark.toString());
                }
            });
        });
        run.deskCalls(summary.calls());
        LOG.debug("{} run {}: Desk read {} records in {} calls", sync, run.runId(), summary.records(), summary.calls());
    }
}
