package io.deskbridge.sync.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.ChatSimulator;
import io.deskbridge.sandbox.SellSimulator;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chats sync end to end (issue 14, items 3, 4 and 6): the runtime against its sandbox's Zendesk Chat and Sell over
 * HTTP, on the demo chats (one of each outcome; see the sandbox's ChatSeed and DemoSeed.seedSell).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatsSyncTest {

    static final String HANAKO_LEAD = "310000001";
    static final String PAT_LEAD = "310000002";
    static final String KEN_CONTACT = "320000001";
    static final long SAM = SellSimulator.SAM_SALES.id();

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    SellSimulator sell;
    ChatSimulator chat;
    JsonNode first;

    @BeforeAll
    void start() throws Exception {
        app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir));
        sell = app.sandbox().sell();
        chat = app.sandbox().chat();
        first = app.runAndWait("chats");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    /** The notes in Sell, by the chat id their text carries. */
    static Map<String, List<ObjectNode>> notesByChat(SellSimulator sell) {
        return sell.notes().stream()
                .collect(Collectors.groupingBy(
                        n -> n.path("content").asText().lines().findFirst().orElse(""),
                        TreeMap::new,
                        Collectors.toList()));
    }

    static ObjectNode leadWithEmail(SellSimulator sell, String email) {
        List<ObjectNode> found = sell.leads().stream()
                .filter(l -> email.equals(l.path("email").asText()))
                .toList();
        assertEquals(1, found.size(), "one lead with " + email + ": " + found);
        return found.get(0);
    }

    @Test
    @Order(1)
    void eachSeededChatGoesToItsOutcomeAndTheRunCountsThem() throws Exception {
        assertEquals("SUCCEEDED", first.path("status").asText(), first.toString());
        // 9 chats, one still going on: 8 read; 5 written (two on new leads), a conflict, two excluded.
        assertEquals(8, first.path("read").asInt(), first.toString());
        assertEquals(5, first.path("noted").asInt(), first.toString());
        assertEquals(2, first.path("leadsCreated").asInt(), first.toString());
        assertEquals(1, first.path("tasks").asInt(), first.toString());
        assertEquals(1, first.path("phonesSet").asInt(), first.toString());
        assertEquals(2, first.path("excluded").asInt(), first.toString());
        assertEquals(1, first.path("conflicts").asInt(), first.toString());
        assertEquals(0, first.path("failed").asInt(), first.toString());

        Map<String, List<ObjectNode>> notes = notesByChat(sell);
        assertEquals(
                List.of(
                        "Chat ID: 2601.21.0001",
                        "Chat ID: 2601.21.0002",
                        "Chat ID: 2601.21.0003",
                        "Chat ID: 2601.21.0005",
                        "Chat ID: 2601.21.0008"),
                List.copyOf(notes.keySet()));
        notes.forEach((id, list) -> assertEquals(1, list.size(), id));

        // Exactly one lead: a note on it with the chat's times, names, rating and each message with its time.
        ObjectNode hanako = notes.get("Chat ID: 2601.21.0001").get(0);
        assertEquals("lead", hanako.path("resource_type").asText());
        assertEquals(HANAKO_LEAD, hanako.path("resource_id").asText());
        String text = hanako.path("content").asText();
        for (String part : List.of(
                "Started: 2026-01-21T01:00:00Z",
                "Ended: 2026-01-21T01:12:00Z",
                "Visitor: 山田 花子 <hanako.yamada@example.jp>",
                "Agents: Aiko Support",
                "Rating: good",
                "[01:00:20] 山田 花子: こんにちは、料金プランについて教えてください。",
                "[01:04:10] Aiko Support: Yes, our sales team will call you.")) {
            assertTrue(text.contains(part), part + " in\n" + text);
        }
        // The lead had no phone: the visitor's is set.
        assertEquals(
                "+81 90 1234 5678",
                sell.record("leads", Long.parseLong(HANAKO_LEAD)).path("phone").asText());

        // Exactly one contact: the note on it; a contact's phone is left alone.
        ObjectNode ken = notes.get("Chat ID: 2601.21.0002").get(0);
        assertEquals("contact", ken.path("resource_type").asText());
        assertEquals(KEN_CONTACT, ken.path("resource_id").asText());
        assertTrue(ken.path("content").asText().contains("Rating: bad (Waited too long for an answer)"));

        // A note for sales: a task for the lead's owner with the visitor notes; the lead's own phone is kept.
        List<ObjectNode> tasks = sell.tasks();
        assertEquals(1, tasks.size(), tasks.toString());
        ObjectNode task = tasks.get(0);
        assertEquals(PAT_LEAD, task.path("resource_id").asText());
        assertEquals("lead", task.path("resource_type").asText());
        assertEquals(SAM, task.path("owner_id").asLong());
        assertTrue(task.path("content").asText().startsWith("Wants a quote for 50 seats"), task.toString());
        assertEquals(
                "+1 555 0100",
                sell.record("leads", Long.parseLong(PAT_LEAD)).path("phone").asText());

        // No match, a valid email: a lead (name split, tag chat, phone), then the note on it.
        ObjectNode olivia = leadWithEmail(sell, "olivia.brown@example.org");
        assertEquals("Olivia", olivia.path("first_name").asText());
        assertEquals("Brown", olivia.path("last_name").asText());
        assertEquals("+44 20 7946 0018", olivia.path("phone").asText());
        assertEquals("[\"chat\"]", olivia.path("tags").toString());
        assertEquals(
                olivia.path("id").asText(),
                notes.get("Chat ID: 2601.21.0005").get(0).path("resource_id").asText());
        // A Japanese name, family name first; an offline message becomes a note with its message.
        ObjectNode taro = leadWithEmail(sell, "taro.sato@example.jp");
        assertEquals("佐藤", taro.path("last_name").asText());
        assertEquals("太郎", taro.path("first_name").asText());
        String offline =
                notes.get("Chat ID: 2601.21.0008").get(0).path("content").asText();
        assertTrue(offline.contains("見積もりをお願いします。20ライセンス分です。"), offline);
        assertTrue(offline.contains("Zendesk Chat offline message"), offline);

        // A conflict and two exclusions: nothing written, each reported with its reason.
        JsonNode errors = app.get("/admin/syncs/chats/errors");
        Map<String, String> kinds = new TreeMap<>();
        errors.path("items")
                .forEach(i -> kinds.put(
                        i.path("recordId").asText(),
                        i.path("kind").asText() + " " + i.path("reasonCode").asText()));
        assertEquals(
                Map.of(
                        "2601.21.0004", "CONFLICT AMBIGUOUS_MATCH",
                        "2601.21.0006", "EXCLUDED NO_EMAIL",
                        "2601.21.0007", "EXCLUDED INVALID_EMAIL"),
                kinds);
        assertFalse(notes.containsKey("Chat ID: 2601.21.0009"), "a chat going on is not taken");
    }

    @Test
    @Order(2)
    void chatsIsListedWithItsCounters() throws Exception {
        JsonNode chats = null;
        for (JsonNode s : app.get("/admin/syncs").path("syncs")) {
            if (s.path("id").asText().equals("chats")) {
                chats = s;
            }
        }
        assertTrue(chats != null, "chats in /admin/syncs");
        assertEquals("chat-to-crm", chats.path("direction").asText());
        JsonNode last = chats.path("lastRun");
        for (String counter :
                List.of("read", "noted", "leadsCreated", "tasks", "phonesSet", "excluded", "conflicts", "failed")) {
            assertTrue(last.has(counter), counter + " in " + last);
        }
        assertEquals(5, chats.path("records").path("inSync").asInt(), chats.toString());
        assertFalse(
                app.get("/admin/syncs/contacts").path("lastRun").has("noted"),
                "the other syncs' runs keep their fields");
    }

    @Test
    @Order(3)
    void aSecondRunWritesNothing() throws Exception {
        long writes = writes(sell);
        JsonNode second = app.runAndWait("chats");
        assertEquals("SUCCEEDED", second.path("status").asText(), second.toString());
        assertEquals(0, second.path("read").asInt(), second.toString());
        assertEquals(0, second.path("noted").asInt());
        assertEquals(writes, writes(sell), "no POST or PUT to Sell");
    }

    @Test
    @Order(4)
    void aChatThatEndsBetweenTwoRunsIsTakenOnce() throws Exception {
        chat.end("2601.21.0009");
        JsonNode taken = app.runAndWait("chats");
        assertEquals(1, taken.path("read").asInt(), taken.toString());
        assertEquals(1, taken.path("noted").asInt(), taken.toString());
        assertEquals(1, taken.path("leadsCreated").asInt(), taken.toString());
        JsonNode again = app.runAndWait("chats");
        assertEquals(0, again.path("read").asInt(), again.toString());
        assertEquals(1, notesByChat(sell).get("Chat ID: 2601.21.0009").size());
        leadWithEmail(sell, "mia.chen@example.com");
    }

    @Test
    @Order(5)
    void aReplayedConflictIsTakenAgainAndStillWritesNothing() throws Exception {
        long writes = writes(sell);
        JsonNode conflict = null;
        for (JsonNode i : app.get("/admin/syncs/chats/errors?kind=CONFLICT").path("items")) {
            conflict = i;
        }
        var r = app.call(
                "POST",
                "/admin/syncs/chats/errors/" + conflict.path("id").asText() + "/replay",
                RunningDeskbridge.TOKEN);
        assertEquals(202, r.statusCode(), r.body());
        long runId = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body())
                .path("runId")
                .asLong();
        JsonNode run = app.runAndWaitFor("chats", runId);
        assertEquals(1, run.path("read").asInt(), run.toString());
        assertEquals(1, run.path("conflicts").asInt(), run.toString());
        assertEquals(writes, writes(sell));
    }

    @Test
    @Order(6)
    void activatingChecksSellAndChatNotTheZohoSystems() throws Exception {
        assertEquals(
                200,
                app.call("POST", "/admin/syncs/chats/pause", RunningDeskbridge.TOKEN)
                        .statusCode());
        sell.setAccessToken("a-rotated-sell-token");
        chat.acceptToken("a-rotated-chat-token");
        try {
            var refused = app.call("POST", "/admin/syncs/chats/activate", RunningDeskbridge.TOKEN);
            assertEquals(422, refused.statusCode(), refused.body());
            JsonNode problems = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(refused.body())
                    .path("problems");
            List<String> named = new java.util.ArrayList<>();
            problems.forEach(pr -> named.add(pr.asText().replaceAll(":.*", "")));
            assertEquals(
                    List.of("chats", "chats", "chats"), named, "three problems, each the chats sync's: " + problems);
            assertTrue(problems.get(0).asText().startsWith("chats: Zendesk Sell leads: "), problems.toString());
            assertTrue(problems.get(1).asText().startsWith("chats: Zendesk Sell contacts: "), problems.toString());
            assertTrue(problems.get(2).asText().startsWith("chats: Zendesk Chat chats: "), problems.toString());
        } finally {
            sell.setAccessToken(SellSimulator.DEFAULT_TOKEN);
            chat.acceptToken(ChatSimulator.DEFAULT_TOKEN);
        }
        assertEquals(
                200,
                app.call("POST", "/admin/syncs/chats/activate", RunningDeskbridge.TOKEN)
                        .statusCode());
    }

    static long writes(SellSimulator sell) {
        return sell.requests("POST", "leads")
                + sell.requests("POST", "notes")
                + sell.requests("POST", "tasks")
                + sell.leads().stream()
                        .mapToLong(l ->
                                sell.requests("PUT", "leads/" + l.path("id").asText()))
                        .sum();
    }
}
