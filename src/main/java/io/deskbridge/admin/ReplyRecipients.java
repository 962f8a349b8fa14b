package io.deskbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.model.EmailAddress;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whom a reply to all on a Desk thread goes to. The Desk has no flag for it (zohodesk-oas Thread.json), so it is
 * built as a mail client builds it: a customer's message is answered to its sender, copying those it copied; an
 * agent's message goes again to its recipients. The Desk's own mailboxes are left out, since a reply to them would
 * mail the Desk itself: the address Deskbridge replies from, and, on a customer's message, the addresses it was sent
 * to (that is how it reached the Desk; the Desk's support address, whatever reply-from is). Each address already
 * named once is left out too.
 *
 * @param to the addresses, comma-separated
 * @param cc the copied addresses, comma-separated; null for none
 */
record ReplyRecipients(String to, String cc) {

    static ReplyRecipients ofThread(JsonNode thread, String replyFrom) {
        Set<String> to = new LinkedHashSet<>();
        Set<String> cc = new LinkedHashSet<>();
        Set<String> desk = new HashSet<>();
        desk.add(EmailAddress.of(replyFrom).value());
        boolean fromCustomer = "in".equals(thread.path("direction").asText());
        if (fromCustomer) {
            addAll(to, text(thread, "fromEmailAddress"));
            addAll(desk, text(thread, "to"));
        } else {
            addAll(to, text(thread, "to"));
        }
        addAll(cc, text(thread, "cc"));
        to.removeAll(desk);
        cc.removeAll(desk);
        cc.removeAll(to);
        return new ReplyRecipients(String.join(",", to), cc.isEmpty() ? null : String.join(",", cc));
    }

    boolean hasRecipient() {
        return !to.isEmpty();
    }

    /** The addresses of a Desk list ({@code a@x.example, "B" <b@y.example>}), the valid ones, by their value. */
    private static void addAll(Set<String> into, String list) {
        for (String one : list == null ? new String[0] : list.split("[,;]")) {
            String s = one.strip();
            int lt = s.lastIndexOf('<');
            if (lt >= 0 && s.endsWith(">")) {
                s = s.substring(lt + 1, s.length() - 1);
            }
            EmailAddress a = EmailAddress.of(s);
            if (a.isValid()) {
                into.add(a.value());
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
