package io.deskbridge.sync.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.Timestamps;
import io.deskbridge.store.Tickets;
import io.deskbridge.store.Tickets.Ticket;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** A Desk ticket as the API sends it, turned into the mirror's summary. */
public final class TicketRows {

    private TicketRows() {}

    /**
     * The summary of a wire ticket, with what was read beside it (first response, latest rating) and the CRM records
     * its Desk contact and account are linked to.
     */
    public static Ticket of(
            ObjectNode wire,
            Instant firstResponseAt,
            ObjectNode latestRating,
            String crmContactId,
            String crmAccountId) {
        Instant created = time(wire, "createdTime");
        Instant modified = time(wire, "modifiedTime");
        return new Ticket(
                text(wire, "id"),
                text(wire, "ticketNumber"),
                text(wire, "subject"),
                text(wire, "status"),
                text(wire, "statusType"),
                text(wire, "priority"),
                text(wire, "channel"),
                text(wire, "contactId"),
                text(wire, "accountId"),
                crmContactId,
                crmAccountId,
                created != null ? created : modified,
                modified,
                time(wire, "closedTime"),
                time(wire, "dueDate"),
                firstResponseAt,
                wire.path("isOverDue").asBoolean(false),
                wire.path("isEscalated").asBoolean(false),
                count(wire, "threadCount"),
                count(wire, "commentCount"),
                latestRating == null ? null : Tickets.Rating.ofDesk(text(latestRating, "rating")),
                latestRating == null ? null : text(latestRating, "feedback"),
                latestRating == null ? null : time(latestRating, "ratedTime"),
                text(wire, "webUrl"));
    }

    /**
     * A mirrored ticket after an action taken through the API ({@code wire} is the Desk's answer): what the action
     * changed (status, status type, priority, due and closed times), so a list shows it at once. What the tickets sync
     * raises signals from stays as the sync last read it, the change time above all: it is the sync's cut-off for new
     * replies, comments and ratings, so a comment the customer made between the last run and the action is still
     * after it, and signalled once.
     */
    public static Ticket acted(Ticket held, ObjectNode wire) {
        return new Ticket(
                held.ticketId(),
                held.ticketNumber(),
                held.subject(),
                text(wire, "status"),
                text(wire, "statusType"),
                text(wire, "priority"),
                held.channel(),
                held.deskContactId(),
                held.deskAccountId(),
                held.crmContactId(),
                held.crmAccountId(),
                held.createdAt(),
                held.modifiedAt(),
                time(wire, "closedTime"),
                time(wire, "dueDate"),
                held.firstResponseAt(),
                held.overdue(),
                held.escalated(),
                held.threadCount(),
                held.commentCount(),
                held.latestRating(),
                held.latestFeedback(),
                held.latestRatingAt(),
                held.webUrl());
    }

    /** The same ticket, now overdue (its due time passed while it was open). */
    static Ticket overdue(Ticket t) {
        return new Ticket(
                t.ticketId(),
                t.ticketNumber(),
                t.subject(),
                t.status(),
                t.statusType(),
                t.priority(),
                t.channel(),
                t.deskContactId(),
                t.deskAccountId(),
                t.crmContactId(),
                t.crmAccountId(),
                t.createdAt(),
                t.modifiedAt(),
                t.closedAt(),
                t.dueAt(),
                t.firstResponseAt(),
                true,
                t.escalated(),
                t.threadCount(),
                t.commentCount(),
                t.latestRating(),
                t.latestFeedback(),
                t.latestRatingAt(),
                t.webUrl());
    }

    /**
     * When the ticket was first answered: the oldest outgoing thread, or null. A ticket an agent opened by email
     * starts with an outgoing description thread, which answers nobody.
     */
    static Instant firstResponse(List<ObjectNode> threads) {
        return outgoing(threads).stream()
                .filter(t -> !t.path("isDescriptionThread").asBoolean(false))
                .map(t -> time(t, "createdTime"))
                .filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    static List<ObjectNode> outgoing(List<ObjectNode> threads) {
        return threads.stream()
                .filter(t -> "out".equalsIgnoreCase(text(t, "direction")))
                .toList();
    }

    /** The newest of a ticket's ratings, or null. */
    static ObjectNode latest(List<ObjectNode> ratings) {
        return ratings.stream()
                .filter(r -> time(r, "ratedTime") != null)
                .max(Comparator.comparing(r -> time(r, "ratedTime")))
                .orElse(null);
    }

    /** The items (threads, comments, ratings) whose time field is after {@code after}. */
    static List<ObjectNode> after(List<ObjectNode> items, String timeField, Instant after) {
        return items.stream()
                .filter(i -> {
                    Instant at = time(i, timeField);
                    return at != null && at.isAfter(after);
                })
                .toList();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Instant time(JsonNode node, String field) {
        return Timestamps.parseOrNull(text(node, field));
    }

    /** The Desk sends counts as strings ("3"). */
    static int count(JsonNode node, String field) {
        String v = text(node, field);
        try {
            return v == null || v.isBlank() ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "ticket " + text(node, "id") + ": " + field + " = '" + v + "' is not a count", e);
        }
    }
}
