package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ChatSource;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, items 1 and 5: the {@code chatSource} bean as shipped reads the sandbox's demo chats; its token is required. */
class ChatSourceWiringTest {

    @TempDir
    Path dir;

    @Test
    void asShippedTheChatSourceReadsTheSandboxsEndedChatsAndOfflineMessage() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            ChatSource chats = app.context().getRegistry().lookupByNameAndType("chatSource", ChatSource.class);
            assertNotNull(chats, "bean chatSource");
            assertEquals("Zendesk Chat", chats.system());
            chats.check(ChatSource.CHATS);
            List<ObjectNode> read = new ArrayList<>();
            chats.readChanges(ChatSource.CHATS, List.of(), null, page -> read.addAll(page.records()));
            List<String> ids = read.stream().map(c -> c.path("id").asText()).toList();
            assertEquals(8, ids.size(), ids.toString());
            assertTrue(ids.contains("2601.21.0008"), "the offline message");
            assertTrue(!ids.contains("2601.21.0009"), "not the chat still going on");
        }
    }

    @Test
    void aBlankChatTokenStopsStartupNamingTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.chat.access-token", " ");
        Exception e =
                assertThrows(Exception.class, () -> RunningDeskbridge.start(p).close());
        Throwable reason = Deskbridge.setupProblem(e);
        assertNotNull(reason, "a configuration error, not " + e);
        assertTrue(reason.getMessage().contains("deskbridge.chat.access-token"), reason.getMessage());
    }
}
