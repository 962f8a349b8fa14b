package io.deskbridge.sync.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.ChatSimulator;
import io.deskbridge.sandbox.SellSimulator;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 4 (scale): 2,000 chats in one run, of 500 new visitors and of 2,000, against the sandbox over HTTP,
 * with the calls to Sell counted against the minimum: a read of its leads and of its contacts, one lead per new
 * visitor, one note per chat, and no call to look a chat's record up (no look-up by email either: the mirror is the
 * truth but for a lead whose answer was lost; review 2, item 4).
 */
class ChatsAtScaleTest {

    static final int CHATS = 2000;
    static final int VISITORS = 500;

    @TempDir
    Path dir;

    @Test
    void twoThousandChatsInOneRunCostOneNoteEachAndOneLeadPerNewVisitor() throws Exception {
        twoThousandChatsOf(VISITORS);
    }

    /** Review 2, item 4: every chat a new visitor: a lead and a note each, still no look-up by email. */
    @Test
    void twoThousandNewVisitorsCostOneLeadAndOneNoteEachAndNoLookUp() throws Exception {
        twoThousandChatsOf(CHATS);
    }

    private void twoThousandChatsOf(int visitors) throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            ChatSimulator chat = app.sandbox().chat();
            SellSimulator sell = app.sandbox().sell();
            Instant end = Instant.now().minusSeconds(3600);
            for (int i = 0; i < CHATS; i++) {
                ObjectNode c = JsonNodeFactory.instance.objectNode();
                c.put("id", String.format("2611.%05d.scale", i));
                c.put("timestamp", end.minusSeconds(600).toString());
                c.put("end_timestamp", end.toString());
                int v = i % visitors;
                c.putObject("visitor")
                        .put("name", "Scale Visitor" + v)
                        .put("email", "scale-" + v + "@example.com")
                        .put("phone", "")
                        .put("notes", "");
                c.putArray("history")
                        .addObject()
                        .put("type", "chat.msg")
                        .put("name", "Scale Visitor" + v)
                        .put("msg", "Question " + i)
                        .put("timestamp", end.minusSeconds(500).toString());
                c.putArray("agent_names").add("Sandbox Agent");
                chat.add(c);
            }
            long seedChats = 8; // the demo chats the sandbox holds, besides (see ChatsSyncTest)

            JsonNode run = app.runAndWait("chats");

            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(CHATS + seedChats, run.path("read").asInt(), run.toString());
            assertEquals(CHATS + 5, run.path("noted").asInt(), run.toString());
            assertEquals(visitors + 2, run.path("leadsCreated").asInt(), run.toString());
            long notes = sell.requests("POST", "notes");
            long leads = sell.requests("POST", "leads");
            long lookups = sell.requests("GET", "notes") + sell.requests("GET", "tasks");
            long reads = sell.requests("GET", "leads") + sell.requests("GET", "contacts");
            assertEquals(CHATS + 5, notes, "one note per chat written");
            assertEquals(visitors + 2, leads, "one lead per new visitor");
            assertEquals(0, lookups, "no note or task looked up");
            assertEquals(2, reads, "one page of leads and one of contacts (the demo's), no GET /v2/leads?email=");
            // The demo's conflict: each of its two records read again before it is reported.
            long conflictChecks = sell.requests("GET", "leads/310000003") + sell.requests("GET", "contacts/320000002");
            assertEquals(2, conflictChecks);
            // The demo's phone: the lead read just before its PUT.
            long phoneChecks = sell.requests("GET", "leads/310000001");
            assertEquals(1, phoneChecks);
            // The run's own count of its Sell calls is the same minimum: the reads, the look-ups, the writes, the task
            // and the phone.
            assertEquals(
                    reads + notes + leads + 1 + 1 + conflictChecks + phoneChecks,
                    run.path("apiCalls").path("crm").path("calls").asLong(),
                    run.toString());
            Map<String, Long> perChat = sell.notes().stream()
                    .collect(Collectors.groupingBy(
                            n -> n.path("content").asText().lines().findFirst().orElse(""), Collectors.counting()));
            assertEquals(CHATS + 5, perChat.size());
            perChat.forEach((id, n) -> assertEquals(1L, n, id));
        }
    }
}
