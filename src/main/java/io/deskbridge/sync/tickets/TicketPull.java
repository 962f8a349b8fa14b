package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.Tickets;
import io.deskbridge.store.Tickets.Change;
import io.deskbridge.store.Tickets.Ticket;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.pull.NextSince;
import io.deskbridge.sync.run.SyncRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tickets sync's steps (routes/tickets.camel.yaml): ties the mirror to the links made since the last run, reads
 * the tickets changed since the watermark a page at a time, removes the trashed ones, and marks the ones that became
 * overdue. Each page is mirrored, its signals queued and the watermark moved in one commit, so a crash either reads the
 * page again (its events get the same ids and are not queued twice) or finds it done.
 * <p>
 * A ticket's threads are read only when its thread count changed, its comments only when its comment count rose, and
 * ratings only for tickets whose change time moved, one read per contact of a page (a rating moves the ticket's change
 * time; the Desk lists ratings by contact, so a page of one customer's tickets costs one call). The first response is
 * the oldest outgoing thread: the thread list is needed anyway to tell the new replies, while the metrics call gives it
 * only to the minute and costs a call per ticket.
 * <p>
 * The sync watches from the start of its first run (kept as watermark {@value #SIGNALS_FROM}): the tickets that first
 * run reads fill the mirror without a signal, as the Desk's history is not news and a signal for every old ticket
 * would flood the CRM; a first run cut short does not change that, as a ticket created before that time never counts
 * as new. With direction {@code none} the mirror is kept for the ticket lists and statistics, and nothing is queued.
 */
public final class TicketPull {

    private static final Logger LOG = LoggerFactory.getLogger(TicketPull.class);
    /** How far behind the Desk's clock a watermark stays, as for contacts. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    static final String CHANGES = "desk";
    static final String DELETED = "desk-deleted";
    static final String SIGNALS_FROM = "signals-from";
    static final String CONTACTS_SYNC = "contacts";
    static final String ACCOUNTS_SYNC = "accounts";

    private final TicketDesk desk;
    private final Jdbc jdbc;
    private final Tickets tickets;
    private final SignalOutbox outbox;
    private final Watermarks watermarks;
    private final Links links;
    private final TicketEvents events;
    private final SyncRuns syncRuns;
    private final Clock clock;

    public TicketPull(
            TicketDesk desk,
            Jdbc jdbc,
            Tickets tickets,
            SignalOutbox outbox,
            Watermarks watermarks,
            Links links,
            TicketEvents events,
            SyncRuns syncRuns,
            Clock clock) {
        this.desk = desk;
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.outbox = outbox;
        this.watermarks = watermarks;
        this.links = links;
        this.events = events;
        this.syncRuns = syncRuns;
        this.clock = clock;
    }

    /** Ties mirrored tickets to the contacts and accounts linked (or unlinked) since they were read. Once a run. */
    public void retie(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        int moved = tickets.retie(run.syncId(), run.deskOrg(), CONTACTS_SYNC, ACCOUNTS_SYNC);
        if (moved > 0) {
            LOG.info(
                    "{} run {}: {} ticket tie(s) to CRM records changed with the links",
                    run.syncId(),
                    run.runId(),
                    moved);
        }
    }

    /** The tickets changed since the watermark, page by page. */
    public void changes(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        Instant since = watermarks
                .get(run.syncId(), CHANGES, run.deskOrg())
                .map(Instant::parse)
                .orElse(null);
        Pages pages = new Pages(run, since, watchedFrom(run));
        try {
            ReadSummary s = desk.readChanges(TicketDesk.MODULE, List.of(), since, pages);
            run.deskCalls(s.calls());
            pages.settle();
        } catch (Stop stop) {
            // The read was cut at a page boundary; what was committed stays, the next run goes on from there.
            run.deskCalls(pages.pages);
        }
    }

    /** Tickets moved to the Desk's trash since the last look leave the mirror. */
    public void deletions(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        if (run.stoppedBecause() != null) {
            return;
        }
        Instant since = watermarks
                .get(run.syncId(), DELETED, run.deskOrg())
                .map(Instant::parse)
                .orElse(null);
        NextSince[] next = new NextSince[1];
        DeletedRead read = desk.readDeleted(TicketDesk.MODULE, since, page -> {
            if (next[0] == null) {
                next[0] = new NextSince(since, Duration.ZERO, page.serverTime(), MARGIN);
                if (since == null) {
                    next[0].saw(page.serverTime().minus(MARGIN));
                }
            }
            List<String> ids = new ArrayList<>();
            for (ObjectNode d : page.records()) {
                Instant at = desk.deletedAt(d);
                if (at != null && since != null && at.isBefore(since)) {
                    continue;
                }
                next[0].saw(at);
                ids.add(d.path("id").asText());
            }
            int held = tickets.held(run.syncId(), run.deskOrg(), ids).size();
            tickets.removeAll(run.syncId(), run.deskOrg(), ids);
            for (int i = 0; i < held; i++) {
                run.counters().deleted();
            }
        });
        run.deskCalls(read.calls());
        if (!read.complete()) {
            LOG.warn(
                    "{} run {}: more tickets were trashed since the last run than the recycle bin listing can page"
                            + " through; the older ones stay in the mirror until they change or are read again",
                    run.syncId(),
                    run.runId());
        }
        Instant value = next[0] == null ? null : next[0].value();
        if (value != null && !value.equals(since)) {
            watermarks.set(run.syncId(), DELETED, run.deskOrg(), value.toString());
        }
    }

    /**
     * Open tickets whose due time passed since they were read: the Desk turns them overdue without changing them, so
     * no read would bring them back. The mirror knows their due time and that they are open (a close would have
     * changed them), so no call is needed.
     */
    public void overdue(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        if (run.stoppedBecause() != null) {
            return;
        }
        List<Ticket> due = tickets.dueButNotOverdue(run.syncId(), run.deskOrg(), clock.instant()).stream()
                .map(TicketRows::overdue)
                .toList();
        Instant newFrom = watchedFrom(run);
        // The email each was raised with, kept by the read that mirrored it: an OVERDUE for a Desk contact linked to
        // no CRM contact goes to the CRM's lead or contact by that email.
        Map<String, TicketEvents.Seen> seen = new HashMap<>();
        tickets.emails(
                        run.syncId(),
                        run.deskOrg(),
                        due.stream().map(Ticket::ticketId).toList())
                .forEach((id, email) -> seen.put(id, TicketEvents.Seen.onlyEmail(email)));
        List<Change> changes = jdbc.inTransaction(() -> {
            List<Change> changed = tickets.putAll(run.syncId(), run.deskOrg(), due);
            queue(run, newFrom, changed, seen);
            return changed;
        });
        changes.forEach(c -> run.counters().updated());
    }

    /** When the sync began to watch: set by its first run, to its start. */
    private Instant watchedFrom(RunContext run) {
        return watermarks
                .get(run.syncId(), SIGNALS_FROM, run.deskOrg())
                .map(Instant::parse)
                .orElseGet(() -> {
                    watermarks.set(
                            run.syncId(),
                            SIGNALS_FROM,
                            run.deskOrg(),
                            run.startedAt().toString());
                    return run.startedAt();
                });
    }

    /**
     * Queues the signals of these changes, in the caller's commit; none with direction none. An event that can be tied
     * to no CRM record (no deal, no linked contact, no email on the ticket) is dropped, and said once for the batch.
     */
    private void queue(RunContext run, Instant newFrom, List<Change> changes, Map<String, TicketEvents.Seen> seen) {
        if (!run.direction().flows()) {
            return;
        }
        List<SignalOutbox.Event> queued = new ArrayList<>();
        Map<String, List<SignalOutbox.Kind>> dropped = new LinkedHashMap<>();
        for (Change c : changes) {
            String id = c.current().ticketId();
            TicketEvents.Detected d = events.of(
                    run.syncId(), run.deskOrg(), newFrom, c, seen.getOrDefault(id, TicketEvents.Seen.NOTHING));
            queued.addAll(d.events());
            if (!d.dropped().isEmpty()) {
                dropped.put(id, d.dropped());
            }
        }
        outbox.addAll(queued);
        if (!dropped.isEmpty()) {
            int count = dropped.values().stream().mapToInt(List::size).sum();
            LOG.warn(
                    "{} run {}: {} sales signal(s) dropped, their tickets tied to no CRM contact or deal and without an"
                            + " email: {}",
                    run.syncId(),
                    run.runId(),
                    count,
                    dropped);
        }
    }

    /** Thrown out of a page to end the read where the run must stop (a pause, a shutdown). */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Commits each page with its signals and the watermark that covers it; the watermark logic is the contacts sync's
     * ({@link NextSince}, and while reading, no further than the newest change read, as records not read yet may share
     * that time). A ticket changed during the read moves behind the pages already read and may push an unread one onto
     * them: then the next run reads again from the first page's newest change.
     */
    private final class Pages implements Page.Handler {
        private final RunContext run;
        private final Instant since;
        private final Instant newFrom;
        private NextSince next;
        private Instant readStart;
        private Instant reached;
        private Instant firstPageNewest;
        private boolean moved;
        int pages;

        Pages(RunContext run, Instant since, Instant newFrom) {
            this.run = run;
            this.since = since;
            this.newFrom = newFrom;
        }

        @Override
        public void page(Page page) {
            pages++;
            if (next == null) {
                next = new NextSince(since, desk.limits().changeTimePrecision(), page.serverTime(), MARGIN);
                readStart = page.serverTime().minus(MARGIN);
            }
            boolean first = firstPageNewest == null;
            Map<String, ObjectNode> wire = new LinkedHashMap<>();
            List<String> newerThanRead = new ArrayList<>();
            for (ObjectNode r : page.records()) {
                String id = r.path("id").asText("");
                if (id.isBlank()) {
                    LOG.warn("{} run {}: a ticket without an id was skipped", run.syncId(), run.runId());
                    continue;
                }
                wire.put(id, r);
                run.counters().read();
                Instant modified = desk.changedAt(r);
                next.saw(modified);
                if (modified != null && modified.isAfter(readStart)) {
                    newerThanRead.add(id);
                } else if (modified != null && (reached == null || modified.isAfter(reached))) {
                    reached = modified;
                }
                if (first && modified != null && (firstPageNewest == null || modified.isAfter(firstPageNewest))) {
                    firstPageNewest = modified;
                }
            }
            Map<String, Ticket> held = tickets.held(run.syncId(), run.deskOrg(), wire.keySet());
            Map<String, TicketEvents.Seen> seen = new HashMap<>();
            List<Ticket> rows = rows(wire, held, seen);
            Instant watermark = reached != null && (since == null || reached.isAfter(since)) ? reached : null;
            List<Change> changes = jdbc.inTransaction(() -> {
                List<Change> changed = tickets.putAll(run.syncId(), run.deskOrg(), rows);
                Map<String, String> emails = new HashMap<>();
                changed.forEach(c -> emails.put(
                        c.current().ticketId(),
                        seen.getOrDefault(c.current().ticketId(), TicketEvents.Seen.NOTHING)
                                .email()));
                tickets.keepEmails(run.syncId(), run.deskOrg(), emails);
                queue(run, newFrom, changed, seen);
                if (watermark != null) {
                    watermarks.set(run.syncId(), CHANGES, run.deskOrg(), watermark.toString());
                }
                return changed;
            });
            for (Change c : changes) {
                if (c.isNew()) {
                    run.counters().created();
                } else {
                    run.counters().updated();
                }
                if (newerThanRead.contains(c.current().ticketId())) {
                    moved = true;
                }
            }
            for (int i = changes.size(); i < rows.size(); i++) {
                run.counters().unchanged();
            }
            if (syncRuns.pageDone(run)) {
                throw new Stop();
            }
        }

        /** The page's tickets as mirror rows, reading threads, comments and ratings only where they changed. */
        private List<Ticket> rows(
                Map<String, ObjectNode> wire, Map<String, Ticket> held, Map<String, TicketEvents.Seen> seen) {
            Map<String, List<ObjectNode>> ratings = ratingsOfMoved(wire, held);
            List<Ticket> rows = new ArrayList<>(wire.size());
            for (ObjectNode w : wire.values()) {
                String id = w.path("id").asText();
                try {
                    rows.add(row(w, id, held.get(id), ratings, seen));
                } catch (io.deskbridge.connector.RecordRefused
                        | IllegalArgumentException
                        | NullPointerException
                        | java.time.format.DateTimeParseException bad) {
                    // One ticket the Desk will not show (gone since the search) or with a value that cannot be read
                    // must not stop every run from here on: it is left out, said in the log, and read again when it
                    // next changes. A failure of the connection is not caught here: it stops the run.
                    LOG.warn(
                            "{} run {}: ticket {} was left out of the mirror: {}",
                            run.syncId(),
                            run.runId(),
                            id,
                            bad.toString());
                }
            }
            return rows;
        }

        private Ticket row(
                ObjectNode w,
                String id,
                Ticket before,
                Map<String, List<ObjectNode>> ratings,
                Map<String, TicketEvents.Seen> seen) {
            int threadCount = TicketRows.count(w, "threadCount");
            int commentCount = TicketRows.count(w, "commentCount");
            Instant firstResponse = before == null ? null : before.firstResponseAt();
            List<ObjectNode> replies = List.of();
            if (before == null ? threadCount > 0 : threadCount != before.threadCount()) {
                List<ObjectNode> threads = desk.threads(id);
                run.deskCalls(1);
                firstResponse = TicketRows.firstResponse(threads);
                if (before != null) {
                    replies = TicketRows.after(TicketRows.outgoing(threads), "createdTime", before.modifiedAt());
                }
            }
            List<ObjectNode> comments = List.of();
            // Any change of the count, not only a rise: one comment deleted and one added leave it as it was
            // only if both happened; the time filter keeps just the new ones.
            if (before != null && commentCount > 0 && commentCount != before.commentCount()) {
                run.deskCalls(1);
                comments = TicketRows.after(desk.comments(id), "commentedTime", before.modifiedAt());
            }
            ObjectNode latest;
            List<ObjectNode> newRatings = List.of();
            if (ratings.containsKey(id)) {
                latest = TicketRows.latest(ratings.get(id));
                if (before != null) {
                    newRatings = TicketRows.after(ratings.get(id), "ratedTime", before.modifiedAt());
                }
            } else {
                latest = before == null || before.latestRating() == null ? null : heldRating(before);
            }
            seen.put(id, new TicketEvents.Seen(comments, replies, newRatings, TicketRows.text(w, "email")));
            return TicketRows.of(
                    w,
                    firstResponse,
                    latest,
                    crmId(run, CONTACTS_SYNC, TicketRows.text(w, "contactId")),
                    crmId(run, ACCOUNTS_SYNC, TicketRows.text(w, "accountId")));
        }

        /**
         * The ratings of the tickets whose change time moved (new ones included), by ticket: one read per contact of
         * those tickets, one per ticket without a contact.
         */
        private Map<String, List<ObjectNode>> ratingsOfMoved(Map<String, ObjectNode> wire, Map<String, Ticket> held) {
            Map<String, List<ObjectNode>> byTicket = new HashMap<>();
            Map<String, List<String>> byContact = new LinkedHashMap<>();
            for (ObjectNode w : wire.values()) {
                String id = w.path("id").asText();
                Ticket before = held.get(id);
                if (before != null && Objects.equals(before.modifiedAt(), desk.changedAt(w))) {
                    continue;
                }
                byTicket.put(id, new ArrayList<>());
                String contact = TicketRows.text(w, "contactId");
                if (contact == null) {
                    run.deskCalls(1);
                    byTicket.get(id).addAll(desk.ratings(id));
                } else {
                    byContact.computeIfAbsent(contact, c -> new ArrayList<>()).add(id);
                }
            }
            byContact.forEach((contact, ids) -> {
                run.deskCalls(1);
                for (ObjectNode r : desk.ratingsOfContact(contact)) {
                    List<ObjectNode> of = byTicket.get(TicketRows.text(r, "ticketId"));
                    if (of != null) {
                        of.add(r);
                    }
                }
            });
            return byTicket;
        }

        void settle() {
            if (next == null || next.value() == null) {
                return;
            }
            if (!moved || firstPageNewest == null) {
                watermarks.set(
                        run.syncId(), CHANGES, run.deskOrg(), next.value().toString());
            } else {
                Instant back = since != null && since.isAfter(firstPageNewest) ? since : firstPageNewest;
                watermarks.set(run.syncId(), CHANGES, run.deskOrg(), back.toString());
                LOG.info(
                        "{} run {}: tickets changed while they were read; the next run reads again from {}",
                        run.syncId(),
                        run.runId(),
                        back);
            }
        }
    }

    /** A held ticket's latest rating in the wire shape {@link TicketRows#of} takes. */
    private static ObjectNode heldRating(Ticket t) {
        ObjectNode r = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        r.put("rating", t.latestRating().name());
        r.put("feedback", t.latestFeedback());
        r.put(
                "ratedTime",
                t.latestRatingAt() == null ? null : t.latestRatingAt().toString());
        return r;
    }

    /** The CRM record a Desk record is linked to now by the given sync (ACTIVE links only), or null. */
    private String crmId(RunContext run, String linksSync, String deskId) {
        if (deskId == null) {
            return null;
        }
        return links.byDeskId(linksSync, run.deskOrg(), deskId)
                .filter(l -> l.state() == Links.State.ACTIVE)
                .map(Links.Link::crmId)
                .orElse(null);
    }
}
