package io.deskbridge.sync.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Issue 14, item 3: what a chat's note on its Sell record says, and how a long chat is cut. */
class ChatNoteTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The Sell connector's note size. */
    static final int MAX = 10_000;

    static ObjectNode chat(int messages, String text) throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree("""
                {"id":"1901.77.abc","type":"chat","timestamp":"2026-01-10T08:00:00Z",
                 "end_timestamp":"2026-01-10T08:10:00Z",
                 "visitor":{"name":"山田 太郎","email":"taro@example.jp","phone":"","notes":""},
                 "agent_names":["Agent Smith","Sandbox Agent"],"rating":"good","comment":"Quick and clear","tags":[]}
                """);
        ArrayNode h = c.putArray("history");
        h.addObject().put("type", "chat.memberjoin").put("name", "山田 太郎").put("timestamp", "2026-01-10T08:00:00Z");
        for (int i = 0; i < messages; i++) {
            h.addObject()
                    .put("type", "chat.msg")
                    .put("name", i % 2 == 0 ? "山田 太郎" : "Agent Smith")
                    .put("msg", text + " " + i)
                    .put("timestamp", "2026-01-10T08:0" + (i % 10) + ":05Z");
        }
        return c;
    }

    @Test
    void theNoteHasTheIdTimesNamesRatingAndEachMessageWithItsTime() throws Exception {
        String note = ChatNote.of(chat(2, "hello"), MAX);
        assertEquals("""
                Chat ID: 1901.77.abc
                Zendesk Chat
                Started: 2026-01-10T08:00:00Z
                Ended: 2026-01-10T08:10:00Z
                Visitor: 山田 太郎 <taro@example.jp>
                Agents: Agent Smith, Sandbox Agent
                Rating: good (Quick and clear)
                Transcript:
                [08:00:05] 山田 太郎: hello 0
                [08:01:05] Agent Smith: hello 1
                """, note);
        assertTrue(ChatNote.carries(note, "1901.77.abc"));
        assertFalse(ChatNote.carries(note, "1901.77"), "another chat's id is not a prefix match");
    }

    @Test
    void anOfflineMessageIsItsMessage() throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree("""
                {"id":"1902.1","type":"offline_msg","timestamp":"2026-01-11T22:15:00Z",
                 "visitor":{"name":"Jane Roe","email":"jane@acme.example"},"message":"Please call me back"}
                """);
        String note = ChatNote.of(c, MAX);
        assertTrue(
                note.startsWith("Chat ID: 1902.1\nZendesk Chat offline message\nSent: 2026-01-11T22:15:00Z\n"), note);
        assertTrue(note.endsWith("Message:\n[22:15:00] Jane Roe: Please call me back\n"), note);
    }

    @Test
    void pastTheSizeTheTranscriptIsCutAtAMessageWithAMarkerAndTheIdStays() throws Exception {
        ObjectNode long_ = chat(3000, "x".repeat(40));
        String note = ChatNote.of(long_, MAX);
        assertTrue(note.length() <= MAX, "length " + note.length());
        assertTrue(note.length() > MAX - 200, "filled up to the limit: " + note.length());
        assertTrue(note.startsWith("Chat ID: 1901.77.abc\n"));
        assertTrue(note.contains("messages left out, past Sell's note size"), note.substring(note.length() - 300));
        assertTrue(note.endsWith("the whole chat is in Zendesk Chat]"));

        String small = ChatNote.of(chat(50, "y".repeat(40)), 1000);
        assertTrue(small.length() <= 1000);
        assertTrue(small.contains("[transcript truncated: "), small);
        assertTrue(ChatNote.carries(small, "1901.77.abc"));
    }

    @Test
    void aChatThatFitsIsNotMarked() throws Exception {
        String note = ChatNote.of(chat(10, "short"), MAX);
        assertFalse(note.contains("truncated"));
        assertEquals(10, note.lines().filter(l -> l.contains(": short ")).count());
    }
}
