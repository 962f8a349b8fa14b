package io.deskbridge.sync.signals;

import io.deskbridge.store.SignalOutbox.Pending;

/**
 * A sales signal as the Camel endpoint of {@code deskbridge.signals.uri} receives it, as JSON. {@code eventId} is
 * stable: an event sent again (delivery is at least once) has the same id, so a receiver drops repeats by it.
 */
public record SignalMessage(
        String eventId,
        String kind,
        String ticketId,
        String crmModule,
        String crmId,
        String email,
        String subject,
        String message,
        String url,
        String createdAt) {

    static SignalMessage of(Pending p) {
        var e = p.event();
        return new SignalMessage(
                e.eventId(),
                e.kind().name(),
                e.ticketId(),
                e.crmModule() == null ? null : e.crmModule().apiName(),
                e.crmId(),
                e.email(),
                e.subject(),
                e.message(),
                e.linkUrl(),
                p.detectedAt() == null ? null : p.detectedAt().toString());
    }
}
