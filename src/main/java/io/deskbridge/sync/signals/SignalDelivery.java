package io.deskbridge.sync.signals;

import io.deskbridge.connector.SalesSignals;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SignalOutbox.Destination;
import io.deskbridge.store.SignalOutbox.Event;
import io.deskbridge.store.SignalOutbox.Kind;
import io.deskbridge.store.SignalOutbox.Pending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What routes/signals.camel.yaml calls to drain the signal outbox: take a batch for a destination, send a batch to
 * the CRM's Signals API and settle each event by its answer, turn an event into the Camel endpoint's message and
 * settle it. Events of kinds not chosen ({@code deskbridge.signals.events}), or for a destination not chosen
 * ({@code deskbridge.signals.destinations}), are settled unsent when taken, so they neither wait for ever nor arrive
 * late when chosen again. An event still pending after the retention is given up with its last error, so none waits
 * for ever whatever keeps failing it.
 */
public final class SignalDelivery {

    /** The most signals the CRM takes in one call, and the batch every destination is drained in. */
    public static final int BATCH = 100;

    /** The exchange property the drain's loop reads: true while the last batch was full. */
    static final String MORE = "signalsMore";

    /** The exchange property holding the batch taken last, for settling it when its send fails. */
    static final String BATCH_TAKEN = "signalsBatch";

    /** The exchange property holding when the batch taken last was taken (its hold started then). */
    static final String TAKEN_AT = "signalsTakenAt";

    /** The exchange property set once a Camel batch ran out of its time: the rest of it waits. */
    static final String OUT_OF_TIME = "signalsOutOfTime";

    /** The exchange property holding the id of the event a Camel send is for. */
    static final String EVENT_ID = "signalEventId";

    private static final Logger LOG = LoggerFactory.getLogger(SignalDelivery.class);

    private final SignalOutbox outbox;
    private final SalesSignals crm;
    private final String namespace;
    private final Set<Kind> chosen;
    private final Set<Destination> destinations;
    private final Duration hold;
    private final Duration retention;
    private final java.time.Clock clock;
    private final CrmProduct product;
    private volatile java.time.Instant lastForgot;

    /**
     * @param namespace the CRM signal namespace ({@code deskbridge.signals.namespace})
     * @param chosen    the kinds sent ({@code deskbridge.signals.events})
     * @param destinations where they are sent ({@code deskbridge.signals.destinations})
     * @param hold      how long a batch taken is held from other drains ({@link SignalOutbox#claim})
     * @param retention how long a settled event is kept, and a pending one tried ({@code deskbridge.signals.retention})
     * @param product   the CRM product, whose module names the Camel messages give (Bigin: Pipelines for deals)
     */
    public SignalDelivery(
            SignalOutbox outbox,
            SalesSignals crm,
            String namespace,
            Set<Kind> chosen,
            Set<Destination> destinations,
            Duration hold,
            Duration retention,
            java.time.Clock clock,
            CrmProduct product) {
        this.product = product;
        this.outbox = outbox;
        this.crm = crm;
        this.namespace = namespace;
        this.chosen = Set.copyOf(chosen);
        this.destinations = Set.copyOf(destinations);
        this.hold = hold;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Forgets the events every destination has settled, once settled for longer than the retention, so the outbox does
     * not grow for ever; at most once an hour (or once a retention, if shorter), as it reads the whole table.
     */
    public void forgetSettled() {
        java.time.Instant now = clock.instant();
        Duration every = retention.compareTo(Duration.ofHours(1)) < 0 ? retention : Duration.ofHours(1);
        if (lastForgot != null && now.isBefore(lastForgot.plus(every))) {
            return;
        }
        lastForgot = now;
        int forgotten = outbox.forgetDoneBefore(now.minus(retention));
        if (forgotten > 0) {
            LOG.info("Signals: {} settled event(s) older than {} forgotten", forgotten, retention);
        }
    }

    /** One answer of the CRM for one event. */
    public record CrmAnswer(String eventId, WriteResult result) {}

    /**
     * Takes the next batch for the destination (held from other drains), settles those not to be sent (a kind or a
     * destination not chosen, pending longer than the retention), and returns the rest; sets {@value #MORE} for the
     * drain's loop.
     */
    public List<Pending> take(String destination, Exchange exchange) {
        Destination d = Destination.valueOf(destination);
        java.time.Instant now = clock.instant();
        exchange.setProperty(TAKEN_AT, now);
        exchange.setProperty(OUT_OF_TIME, new java.util.concurrent.atomic.AtomicBoolean());
        List<Pending> taken = outbox.claim(d, BATCH, hold);
        exchange.setProperty(MORE, taken.size() == BATCH);
        exchange.setProperty(BATCH_TAKEN, taken);
        List<Pending> toSend = new ArrayList<>(taken.size());
        for (Pending p : taken) {
            String unsent = unsent(d, p, now);
            if (unsent == null) {
                toSend.add(p);
            } else {
                outbox.refused(d, p.event().eventId(), unsent);
            }
        }
        return toSend;
    }

    /** Why the event is not to be sent to the destination, or null when it is. */
    private String unsent(Destination d, Pending p, java.time.Instant now) {
        if (!destinations.contains(d)) {
            return "not sent: " + d.setting() + " is not in deskbridge.signals.destinations";
        }
        if (!chosen.contains(p.event().kind())) {
            return "not sent: " + p.event().kind() + " is not in deskbridge.signals.events";
        }
        if (p.detectedAt() != null && p.detectedAt().isBefore(now.minus(retention))) {
            String reason = "given up: pending longer than deskbridge.signals.retention = " + retention + " after "
                    + p.attempts() + " failed attempt(s); last: " + p.lastError();
            LOG.warn("Sales signal {} to {}: {}", p.event().eventId(), d.setting(), reason);
            return reason;
        }
        return null;
    }

    /**
     * Sends a batch to the CRM in one call; an event the CRM could not show on any record is refused here, unsent. A
     * failure of the call itself is thrown as the connector's typed failure, and settles nothing.
     */
    public List<CrmAnswer> sendToCrm(List<Pending> batch) {
        List<CrmAnswer> answers = new ArrayList<>(batch.size());
        List<SalesSignals.Signal> signals = new ArrayList<>(batch.size());
        List<String> sentIds = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            Event e = p.event();
            SalesSignals.Signal s = signal(e);
            if (s == null) {
                answers.add(new CrmAnswer(
                        e.eventId(),
                        WriteResult.refused(
                                "NO_CRM_RECORD", "the event names no CRM contact, lead or deal, nor an email", null)));
            } else {
                signals.add(s);
                sentIds.add(e.eventId());
            }
        }
        if (!signals.isEmpty()) {
            List<WriteResult> results = crm.notify(signals);
            for (int i = 0; i < sentIds.size(); i++) {
                answers.add(new CrmAnswer(sentIds.get(i), results.get(i)));
            }
        }
        return answers;
    }

    /**
     * Settles each event by the CRM's answer: delivered, or refused for good with the CRM's reason. A refusal of the
     * namespace is not the event's: the CRM lacks {@code deskbridge.signals.namespace} and would refuse every signal
     * until it is registered or the setting fixed. Those events stay pending (an attempt counted, tried again after
     * the hold), the drain stops there, and says so once.
     */
    public void settleCrm(List<CrmAnswer> answers, Exchange exchange) {
        List<String> delivered = new ArrayList<>();
        int namespaceRefused = 0;
        String namespaceReason = null;
        for (CrmAnswer a : answers) {
            if (a.result().success()) {
                delivered.add(a.eventId());
                continue;
            }
            String reason = a.result().code() + ": " + a.result().message();
            if (refusesTheNamespace(a.result())) {
                namespaceRefused++;
                namespaceReason = reason;
                outbox.failed(Destination.CRM_SIGNALS, a.eventId(), reason);
            } else {
                LOG.warn("The CRM refused sales signal {}; given up: {}", a.eventId(), reason);
                outbox.refused(Destination.CRM_SIGNALS, a.eventId(), reason);
            }
        }
        outbox.delivered(Destination.CRM_SIGNALS, delivered);
        LOG.debug("{} sales signal(s) delivered to the CRM", delivered.size());
        if (namespaceRefused > 0) {
            exchange.setProperty(MORE, false);
            LOG.warn(
                    "The CRM refused the signal namespace '{}' ({}): {} sales signal(s) kept pending, and every other"
                            + " until the namespace is registered in the CRM's Signals settings or"
                            + " deskbridge.signals.namespace names one it has",
                    namespace,
                    namespaceReason,
                    namespaceRefused);
        }
    }

    /**
     * Whether the CRM refused the signal for its namespace: an {@code INVALID_DATA} whose {@code details.api_name} is
     * {@code signal_namespace}, the CRM's way of naming the field it refused (as it does for record fields). Nothing
     * looser: an event refused for its own reason and taken for the namespace's would stop every drain.
     */
    static boolean refusesTheNamespace(WriteResult refusal) {
        com.fasterxml.jackson.databind.JsonNode d = refusal.details();
        return d != null
                && "INVALID_DATA".equals(refusal.code())
                && "signal_namespace".equals(d.path("details").path("api_name").asText(null));
    }

    /**
     * Sending the batch taken last to the CRM failed, not for a reason every batch would fail for (the server's
     * trouble, the whole call refused, a bug): each of its events counts a failed attempt and stays pending.
     */
    @SuppressWarnings("unchecked")
    public void crmFailed(Exchange exchange) {
        String reason = reason(exchange);
        for (Pending p : (List<Pending>) exchange.getProperty(BATCH_TAKEN, List.of(), List.class)) {
            outbox.failed(Destination.CRM_SIGNALS, p.event().eventId(), reason);
        }
    }

    /**
     * Whether an event of the Camel batch taken last may still be sent: the endpoint takes them one at a time, and a
     * slow one could keep sending after the batch's hold is over, when another drain may take the same events. Half
     * the hold is the batch's time; the events not sent by then stay pending, held, and are taken again after it.
     */
    public boolean withinHold(Exchange exchange) {
        java.time.Instant taken = exchange.getProperty(TAKEN_AT, java.time.Instant.class);
        if (taken == null || clock.instant().isBefore(taken.plus(hold.dividedBy(2)))) {
            return true;
        }
        java.util.concurrent.atomic.AtomicBoolean said =
                exchange.getProperty(OUT_OF_TIME, java.util.concurrent.atomic.AtomicBoolean.class);
        if (said == null || said.compareAndSet(false, true)) {
            LOG.info(
                    "Sales signals: the endpoint of deskbridge.signals.uri took half of deskbridge.signals.hold = {} for"
                            + " one batch; the rest of it is sent once the hold is over",
                    hold);
        }
        return false;
    }

    /**
     * After a Camel batch: one that ran out of its time ends the drain, rather than taking batch after batch from the
     * slow endpoint. The split sends copies of the exchange; the flag they share is read back here.
     */
    public void camelBatchDone(Exchange exchange) {
        java.util.concurrent.atomic.AtomicBoolean outOfTime =
                exchange.getProperty(OUT_OF_TIME, java.util.concurrent.atomic.AtomicBoolean.class);
        if (outOfTime != null && outOfTime.get()) {
            exchange.setProperty(MORE, false);
        }
    }

    /** The message the Camel endpoint receives for an event. */
    public SignalMessage message(Pending p) {
        return SignalMessage.of(p, product);
    }

    /** The Camel endpoint took the event of this exchange. */
    public void deliveredToCamel(Exchange exchange) {
        outbox.delivered(Destination.CAMEL, List.of(exchange.getProperty(EVENT_ID, String.class)));
    }

    /** Sending the event of this exchange to the Camel endpoint failed: counted, and it stays pending. */
    public void failedAtCamel(Exchange exchange) {
        String eventId = exchange.getProperty(EVENT_ID, String.class);
        String reason = reason(exchange);
        LOG.warn(
                "Sales signal {} was not taken by the endpoint of deskbridge.signals.uri; tried again later: {}",
                eventId,
                reason);
        outbox.failed(Destination.CAMEL, eventId, reason);
    }

    /**
     * The CRM notice of an event: on the record by id when the event names a contact, lead or deal, else by email;
     * null when it names neither (an account alone has no signals).
     */
    SalesSignals.Signal signal(Event e) {
        boolean byId = e.crmId() != null && !e.crmId().isBlank() && e.crmModule() != CrmModule.ACCOUNTS;
        boolean byEmail = e.email() != null && !e.email().isBlank();
        if (!byId && !byEmail) {
            return null;
        }
        List<SalesSignals.Link> links = e.linkUrl() == null || e.linkUrl().isBlank()
                ? List.of()
                : List.of(new SalesSignals.Link("Open ticket", e.linkUrl()));
        String message = e.message() == null || e.message().isBlank() ? e.subject() : e.message();
        return new SalesSignals.Signal(
                namespace, byId ? null : e.email(), byId ? e.crmId() : null, e.subject(), message, links);
    }

    private static String reason(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = exchange.getException();
        }
        return t == null ? "unknown failure" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
