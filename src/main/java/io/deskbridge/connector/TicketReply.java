package io.deskbridge.connector;

/**
 * An email reply on a ticket, sent to the customer by the help desk.
 *
 * @param to               the recipient's address
 * @param fromEmailAddress one of the desk's own support addresses (Zoho Desk sends only from those)
 * @param content          the reply's text
 * @param html             whether {@code content} is HTML rather than plain text
 */
public record TicketReply(String to, String fromEmailAddress, String content, boolean html) {

    public TicketReply {
        Required.text("to", to);
        Required.text("fromEmailAddress", fromEmailAddress);
        Required.text("content", content);
    }
}
