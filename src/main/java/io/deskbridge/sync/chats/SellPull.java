package io.deskbridge.sync.chats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.SalesCrm;
import io.deskbridge.model.EmailAddress;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.SellRecords;
import io.deskbridge.store.SellRecords.SellRecord;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.run.SyncRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;

/**
 * The chats sync's first step: the Sell leads and contacts changed since the last run, into the store
 * ({@link SellRecords}), so each chat is matched with no call. Each page is stored with its watermark in one commit. A
 * record read again (the read starts at the newest change time it reached) is stored again, which changes nothing.
 */
public final class SellPull {

    /** How far behind Sell's clock a watermark stays, as for the other syncs. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    static final String SCOPE = "sell";

    private final SalesCrm sell;
    private final Jdbc jdbc;
    private final SellRecords records;
    private final Watermarks watermarks;
    private final SyncRuns syncRuns;

    public SellPull(SalesCrm sell, Jdbc jdbc, SellRecords records, Watermarks watermarks, SyncRuns syncRuns) {
        this.sell = sell;
        this.jdbc = jdbc;
        this.records = records;
        this.watermarks = watermarks;
        this.syncRuns = syncRuns;
    }

    /** Leads, then contacts. */
    public void leadsAndContacts(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        pull(run, SalesCrm.LEADS, SellRecords.LEAD);
        pull(run, SalesCrm.CONTACTS, SellRecords.CONTACT);
    }

    private void pull(RunContext run, String module, String kind) {
        if (run.stoppedBecause() != null) {
            return;
        }
        String mark = "sell-" + module;
        Instant since =
                watermarks.get(run.syncId(), mark, SCOPE).map(Instant::parse).orElse(null);
        Pages pages = new Pages(run, mark, kind, since);
        try {
            ReadSummary s = sell.readChanges(module, List.of(), since, pages);
            run.crmCalls(s.calls());
        } catch (ReadStopped stop) {
            run.crmCalls(pages.pages);
        }
    }

    /** What is kept of a lead or contact: the normalised email, the owner, the phone (or mobile) and the change time. */
    static SellRecord row(SalesCrm sell, String kind, ObjectNode d) {
        return new SellRecord(
                kind,
                d.path("id").asText(),
                EmailAddress.of(JsonText.of(d, "email")).value(),
                JsonText.of(d, "owner_id"),
                phoneOf(d),
                sell.changedAt(d));
    }

    /** A lead's or contact's phone, or its mobile, or null. */
    static String phoneOf(JsonNode d) {
        return JsonText.first(d, "phone", "mobile");
    }

    /**
     * Stores each page with the watermark: the newest change time read that is before the read began (a second
     * behind Sell's clock at the first page), so a record changed while the read goes on is read again by the next
     * run. How Sell's pages are walked, and what a walk can miss, is the connector's (README, Zendesk Sell).
     */
    private final class Pages implements Page.Handler {
        private final RunContext run;
        private final String mark;
        private final String kind;
        private final Instant since;
        private Instant readStart;
        private Instant reached;
        int pages;

        Pages(RunContext run, String mark, String kind, Instant since) {
            this.run = run;
            this.mark = mark;
            this.kind = kind;
            this.since = since;
        }

        @Override
        public void page(Page page) {
            pages++;
            if (readStart == null) {
                readStart = page.serverTime().minus(MARGIN);
            }
            List<SellRecord> rows = new ArrayList<>();
            for (ObjectNode d : page.records()) {
                if (d.path("id").asText("").isBlank()) {
                    continue;
                }
                SellRecord r = row(sell, kind, d);
                rows.add(r);
                Instant at = r.updatedAt();
                if (at != null && !at.isAfter(readStart) && (reached == null || at.isAfter(reached))) {
                    reached = at;
                }
            }
            Instant watermark = reached != null && (since == null || reached.isAfter(since)) ? reached : null;
            jdbc.inTransaction(() -> {
                records.putAll(run.syncId(), rows);
                if (watermark != null) {
                    watermarks.set(run.syncId(), mark, SCOPE, watermark.toString());
                }
            });
            if (syncRuns.pageDone(run)) {
                throw new ReadStopped();
            }
        }
    }
}
