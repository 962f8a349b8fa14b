package io.deskbridge.sync.chats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.EmailAddress;
import io.deskbridge.store.SellRecords.SellRecord;
import java.util.List;
import java.util.Locale;

/**
 * One chat on its way through routes/chats.camel.yaml (the exchange's body): what it says, what it was matched to,
 * and the Sell record its writes go to once known.
 */
public final class ChatWork {

    /** Where a chat goes; the route's content-based router has a branch for each. */
    public enum Outcome {
        /** Its visitor's email is one lead's or contact's: a note on it. */
        MATCHED,
        /** A valid email Sell does not know: a new lead, then the note on it. */
        NEW_LEAD,
        /** Several leads or contacts have that email: nothing is written. */
        CONFLICT,
        /** No email, or none valid: nothing is written. */
        EXCLUDED
    }

    private final String chatId;
    private final ObjectNode chat;
    private final EmailAddress email;
    private final String salesTag;
    private final boolean retaken;
    private boolean taskOnly;
    private Outcome outcome;
    private SellRecord target;
    private List<SellRecord> matches = List.of();

    /** @param retaken an earlier run took the chat and did not settle it: some of its writes may have been made */
    public ChatWork(String chatId, ObjectNode chat, String salesTag, boolean retaken) {
        this.retaken = retaken;
        this.chatId = chatId;
        this.chat = chat;
        this.email = EmailAddress.of(JsonText.of(chat.path("visitor"), "email"));
        this.salesTag = salesTag;
    }

    public String chatId() {
        return chatId;
    }

    /** Whether each write is looked for before it is made (an earlier run took the chat and did not settle it). */
    /** A noted chat taken again only for the task it lacks: not counted as read or noted again. */
    void forTaskOnly() {
        taskOnly = true;
    }

    public boolean taskOnly() {
        return taskOnly;
    }

    public boolean retaken() {
        return retaken;
    }

    public ObjectNode chat() {
        return chat;
    }

    public EmailAddress email() {
        return email;
    }

    public String visitorName() {
        return JsonText.of(chat.path("visitor"), "name");
    }

    /** The phone the visitor gave, or null. */
    public String phone() {
        return JsonText.of(chat.path("visitor"), "phone");
    }

    /** Whether an agent marked the chat's note for the salesperson (the sales tag, case ignored). */
    public boolean forSales() {
        for (JsonNode t : chat.path("tags")) {
            if (t.asText().strip().toLowerCase(Locale.ROOT).equals(salesTag.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The note for sales: the visitor notes the agent keeps in Zendesk Chat ({@code visitor.notes}), where an agent
     * writes what a salesperson should know; null when the chat is not tagged for sales.
     */
    public String salesNote() {
        if (!forSales()) {
            return null;
        }
        String notes = JsonText.of(chat.path("visitor"), "notes");
        return notes != null ? notes : "Follow up on this chat (tagged " + salesTag + " without a note).";
    }

    public Outcome outcome() {
        return outcome;
    }

    void decided(Outcome outcome, SellRecord target, List<SellRecord> matches) {
        this.outcome = outcome;
        this.target = target;
        this.matches = matches;
    }

    /** The lead or contact the writes go to: the match, or the new lead once made. */
    public SellRecord target() {
        return target;
    }

    void target(SellRecord target) {
        this.target = target;
    }

    public List<SellRecord> matches() {
        return matches;
    }

    /** Whether the visitor's phone goes on the record: it is a lead with no phone (a contact is left alone). */
    public boolean setsPhone() {
        return target != null
                && target.kind().equals(io.deskbridge.store.SellRecords.LEAD)
                && phone() != null
                && (target.phone() == null || target.phone().isBlank());
    }

    @Override
    public String toString() {
        return "chat " + chatId;
    }
}
