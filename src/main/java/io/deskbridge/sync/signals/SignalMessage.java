package io.deskbridge.sync.signals;

import io.deskbridge.model.CrmProduct;
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

    /** The message of an event, naming its CRM module as the product does (Bigin: a deal is a Pipelines record). */
    static SignalMessage of(Pending p, CrmProduct product) {
        var e = p.event();
        return new SignalMessage(
                e.eventId(),
                e.kind().name(),
                e.ticketId(),
                e.crmModule() == null ? null : e.crmModule().apiName(product),
                e.crmId(),
                e.email(),
                e.subject(),
                e.message(),
                e.linkUrl(),
                p.detectedAt() == null ? null : p.detectedAt().toString());
    }
}
