package io.deskbridge.sync.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.ChatSimulator;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.SellSimulator;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 4: 429s (with Retry-After), server errors and answers lost after Sell applied a write, on the chats'
 * Sell calls; the runs go on until nothing is left, and then Sell holds exactly what it must: one note per chat, one
 * lead per new visitor (owned by deskbridge.sync.chats.lead-owner-id), the one task, the one phone.
 */
class ChatsFaultsTest {

    static final int CHATS = 150;
    static final int VISITORS = 60;

    @TempDir
    Path dir;

    @Test
    void afterRateLimitsAndServerErrorsOnSellTheFinalStateIsExact() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.max-attempts", "100");
        p.put("deskbridge.sync.max-failed-runs", "1000");
        p.put("deskbridge.http.initial-backoff", "20ms");
        p.put("deskbridge.http.max-backoff", "100ms");
        p.put("deskbridge.sync.chats.lead-owner-id", Long.toString(SellSimulator.RIN_SATO.id()));
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            ChatSimulator chat = app.sandbox().chat();
            SellSimulator sell = app.sandbox().sell();
            Instant end = Instant.now().minusSeconds(3600);
            for (int i = 0; i < CHATS; i++) {
                ObjectNode c = JsonNodeFactory.instance.objectNode();
                c.put("id", String.format("2612.%04d.faults", i));
                c.put("timestamp", end.minusSeconds(600).toString());
                c.put("end_timestamp", end.toString());
                int v = i % VISITORS;
                c.putObject("visitor").put("name", "Fault Visitor" + v).put("email", "fault-" + v + "@example.com");
                c.putArray("agent_names").add("Sandbox Agent");
                chat.add(c);
            }
            // 429 with Retry-After 1 s, 500s not applied, 502s after the write was applied.
            app.sandbox().faults().set("sell", new FaultPlan(0.03, 1, 0.06, 0.06, 0, 0, 0, 1000, 0));
            List<JsonNode> runs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                JsonNode run = app.runAndWait("chats");
                runs.add(run);
                if (i > 0
                        && run.path("read").asInt() == 0
                        && !run.path("status").asText().equals("FAILED")) {
                    break;
                }
            }
            app.sandbox().faults().clear();
            JsonNode last = app.runAndWait("chats");
            assertEquals(0, last.path("read").asInt(), "the runs settle: " + runs);
            Map<String, Long> injected = app.sandbox().faults().injected();
            System.out.println("chats under faults: injected " + injected + "; runs "
                    + runs.stream()
                            .map(r -> r.path("status").asText() + " read=" + r.path("read") + " noted="
                                    + r.path("noted") + " failed=" + r.path("failed"))
                            .toList());
            for (String kind : List.of("sell.429", "sell.500", "sell.lost")) {
                assertTrue(injected.getOrDefault(kind, 0L) > 0, kind + " injected: " + injected);
            }
            // A chats run reports Sell's 429s in the CRM's place of its figures.
            long throttled = runs.stream()
                    .mapToLong(r ->
                            r.path("apiCalls").path("crm").path("throttled").asLong())
                    .sum();
            assertEquals(injected.get("sell.429").longValue(), throttled, runs.toString());

            Map<String, Long> perChat = sell.notes().stream()
                    .collect(Collectors.groupingBy(
                            n -> n.path("content").asText().lines().findFirst().orElse(""),
                            TreeMap::new,
                            Collectors.counting()));
            assertEquals(CHATS + 5, perChat.size(), "every chat noted: " + perChat.keySet());
            perChat.forEach((id, n) -> assertEquals(1L, n, "notes of " + id));
            Map<String, List<ObjectNode>> leads = sell.leads().stream()
                    .filter(l -> l.path("email").asText().startsWith("fault-"))
                    .collect(Collectors.groupingBy(l -> l.path("email").asText()));
            assertEquals(VISITORS, leads.size());
            leads.forEach((email, l) -> {
                assertEquals(1, l.size(), "leads of " + email);
                assertEquals(
                        SellSimulator.RIN_SATO.id(), l.get(0).path("owner_id").asLong(), email);
            });
            assertEquals(1, sell.tasks().size(), sell.tasks().toString());
            assertEquals(
                    "+81 90 1234 5678",
                    sell.record("leads", 310000001L).path("phone").asText());
        }
    }
}
