package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, item 5: the sandbox's Zendesk Chat speaks the incremental export, and its demo chats. */
class ChatApiTest {

    static final String EXPORT = "/sandbox/chat/api/v2/incremental/chats";

    @TempDir
    Path dir;

    static SandboxServer.Resp export(SandboxServer s, String query, String token) throws Exception {
        return token == null
                ? s.get(EXPORT + query, null)
                : s.get(EXPORT + query, null, "Authorization", "Bearer " + token);
    }

    static List<JsonNode> all(SandboxServer s) throws Exception {
        SandboxServer.Resp r = export(s, "?start_time=0&fields=chats(*)", ChatSimulator.DEFAULT_TOKEN);
        assertEquals(200, r.status(), r.body());
        List<JsonNode> out = new ArrayList<>();
        r.json().path("chats").forEach(out::add);
        return out;
    }

    @Test
    void theDemoChatsCoverEveryOutcomeOfTheChatsSync() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, true))) {
            List<JsonNode> chats = all(s);
            Map<String, JsonNode> byId =
                    chats.stream().collect(Collectors.toMap(c -> c.path("id").asText(), c -> c));
            assertEquals(9, chats.size(), byId.keySet().toString());
            assertEquals(
                    List.of(
                            "hanako.yamada@example.jp",
                            "ken.watanabe@example.co.jp",
                            "pat.lee@example.com",
                            "dup@example.com",
                            "olivia.brown@example.org",
                            "",
                            "not-an-email",
                            "taro.sato@example.jp",
                            "mia.chen@example.com"),
                    chats.stream()
                            .map(c -> c.path("visitor").path("email").asText())
                            .toList(),
                    "in the export's order");
            JsonNode hanako = byId.get("2601.21.0001");
            assertEquals("山田 花子", hanako.path("visitor").path("name").asText());
            assertEquals(
                    "+81 90 1234 5678", hanako.path("visitor").path("phone").asText());
            assertTrue(hanako.path("history").size() > 2 && hanako.hasNonNull("end_timestamp"));
            JsonNode pat = byId.get("2601.21.0003");
            assertEquals("notify-sales", pat.path("tags").get(0).asText());
            assertEquals(
                    "Wants a quote for 50 seats",
                    pat.path("visitor").path("notes").asText());
            assertEquals("+1 555 0199", pat.path("visitor").path("phone").asText());
            JsonNode offline = byId.get("2601.21.0008");
            assertEquals("offline_msg", offline.path("type").asText());
            assertEquals("佐藤 太郎", offline.path("visitor").path("name").asText());
            assertFalse(offline.path("message").asText().isBlank());
            assertFalse(byId.get("2601.21.0009").hasNonNull("end_timestamp"), "still going on");
            long fiveMinutesAgo = Instant.now().minusSeconds(300).getEpochSecond();
            for (JsonNode c : chats) {
                assertTrue(
                        Instant.parse(c.path("update_timestamp").asText()).getEpochSecond() < fiveMinutesAgo,
                        "in the past: " + c);
            }
            try (SandboxServer again = SandboxServer.start(SandboxServer.settings(null, true))) {
                assertEquals(chats, all(again), "the same in every fresh sandbox");
            }
        }
    }

    @Test
    void theExportTakesOnlyItsBearerTokenAndAStartTimeFiveMinutesAgo() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, false))) {
            SandboxServer.Resp none = export(s, "?start_time=0", null);
            assertEquals(401, none.status());
            assertEquals("invalid_token", none.json().path("error").asText());
            assertEquals(401, export(s, "?start_time=0", "wrong").status());
            s.sandbox.chat().acceptToken("another");
            assertEquals(200, export(s, "?start_time=0", "another").status());
            s.sandbox.chat().acceptToken(ChatSimulator.DEFAULT_TOKEN);

            long now = Instant.now().getEpochSecond();
            SandboxServer.Resp recent = export(s, "?start_time=" + (now - 120), ChatSimulator.DEFAULT_TOKEN);
            assertEquals(422, recent.status());
            assertTrue(recent.json().path("description").asText().startsWith("Too recent start_time"));
            assertEquals(
                    200,
                    export(s, "?start_time=" + (now - 360), ChatSimulator.DEFAULT_TOKEN)
                            .status());
            assertEquals(
                    400,
                    export(s, "?start_time=0&limit=1001", ChatSimulator.DEFAULT_TOKEN)
                            .status());
            assertEquals(
                    200,
                    s.get(
                                    "/sandbox/chat/api/v2/chat/incremental/chats?start_time=0",
                                    null,
                                    "Authorization",
                                    "Bearer " + ChatSimulator.DEFAULT_TOKEN)
                            .status(),
                    "the /api/v2/chat/ prefix too");
        }
    }

    @Test
    void pagesEndAtTheirLastChatAndExpandOnlyWhenAsked() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, false))) {
            s.sandbox.chat().generate(25);
            SandboxServer.Resp first = export(s, "?start_time=0&limit=10", ChatSimulator.DEFAULT_TOKEN);
            JsonNode page = first.json();
            assertEquals(10, page.path("count").asInt());
            assertEquals(List.of("id"), fieldNames(page.path("chats").get(0)), "ids only without fields");
            JsonNode last = s.sandbox.chat().chats().get(9);
            assertEquals(last.path("id").asText(), page.path("end_id").asText());
            assertEquals(
                    Instant.parse(last.path("update_timestamp").asText()).getEpochSecond(),
                    page.path("end_time").asLong());
            assertTrue(page.path("next_page")
                    .asText()
                    .contains("start_id=" + page.path("end_id").asText()));

            SandboxServer.Resp rest = export(
                    s,
                    "?start_time=" + page.path("end_time").asLong() + "&start_id="
                            + page.path("end_id").asText() + "&limit=100&fields=chats(*)",
                    ChatSimulator.DEFAULT_TOKEN);
            assertEquals(15, rest.json().path("count").asInt());
            assertTrue(rest.json().path("next_page").isNull(), "the last page");
            assertTrue(rest.json().path("chats").get(0).has("visitor"), "expanded with fields=chats(*)");
        }
    }

    @Test
    void chatsAreKeptAcrossRestartsAndSeededOnce() throws Exception {
        String data = dir.toString();
        String id;
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(data, true))) {
            ObjectNode c = SandboxServer.MAPPER.createObjectNode().put("timestamp", "2026-02-01T10:00:00Z");
            id = s.sandbox.chat().add(c).path("id").asText();
        }
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(data, true))) {
            assertEquals(10, s.sandbox.chat().chats().size(), "the nine demo chats once, and the one added");
            ObjectNode ended = s.sandbox.chat().end(id);
            assertTrue(ended.hasNonNull("end_timestamp"));
        }
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(data, true))) {
            assertTrue(s.sandbox.chat().chat(id).orElseThrow().hasNonNull("end_timestamp"), "its end too");
        }
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
