package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Whom a reply to all goes to: never the Desk's own mailboxes, whatever address Deskbridge replies from. */
class ReplyRecipientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPLY_FROM = "help@sandbox.example";

    private static ObjectNode thread(String direction, String from, String to, String cc) {
        return JSON.createObjectNode()
                .put("direction", direction)
                .put("fromEmailAddress", from)
                .put("to", to)
                .put("cc", cc);
    }

    /** Review finding 8: a customer's mail reached the Desk through its support address, which is not reply-from. */
    @Test
    void aCustomersMailIsAnsweredWithoutTheSupportAddressItWasSentTo() {
        ReplyRecipients all = ReplyRecipients.ofThread(
                thread(
                        "in",
                        "Mary.Major@Acme.example",
                        "Support <support@sandbox.example>",
                        "Boss <boss@acme.example>, help@sandbox.example"),
                REPLY_FROM);
        assertEquals("mary.major@acme.example", all.to());
        assertEquals("boss@acme.example", all.cc(), "neither the support address nor reply-from is copied");
    }

    @Test
    void aCustomersMailToTheDeskAloneCopiesNoOne() {
        ReplyRecipients all = ReplyRecipients.ofThread(
                thread("in", "mary.major@acme.example", "support@sandbox.example", ""), REPLY_FROM);
        assertEquals("mary.major@acme.example", all.to());
        assertNull(all.cc());
    }

    @Test
    void anAgentsMailGoesAgainToItsRecipientsButReplyFrom() {
        ReplyRecipients all = ReplyRecipients.ofThread(
                thread(
                        "out",
                        "support@sandbox.example",
                        "mary.major@acme.example, help@sandbox.example",
                        "boss@acme.example, mary.major@acme.example"),
                REPLY_FROM);
        assertEquals("mary.major@acme.example", all.to());
        assertEquals("boss@acme.example", all.cc());
    }
}
