package io.deskbridge.sync.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.SellRecords;
import io.deskbridge.store.SellRecords.SellRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14, item 3: what a chat asks of Sell besides its note, and the lead it makes. */
class ChatWorkTest {

    static ChatWork work(String json) throws Exception {
        return new ChatWork("c1", (ObjectNode) new ObjectMapper().readTree(json), "notify-sales", false);
    }

    @Test
    void aChatTaggedForSalesCarriesTheVisitorNotesAsTheTaskText() throws Exception {
        ChatWork w = work("""
                {"visitor":{"email":"A@Acme.example","notes":"Wants a quote for 20 seats"},"tags":["vip","Notify-Sales"]}
                """);
        assertTrue(w.forSales());
        assertEquals("Wants a quote for 20 seats", w.salesNote());
        assertEquals("a@acme.example", w.email().value());
        assertEquals("Wants a quote for 20 seats\n\nChat ID: c1", ChatSteps.taskText(w, 10_000));
        String cut = ChatSteps.taskText(
                work("{\"visitor\":{\"notes\":\"" + "n".repeat(200) + "\"},\"tags\":[\"notify-sales\"]}"), 100);
        assertEquals(100, cut.length());
        assertTrue(cut.endsWith("…\n\nChat ID: c1"), cut);
        assertNull(work("{\"visitor\":{\"notes\":\"x\"},\"tags\":[\"vip\"]}").salesNote(), "untagged: no task");
    }

    @Test
    void thePhoneGoesOnlyOnALeadWithoutOne() throws Exception {
        ChatWork w = work("{\"visitor\":{\"email\":\"a@acme.example\",\"phone\":\"+81 3 1234 5678\"}}");
        w.decided(ChatWork.Outcome.MATCHED, new SellRecord(SellRecords.LEAD, "1", null, null, null, null), List.of());
        assertTrue(w.setsPhone());
        w.target(new SellRecord(SellRecords.LEAD, "1", null, null, "+1 555", null));
        assertFalse(w.setsPhone(), "never overwritten");
        w.target(new SellRecord(SellRecords.CONTACT, "2", null, null, null, null));
        assertFalse(w.setsPhone(), "a contact is left alone");
    }

    @Test
    void aNewLeadHasTheSplitNameEmailPhoneTagAndOwner() throws Exception {
        ChatWork w =
                work("{\"visitor\":{\"name\":\"山田 太郎\",\"email\":\"Taro@Example.jp\",\"phone\":\"03-1234-5678\"}}");
        ChatSteps steps = new ChatSteps(null, null, null, null, null, null, "2393211", 10_000);
        assertEquals(
                "{\"first_name\":\"太郎\",\"last_name\":\"山田\",\"email\":\"taro@example.jp\",\"phone\":\"03-1234-5678\","
                        + "\"tags\":[\"chat\"],\"owner_id\":2393211}",
                steps.leadOf(w).toString());
        ChatSteps sellAssigns = new ChatSteps(null, null, null, null, null, null, null, 10_000);
        assertFalse(sellAssigns.leadOf(w).has("owner_id"), "unset: Sell assigns the lead");
    }
}
