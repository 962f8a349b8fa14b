package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SignalOutbox.Event;
import io.deskbridge.store.SignalOutbox.Kind;
import io.deskbridge.store.TicketDeals;
import io.deskbridge.store.Tickets.Change;
import io.deskbridge.store.Tickets.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sales signals, detected by comparing a ticket with what the mirror held. Each event has a stable id (the ticket, the
 * kind and what happened: the comment, thread or rating id, the creation time, the due time of an overdue ticket, the
 * change time at which escalation was first seen), so a page read again after a crash queues nothing twice. Each is
 * for the deal the ticket is linked to, else the ticket's CRM contact, with the ticket's email.
 */
public final class TicketEvents {

    /** What was read beside a changed ticket: only what appeared since the mirror's version, and its email. */
    record Seen(List<ObjectNode> newComments, List<ObjectNode> newReplies, List<ObjectNode> newRatings, String email) {
        static final Seen NOTHING = new Seen(List.of(), List.of(), List.of(), null);

        /** Nothing read beside the ticket but the email it was raised with (kept in the mirror). */
        static Seen onlyEmail(String email) {
            return new Seen(List.of(), List.of(), List.of(), email);
        }
    }

    /**
     * The events of a change: those queued, and the kinds that were detected and chosen but could not be tied to any
     * CRM record (no deal, no linked contact, no email), which are dropped.
     */
    record Detected(List<Event> events, List<Kind> dropped) {
        static final Detected NONE = new Detected(List.of(), List.of());
    }

    private final TicketDeals deals;
    private final Set<Kind> enabled;

    public TicketEvents(TicketDeals deals, Set<Kind> enabled) {
        this.deals = deals;
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(enabled);
    }

    /**
     * The events of one new or changed ticket that are enabled and can be tied to a CRM record. A ticket not held before
     * is news only if it was created from {@code newFrom} on (when the sync began to watch): the ones created before
     * are the Desk's history, read by the first run.
     */
    Detected of(String syncId, String deskOrg, Instant newFrom, Change change, Seen seen) {
        Ticket t = change.current();
        Ticket before = change.previous();
        List<Draft> drafts = new ArrayList<>();
        String ticket = "ticket #" + t.ticketNumber();
        String about = ticket + " \"" + nonNull(t.subject()) + "\"";
        if (before == null && !t.createdAt().isBefore(newFrom)) {
            drafts.add(new Draft(
                    Kind.NEW_TICKET,
                    String.valueOf(t.createdAt()),
                    "New " + ticket + ": " + nonNull(t.subject()),
                    "A new support " + about + " was opened (status " + orNone(t.status()) + ", priority "
                            + orNone(t.priority()) + ", channel " + orNone(t.channel()) + ")."));
        } else if (before != null) {
            if (t.overdue() && !before.overdue()) {
                drafts.add(new Draft(
                        Kind.OVERDUE,
                        overdueOccurrence(t),
                        "Support " + ticket + " is overdue",
                        "Support " + about + " was due at " + t.dueAt() + " and is still " + t.status() + "."));
            }
            if (t.escalated() && !before.escalated()) {
                drafts.add(new Draft(
                        Kind.ESCALATED,
                        String.valueOf(t.modifiedAt()),
                        "Support " + ticket + " was escalated",
                        "Support " + about + " was escalated (status " + orNone(t.status()) + ", priority "
                                + orNone(t.priority()) + ")."));
            }
        }
        for (ObjectNode c : seen.newComments()) {
            drafts.add(new Draft(
                    Kind.NEW_COMMENT,
                    TicketRows.text(c, "id"),
                    "New comment on " + ticket,
                    "Comment on " + about + ": " + plain(TicketRows.text(c, "content"))));
        }
        for (ObjectNode r : seen.newReplies()) {
            drafts.add(new Draft(
                    Kind.NEW_REPLY,
                    TicketRows.text(r, "id"),
                    "Support replied on " + ticket,
                    "Reply on " + about + ": " + plain(TicketRows.text(r, "summary"))));
        }
        for (ObjectNode r : seen.newRatings()) {
            String feedback = TicketRows.text(r, "feedback");
            drafts.add(new Draft(
                    Kind.NEW_RATING,
                    TicketRows.text(r, "id"),
                    "New " + nonNull(TicketRows.text(r, "rating")).toLowerCase(Locale.ROOT) + " rating on " + ticket,
                    "The customer rated " + about + " " + TicketRows.text(r, "rating")
                            + (feedback == null || feedback.isBlank() ? "." : ": " + feedback)));
        }
        List<Draft> wanted =
                drafts.stream().filter(d -> enabled.contains(d.kind())).toList();
        if (wanted.isEmpty()) {
            return Detected.NONE;
        }
        Optional<String> deal = deals.dealOf(syncId, deskOrg, t.ticketId());
        CrmModule module = deal.isPresent() ? CrmModule.DEALS : t.crmContactId() != null ? CrmModule.CONTACTS : null;
        String crmId = deal.orElse(t.crmContactId());
        if (crmId == null && (seen.email() == null || seen.email().isBlank())) {
            // Nothing in the CRM to show it on: no linked contact, no deal, no email.
            return new Detected(List.of(), wanted.stream().map(Draft::kind).toList());
        }
        return new Detected(
                wanted.stream()
                        .map(d -> new Event(
                                SignalOutbox.eventId(syncId, deskOrg, t.ticketId(), d.kind(), d.occurrence()),
                                syncId,
                                deskOrg,
                                t.ticketId(),
                                d.kind(),
                                module,
                                crmId,
                                seen.email(),
                                d.subject(),
                                d.message(),
                                t.webUrl()))
                        .toList(),
                List.of());
    }

    /**
     * What tells one OVERDUE of a ticket from another: its due time (a new due time that passes is a new event). A
     * ticket the Desk shows overdue without a due time (an SLA's own clock) has none: then the change time at which it
     * was first seen overdue, which a page read again gives again, or its creation time if it has no change time.
     */
    static String overdueOccurrence(Ticket t) {
        if (t.dueAt() != null) {
            return t.dueAt().toString();
        }
        return "no due time, seen at " + (t.modifiedAt() != null ? t.modifiedAt() : t.createdAt());
    }

    private record Draft(Kind kind, String occurrence, String subject, String message) {}

    private static String orNone(String s) {
        return s == null || s.isBlank() ? "none" : s;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Comment content may be HTML; a signal's message is plain text. */
    private static String plain(String content) {
        return content == null
                ? ""
                : content.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    }
}
