package io.deskbridge.connector;

import java.util.List;

/**
 * A CRM's sales signals: short notices a salesperson sees on a lead's or contact's record (a new ticket, a bad
 * rating), each with a link to where it happened. Zoho CRM implements it; the signal outbox knows only this.
 */
public interface SalesSignals {

    /**
     * A link the notice offers.
     *
     * @param displayName what the link reads
     * @param url         where it opens
     */
    record Link(String displayName, String url) {
        public Link {
            Required.text("displayName", displayName);
            Required.text("url", url);
        }
    }

    /**
     * One notice, for the record found by {@code email} or by {@code recordId} (exactly one of them).
     *
     * @param namespace the signal's name as registered in the CRM
     * @param email     the lead's or contact's email, or null
     * @param recordId  the CRM record's id, or null
     * @param subject   one line
     * @param message   the details
     * @param links     what the notice links to
     */
    record Signal(String namespace, String email, String recordId, String subject, String message, List<Link> links) {
        public Signal {
            Required.text("namespace", namespace);
            Required.text("subject", subject);
            Required.text("message", message);
            if ((email == null || email.isBlank()) == (recordId == null || recordId.isBlank())) {
                throw new IllegalArgumentException("a signal names its record by email or by recordId, exactly one");
            }
            links = List.copyOf(links);
        }
    }

    /**
     * Sends the signals; one result per signal, in order: written, or refused with the CRM's code and message. A
     * subject or message longer than the CRM takes is shortened (its implementation says how) rather than refused,
     * and its result says so. A failure of the call itself is the typed {@link ApiException}.
     */
    List<WriteResult> notify(List<Signal> signals);

    /**
     * The signal namespaces registered in the CRM (its Signals settings): a signal under any other name is refused.
     * A failure of the call is the typed {@link ApiException}.
     */
    List<String> namespaces();
}
