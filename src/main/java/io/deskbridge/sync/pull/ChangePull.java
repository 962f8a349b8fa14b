package io.deskbridge.sync.pull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.model.Side;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.outcome.RecordOutcomes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull step: what changed on each side since its watermark, page by page. A page is staged in the
 * mirror in the same commit that moves the watermark past it, so a crash either re-reads the page or
 * finds it staged: nothing is lost. Staged records are pending for the pipeline when they are to flow
 * (CRM records always, Desk records in two-way syncs and in none, which links them); otherwise they only feed the
 * match index.
 */
public final class ChangePull {

    private static final Logger LOG = LoggerFactory.getLogger(ChangePull.class);
    /** How far behind the API's clock a watermark stays, so a change made during the read is not skipped. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final SyncConnector crm;
    private final SyncConnector desk;
    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Watermarks watermarks;
    private final Links links;
    private final RecordOutcomes outcomes;

    public ChangePull(
            SyncConnector crm,
            SyncConnector desk,
            Jdbc jdbc,
            Mirror mirror,
            Watermarks watermarks,
            Links links,
            RecordOutcomes outcomes) {
        this.crm = crm;
        this.desk = desk;
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.watermarks = watermarks;
        this.links = links;
        this.outcomes = outcomes;
    }

    public void crm(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        changes(run, Side.CRM, true);
    }

    public void desk(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        changes(run, Side.DESK, run.passesDeskRecords());
    }

    /** Records of {@code side} are pending for the pipeline when they are to flow; otherwise they feed the match index. */
    private void changes(RunContext run, Side side, boolean pending) {
        SyncConnector system = connector(side);
        String mark = run.scope(side);
        Instant since = watermarks
                .get(run.syncId(), side.system(), mark)
                .map(Instant::parse)
                .orElse(null);
        Stager stager = new Stager(run, side, since, pending);
        List<String> fields = side == Side.CRM ? run.sync().crmReadFields() : List.of();
        ReadSummary s = system.readChanges(module(run, side), fields, since, stager);
        stager.settle();
        calls(run, side, s.calls());
        LOG.debug(
                "{} run {}: {} read {} changed records in {} calls",
                run.syncId(),
                run.runId(),
                side.name(),
                s.records(),
                s.calls());
    }

    /** Records deleted in the CRM since the last look: a linked one is reported, and handled as the sync says. */
    public void crmDeletions(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        String system = "crm-deleted";
        String mark = run.scope(Side.CRM);
        Instant since =
                watermarks.get(run.syncId(), system, mark).map(Instant::parse).orElse(null);
        List<Instant> newest = new ArrayList<>();
        NextSince[] next = new NextSince[1];
        DeletedRead s = crm.readDeleted(module(run, Side.CRM), since, page -> {
            if (next[0] == null) {
                next[0] = new NextSince(since, Duration.ofSeconds(1), page.serverTime(), MARGIN);
            }
            for (ObjectNode d : page.records()) {
                String crmId = d.path("id").asText();
                Instant at = crm.deletedAt(d);
                next[0].saw(at);
                links.byCrmId(run.syncId(), run.deskOrg(), crmId)
                        .filter(l -> l.state() == Links.State.ACTIVE)
                        .ifPresentOrElse(
                                l -> outcomes.deleted(
                                        run, l.crmId(), l.deskId(), Side.CRM, at == null ? "" : " at " + at),
                                () -> mirror.remove(run.syncId(), Side.CRM.system(), mark, crmId));
            }
            if (next[0].value() != null) {
                newest.add(next[0].value());
                watermarks.set(run.syncId(), system, mark, next[0].value().toString());
            }
        });
        run.crmCalls(s.calls());
        if (s.unavailable() != null) {
            noDeletedList(run, s.unavailable());
            return;
        }
        if (since == null && newest.isEmpty()) {
            // Nothing deleted yet: start watching from now rather than from the beginning of time.
            watermarks.set(
                    run.syncId(), system, mark, run.startedAt().minus(MARGIN).toString());
        }
    }

    /**
     * The CRM has no deleted-records list (Bigin's is unconfirmed, issue 15): the run goes on without it, saying so once.
     * A record deleted there is then noticed only when a write to it is refused.
     */
    private void noDeletedList(RunContext run, String answer) {
        String what = crm.system() + " has no deleted-records list (" + answer + "): deletions there were not read;"
                + " a record deleted there shows when a write to it is refused";
        LOG.warn("{} run {}: {}", run.syncId(), run.runId(), what);
        run.skipped(what);
    }

    /**
     * Records trashed in the Desk since the last look: handled as CRM deletions are. The watermark is the
     * newest {@code deletedTime} handled (kept a margin behind the Desk's clock); the read goes newest first
     * and stops at it, so records trashed at that very time are read again: they are no longer linked, and
     * cost nothing. It moves only when the read got back to it, so a read cut short (a crash) is read again
     * from the top by the next run, down to the same place. The first look handles only the newest page:
     * what was trashed before it cannot be linked to anything this sync made.
     */
    public void deskDeletions(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        String system = "desk-deleted";
        String mark = run.scope(Side.DESK);
        Instant since =
                watermarks.get(run.syncId(), system, mark).map(Instant::parse).orElse(null);
        NextSince[] next = new NextSince[1];
        DeletedRead read = desk.readDeleted(module(run, Side.DESK), since, page -> {
            if (next[0] == null) {
                next[0] = new NextSince(since, Duration.ZERO, page.serverTime(), MARGIN);
                if (since == null) {
                    // An empty bin at the first look: watch from the Desk's clock now on.
                    next[0].saw(page.serverTime().minus(MARGIN));
                }
            }
            for (ObjectNode d : page.records()) {
                Instant at = desk.deletedAt(d);
                if (at != null && since != null && at.isBefore(since)) {
                    continue;
                }
                next[0].saw(at);
                String deskId = d.path("id").asText();
                links.byDeskId(run.syncId(), run.deskOrg(), deskId)
                        .filter(l -> l.state() == Links.State.ACTIVE)
                        .ifPresentOrElse(
                                l -> outcomes.deleted(
                                        run, l.crmId(), l.deskId(), Side.DESK, at == null ? "" : " at " + at),
                                () -> mirror.remove(run.syncId(), Side.DESK.system(), mark, deskId));
            }
        });
        run.deskCalls(read.calls());
        if (!read.complete()) {
            LOG.warn(
                    "{} run {}: more Desk records were trashed since the last run than the recycle bin listing can page"
                            + " through; the older ones are not reported from it (a write to one still finds it gone)",
                    run.syncId(),
                    run.runId());
        }
        Instant value = next[0] == null ? null : next[0].value();
        if (value != null && !value.equals(since)) {
            watermarks.set(run.syncId(), system, mark, value.toString());
        }
    }

    private SyncConnector connector(Side side) {
        return side == Side.CRM ? crm : desk;
    }

    private static String module(RunContext run, Side side) {
        return side == Side.CRM
                ? run.sync().module().crmModule()
                : run.sync().module().deskModule();
    }

    private static void calls(RunContext run, Side side, int calls) {
        if (side == Side.CRM) {
            run.crmCalls(calls);
        } else {
            run.deskCalls(calls);
        }
    }

    /**
     * Stages each page with the watermark that covers it, in one commit. While the read goes on, that watermark
     * is the newest change time read so far, not past it: records not read yet may share that time (a CRM
     * second holds any number), and a read cut short there (a crash, or an error such as the CRM's
     * {@code PAGING_STUCK}) must read them next time; the ones already staged are read again at no write.
     * Only a read that got to its end moves the watermark past what it read ({@link #settle}).
     * Records changed during the read (newer than its start) do not count: they come back in the next read.
     * Reads page by offset in modification order, so a record changed during the read moves to the end and
     * can push an unread record back onto a page already read; when that is seen, {@link #settle} keeps the
     * watermark at the first page, and the next run reads the rest again (records that did not change are not
     * re-processed). A connector that reads newest first ({@link SyncConnector#readsNewestFirst}) hands over its
     * oldest records last, so its pages move no watermark: only a read that got to its end does.
     */
    private final class Stager implements Page.Handler {
        private final RunContext run;
        private final Side side;
        private final Instant since;
        private final Duration step;
        private final boolean pending;
        /** A newest-first read: its pages cannot move the watermark, only its end can ({@link #settle}). */
        private final boolean newestFirst;

        private NextSince next;
        private Instant readStart;
        private Instant reached;
        private Instant firstPageNewest;
        private boolean moved;

        Stager(RunContext run, Side side, Instant since, boolean pending) {
            this.run = run;
            this.side = side;
            this.since = since;
            this.step = connector(side).limits().changeTimePrecision();
            this.pending = pending;
            this.newestFirst = connector(side).readsNewestFirst(module(run, side));
        }

        @Override
        public void page(Page page) {
            if (next == null) {
                next = new NextSince(since, step, page.serverTime(), MARGIN);
                readStart = page.serverTime().minus(MARGIN);
            }
            boolean first = firstPageNewest == null;
            ModuleSpec.MatchKeys k = run.sync().module().matchKeys();
            String changeTimeField = connector(side).limits().changeTimeField();
            java.util.Set<String> kept = run.sync().keptFields(side);
            List<Mirror.Row> rows = new ArrayList<>(page.records().size());
            List<String> newerThanRead = new ArrayList<>();
            for (ObjectNode r : page.records()) {
                if (r.path("id").asText("").isBlank()) {
                    // Nothing can be linked or replayed without an id: reported, and the rest of the page goes on.
                    outcomes.unidentified(run, side, r);
                    continue;
                }
                rows.add(
                        side == Side.CRM
                                ? MirrorRows.of(r, k.kind(), k.crmPrimary(), k.crmSecondary(), changeTimeField, kept)
                                : MirrorRows.of(
                                        r, k.kind(), k.deskPrimary(), k.deskSecondary(), changeTimeField, kept));
                Instant modified = connector(side).changedAt(module(run, side), r);
                next.saw(modified);
                if (modified != null && modified.isAfter(readStart)) {
                    newerThanRead.add(r.path("id").asText());
                } else if (modified != null && (reached == null || modified.isAfter(reached))) {
                    reached = modified;
                }
                if (first && modified != null && (firstPageNewest == null || modified.isAfter(firstPageNewest))) {
                    firstPageNewest = modified;
                }
            }
            Instant watermark =
                    !newestFirst && reached != null && (since == null || reached.isAfter(since)) ? reached : null;
            java.util.Set<String> seen = jdbc.inTransaction(() -> {
                java.util.Set<String> before = mirror.put(run.syncId(), side.system(), run.scope(side), rows, pending);
                if (watermark != null) {
                    watermarks.set(run.syncId(), side.system(), run.scope(side), watermark.toString());
                }
                return before;
            });
            // A version already held was not made during this read (the creates of the run just before it, say).
            if (!seen.containsAll(newerThanRead)) {
                moved = true;
            }
        }

        /**
         * After a read that got to its end: moves the watermark past all it read, or pulls it back to the first
         * page if records moved while it ran.
         */
        void settle() {
            if (next == null || next.value() == null) {
                return;
            }
            // Newest first, a record that moved while read went to the top, above the pages read: the next read
            // finds it, as it changed after the first page's clock, which caps the watermark.
            if (!moved || firstPageNewest == null || newestFirst) {
                watermarks.set(
                        run.syncId(),
                        side.system(),
                        run.scope(side),
                        next.value().toString());
            } else {
                Instant back = since != null && since.isAfter(firstPageNewest) ? since : firstPageNewest;
                watermarks.set(run.syncId(), side.system(), run.scope(side), back.toString());
                LOG.info(
                        "{} run {}: {} records changed while they were read; the next run reads again from {}",
                        run.syncId(),
                        run.runId(),
                        side.name(),
                        back);
            }
        }
    }
}
