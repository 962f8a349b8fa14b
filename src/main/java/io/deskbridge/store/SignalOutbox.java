package io.deskbridge.store;

import io.deskbridge.model.TextLimit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sales signals waiting to be delivered, kept in the store so a crash loses none. An event is added in the
 * transaction that mirrors the ticket it was detected on, under an id derived from what happened, so detecting it
 * again (a run repeated after a crash) queues nothing new. Each event is delivered to every destination the outbox
 * was made for; delivery is tracked per destination, and repeated until the destination takes it (at least once:
 * receivers drop repeats by event id).
 */
public final class SignalOutbox {

    /** What happened to a ticket. MENTION is reserved: nothing detects it yet. */
    public enum Kind {
        NEW_TICKET,
        NEW_COMMENT,
        NEW_REPLY,
        OVERDUE,
        ESCALATED,
        NEW_RATING,
        MENTION;

        /** The kinds detected and sent today (MENTION is reserved). */
        public static final java.util.Set<Kind> SENT = java.util.EnumSet.complementOf(java.util.EnumSet.of(MENTION));

        /**
         * The kinds a setting chooses: a comma list such as {@code new-ticket, OVERDUE} (case and {@code -} or
         * {@code _} as one likes), all of {@link #SENT} when empty, none for {@code none} (sales signals off). An
         * unknown name fails naming the key.
         */
        public static java.util.Set<Kind> chosen(String key, String value) {
            if (value == null || value.isBlank()) {
                return java.util.EnumSet.copyOf(SENT);
            }
            if (value.strip().equalsIgnoreCase("none")) {
                return java.util.EnumSet.noneOf(Kind.class);
            }
            java.util.Set<Kind> out = java.util.EnumSet.noneOf(Kind.class);
            for (String part : value.split(",")) {
                String name = part.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                if (name.isEmpty()) {
                    continue;
                }
                out.add(SENT.stream()
                        .filter(k -> k.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(key + " = '" + value + "': '" + part.trim()
                                + "' is not a kind of signal; allowed: "
                                + String.join(
                                        ", ", SENT.stream().map(Kind::name).toList())
                                + ", or none alone")));
            }
            return out;
        }
    }

    /** Where signals go: the CRM's Signals API, and the Camel endpoint of {@code deskbridge.signals.uri}. */
    public enum Destination {
        CRM_SIGNALS("crm"),
        CAMEL("camel");

        private final String setting;

        Destination(String setting) {
            this.setting = setting;
        }

        /** Its name in {@code deskbridge.signals.destinations}. */
        public String setting() {
            return setting;
        }

        /**
         * The destinations a setting chooses: a comma list of {@code crm} and {@code camel}, both when empty. A CRM
         * without Signals is left out with {@code camel} alone; an unknown name fails naming the key.
         */
        public static Set<Destination> chosen(String key, String value) {
            Set<Destination> out = java.util.EnumSet.noneOf(Destination.class);
            for (String part : value == null ? new String[0] : value.split(",")) {
                String name = part.strip().toLowerCase(java.util.Locale.ROOT);
                if (!name.isEmpty()) {
                    out.add(java.util.Arrays.stream(values())
                            .filter(d -> d.setting.equals(name))
                            .findFirst()
                            .orElseThrow(() -> new IllegalArgumentException(key + " = '" + value + "': '" + part.strip()
                                    + "' is not a destination of signals; allowed: crm, camel (to send none, set"
                                    + " deskbridge.signals.events = none)")));
                }
            }
            return out.isEmpty() ? java.util.EnumSet.allOf(Destination.class) : out;
        }
    }

    /** The limits of the CRM's Signals API, the strictest destination. */
    static final int SUBJECT_MAX = 100;

    static final int MESSAGE_MAX = 1000;

    /**
     * A detected event, tied to the CRM record (contact, lead or deal) it is for, by id or by email. Subject and
     * message are cut to the Signals API's limits (100 and 1000 characters, counted as UTF-16 units).
     */
    public record Event(
            String eventId,
            String syncId,
            String deskOrg,
            String ticketId,
            Kind kind,
            CrmModule crmModule,
            String crmId,
            String email,
            String subject,
            String message,
            String linkUrl) {

        public Event {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(ticketId, "ticketId of event " + eventId);
            Objects.requireNonNull(kind, "kind of event " + eventId);
            Objects.requireNonNull(subject, "subject of event " + eventId);
            subject = TextLimit.cut(subject, SUBJECT_MAX);
            message = message == null ? null : TextLimit.cut(message, MESSAGE_MAX);
        }
    }

    /**
     * The id of an event: the sync and Desk org, the ticket, the kind, and the thing that happened, which tells this
     * event from another of the same kind on the same ticket: the comment id (NEW_COMMENT), the thread id
     * (NEW_REPLY), the rating id (NEW_RATING), the time the flag was seen turned on (OVERDUE, ESCALATED; a flag that
     * goes off and on again is a new event), the ticket's creation time (NEW_TICKET). An event meant for several CRM
     * records is one event per record: put the record in {@code occurrence} too.
     */
    public static String eventId(String syncId, String deskOrg, String ticketId, Kind kind, String occurrence) {
        return Fingerprint.of(syncId, deskOrg, ticketId, kind, occurrence);
    }

    /** An event still to be delivered to a destination, with how its earlier attempts went. */
    public record Pending(Event event, Instant detectedAt, int attempts, String lastError) {}

    private final Jdbc jdbc;
    private final Clock clock;
    private final Set<Destination> destinations;

    /** An outbox delivering to these destinations: events added are queued for each of them. */
    public SignalOutbox(Jdbc jdbc, Clock clock, Set<Destination> destinations) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.destinations = Set.copyOf(destinations);
    }

    /**
     * Queues the events that are not queued yet (by event id; an id listed twice counts once), for every destination,
     * in the caller's transaction if it has one open. Returns the events queued now.
     */
    public List<Event> addAll(List<Event> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Map<String, Event> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.eventId(), e));
        return jdbc.inTransaction(() -> {
            // Only the run holding the tickets sync's lease detects events, so look-then-insert cannot race; if it
            // ever did, the primary key would refuse the second insert and that run's commit, not queue a repeat.
            Set<String> queued = new HashSet<>(jdbc.queryEach(
                    "SELECT event_id FROM signal_event WHERE event_id = ?",
                    rs -> rs.getString(1),
                    byId.keySet().stream().map(id -> new Object[] {id}).toList()));
            List<Event> added = byId.values().stream()
                    .filter(e -> !queued.contains(e.eventId()))
                    .toList();
            Instant now = clock.instant();
            jdbc.batch(
                    "INSERT INTO signal_event (event_id, sync_id, desk_org, ticket_id, kind, crm_module, crm_id, email,"
                            + " subject, message, link_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    added.stream()
                            .map(e -> new Object[] {
                                e.eventId(),
                                e.syncId(),
                                e.deskOrg(),
                                e.ticketId(),
                                e.kind().name(),
                                e.crmModule() == null ? null : e.crmModule().apiName(),
                                e.crmId(),
                                e.email(),
                                e.subject(),
                                e.message(),
                                e.linkUrl(),
                                now
                            })
                            .toList());
            List<Object[]> deliveries = new ArrayList<>();
            for (Event e : added) {
                for (Destination d : destinations) {
                    deliveries.add(new Object[] {e.eventId(), d.name(), now});
                }
            }
            jdbc.batch(
                    "INSERT INTO signal_delivery (event_id, destination, pending, attempts, created_at)"
                            + " VALUES (?, ?, TRUE, 0, ?)",
                    deliveries);
            return added;
        });
    }

    /**
     * Up to {@code limit} events still to be delivered to the destination: those tried least first, then in the
     * order they were detected, so a few that keep failing do not hold back the rest.
     */
    public List<Pending> pending(Destination destination, int limit) {
        return jdbc.query(
                "SELECT e.*, d.attempts, d.last_error FROM signal_delivery d JOIN signal_event e ON e.event_id = d.event_id"
                        + " WHERE d.destination = ? AND d.pending = TRUE ORDER BY d.attempts, d.created_at, d.event_id"
                        + " FETCH FIRST " + limit + " ROWS ONLY",
                SignalOutbox::pending,
                destination.name());
    }

    /**
     * Takes up to {@code limit} pending events for sending to the destination, as {@link #pending} orders them, and
     * holds them for {@code hold}: no other drain, on this node or another sharing the store, takes them again until
     * then, so two nodes draining at once do not both send an event. An event is taken only if no attempt was made
     * on it within {@code hold} (the taking counts as one: it sets the attempt time); delivered or refused ends it,
     * while a failure, a drain stopped short or a crash leaves it to be taken again once the hold is over. So the hold
     * must outlast a send; it is also how long a failed event waits before it is tried again.
     */
    public List<Pending> claim(Destination destination, int limit, java.time.Duration hold) {
        return jdbc.inTransaction(() -> {
            Instant now = clock.instant();
            Instant free = now.minus(hold);
            List<Pending> candidates = jdbc.query(
                    "SELECT e.*, d.attempts, d.last_error FROM signal_delivery d JOIN signal_event e ON e.event_id ="
                            + " d.event_id WHERE d.destination = ? AND d.pending = TRUE AND (d.last_attempt_at IS NULL"
                            + " OR d.last_attempt_at <= ?) ORDER BY d.attempts, d.created_at, d.event_id"
                            + " FETCH FIRST " + limit + " ROWS ONLY",
                    SignalOutbox::pending,
                    destination.name(),
                    free);
            // The same condition again, per row: a drain that took a row since the read above has moved its attempt
            // time, so this update finds nothing and the row stays that drain's.
            int[] taken = jdbc.batchCounts(
                    "UPDATE signal_delivery SET last_attempt_at = ? WHERE event_id = ? AND destination = ? AND pending ="
                            + " TRUE AND (last_attempt_at IS NULL OR last_attempt_at <= ?)",
                    candidates.stream()
                            .map(p -> new Object[] {now, p.event().eventId(), destination.name(), free})
                            .toList());
            List<Pending> mine = new ArrayList<>(candidates.size());
            for (int i = 0; i < taken.length; i++) {
                if (taken[i] == 1) {
                    mine.add(candidates.get(i));
                }
            }
            return mine;
        });
    }

    /** How many events wait for the destination. */
    public int pendingCount(Destination destination) {
        return jdbc.queryOne(
                        "SELECT COUNT(*) FROM signal_delivery WHERE destination = ? AND pending = TRUE",
                        rs -> rs.getInt(1),
                        destination.name())
                .orElse(0);
    }

    /** The destination took these events. */
    public void delivered(Destination destination, Collection<String> eventIds) {
        Instant now = clock.instant();
        jdbc.batch(
                "UPDATE signal_delivery SET pending = FALSE, delivered_at = ?, last_attempt_at = ? WHERE event_id = ?"
                        + " AND destination = ?",
                eventIds.stream()
                        .distinct()
                        .map(id -> new Object[] {now, now, id, destination.name()})
                        .toList());
    }

    /** An attempt to deliver the event failed and is counted; the event stays pending, to be tried again. */
    public void failed(Destination destination, String eventId, String error) {
        attemptFailed(destination, eventId, error, true);
    }

    /** The destination refused the event for good (it will never take it): counted, and no longer pending. */
    public void refused(Destination destination, String eventId, String error) {
        attemptFailed(destination, eventId, error, false);
    }

    private void attemptFailed(Destination destination, String eventId, String error, boolean stillPending) {
        Instant now = clock.instant();
        jdbc.update(
                "UPDATE signal_delivery SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?, pending = ?"
                        + " WHERE event_id = ? AND destination = ? AND pending = TRUE",
                error == null ? null : TextLimit.cut(error, 2000),
                now,
                stillPending,
                eventId,
                destination.name());
    }

    /**
     * Forgets events that no destination waits for any more, settled everywhere before {@code before}: their ids are
     * only needed while a run that could detect them again may still come (a crash's repeat), and the reason of one
     * given up stays readable for as long after it was given up.
     */
    public int forgetDoneBefore(Instant before) {
        return jdbc.inTransaction(() -> {
            List<Object[]> done = jdbc.query(
                    "SELECT e.event_id FROM signal_event e WHERE e.created_at < ? AND NOT EXISTS"
                            + " (SELECT 1 FROM signal_delivery d WHERE d.event_id = e.event_id AND (d.pending = TRUE"
                            + " OR d.last_attempt_at >= ?))",
                    rs -> new Object[] {rs.getString(1)},
                    before,
                    before);
            jdbc.batch("DELETE FROM signal_delivery WHERE event_id = ?", done);
            jdbc.batch("DELETE FROM signal_event WHERE event_id = ?", done);
            return done.size();
        });
    }

    private static Pending pending(ResultSet rs) throws SQLException {
        String module = rs.getString("crm_module");
        Event e = new Event(
                rs.getString("event_id"),
                rs.getString("sync_id"),
                rs.getString("desk_org"),
                rs.getString("ticket_id"),
                Kind.valueOf(rs.getString("kind")),
                module == null ? null : CrmModule.of(module),
                rs.getString("crm_id"),
                rs.getString("email"),
                rs.getString("subject"),
                rs.getString("message"),
                rs.getString("link_url"));
        return new Pending(e, Jdbc.instant(rs, "created_at"), rs.getInt("attempts"), rs.getString("last_error"));
    }
}
