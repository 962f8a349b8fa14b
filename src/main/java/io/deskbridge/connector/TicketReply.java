package io.deskbridge.connector;

/**
 * An email sent on a ticket by the help desk: a reply to the customer, a reply to all on a thread, or a forward.
 *
 * @param to                the recipients, comma-separated
 * @param cc                the copied recipients, comma-separated; null for none
 * @param fromEmailAddress  one of the desk's own support addresses (Zoho Desk sends only from those)
 * @param content           the text
 * @param html              whether {@code content} is HTML rather than plain text
 * @param forward           a forward to {@code to} rather than a reply (the desk keeps forwards private)
 * @param inReplyToThreadId the thread answered or forwarded; null for none
 */
public record TicketReply(
        String to,
        String cc,
        String fromEmailAddress,
        String content,
        boolean html,
        boolean forward,
        String inReplyToThreadId) {

    public TicketReply {
        Required.text("to", to);
        Required.text("fromEmailAddress", fromEmailAddress);
        Required.text("content", content);
    }

    /** A plain reply to one address, answering no thread in particular. */
    public TicketReply(String to, String fromEmailAddress, String content, boolean html) {
        this(to, null, fromEmailAddress, content, html, false, null);
    }
}
