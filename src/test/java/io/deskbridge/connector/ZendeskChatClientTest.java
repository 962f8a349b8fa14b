package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zendeskchat.ZendeskChatClient;
import io.deskbridge.sandbox.ChatSimulator;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.SandboxServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14, item 1: the Zendesk Chat connector over real HTTP against the sandbox's Zendesk Chat. */
class ZendeskChatClientTest {

    static final ObjectMapper JSON = new ObjectMapper();
    SandboxServer server;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    /** Runs on each retry wait: a fault plan that lasts until the client waited once. */
    volatile Runnable onWait = () -> {};

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(SandboxServer.settings(null, false));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    ZendeskChatClient client(String token, String apiPath) {
        ApiCaller caller = new ApiCaller(
                ZendeskChatClient.SYSTEM,
                ApiCaller.newHttpClient(Duration.ofSeconds(5)),
                new BearerToken(token),
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(10),
                d -> {
                    waits.add(d);
                    onWait.run();
                });
        return new ZendeskChatClient(caller, URI.create(server.base + apiPath), Clock.systemUTC(), JSON);
    }

    ZendeskChatClient client() {
        return client(ChatSimulator.DEFAULT_TOKEN, "/sandbox/chat/api/v2");
    }

    ChatSimulator chat() {
        return server.sandbox.chat();
    }

    List<RequestLog.Entry> requests() {
        return server.sandbox.requests().entries().stream()
                .filter(e -> e.system().equals("chat"))
                .toList();
    }

    /** Reads from {@code since}, returning the chats handed over and remembering the latest change time. */
    List<ObjectNode> read(ZendeskChatClient client, Instant since) {
        List<ObjectNode> out = new ArrayList<>();
        client.readChanges(ChatSource.CHATS, List.of(), since, page -> out.addAll(page.records()));
        return out;
    }

    static List<String> ids(List<ObjectNode> chats) {
        return chats.stream().map(c -> c.path("id").asText()).toList();
    }

    ObjectNode chatOf(String email, Instant start, Instant end) {
        ObjectNode c = JSON.createObjectNode().put("timestamp", start.toString());
        if (end != null) {
            c.put("end_timestamp", end.toString());
        }
        c.putObject("visitor").put("name", "Jane Roe").put("email", email);
        return chat().add(c);
    }

    @Test
    void readsEveryPageResumingAtEndTimeAndEndId() {
        chat().generate(2_500);
        Set<String> seen = new HashSet<>();
        int[] pages = {0};
        ReadSummary summary = client().readChanges(ChatSource.CHATS, List.of(), null, page -> {
            pages[0]++;
            page.records().forEach(c -> {
                assertTrue(seen.add(c.path("id").asText()), "handed over twice: " + c);
                assertTrue(c.path("visitor").path("email").asText().endsWith("@example.com"), "expanded: " + c);
            });
        });
        assertEquals(2_500, seen.size());
        assertEquals(2_500, summary.records());
        assertEquals(3, summary.calls());
        assertEquals(3, pages[0]);
        List<RequestLog.Entry> calls = requests();
        assertEquals(3, calls.size());
        assertTrue(calls.get(0).query().contains("start_time=0")
                && !calls.get(0).query().contains("start_id"));
        assertTrue(
                calls.stream().skip(1).allMatch(e -> e.query().contains("start_id=")),
                "later pages resume after the last chat of the page before: " + calls);
        assertTrue(
                calls.stream().allMatch(e -> e.query().contains("limit=1000") && e.status() == 200), calls.toString());
    }

    @Test
    void aStartTimeLessThanFiveMinutesAgoIsMovedBackSoTheApiTakesIt() {
        Instant now = Instant.now();
        ObjectNode recent = chatOf("jane@example.com", now.minusSeconds(600), now.minusSeconds(60));

        List<ObjectNode> read = read(client(), now);

        assertEquals(List.of(recent.path("id").asText()), ids(read));
        RequestLog.Entry call = requests().get(0);
        assertEquals(200, call.status(), call.toString());
        long startTime = Long.parseLong(call.query().replaceAll(".*start_time=(\\d+).*", "$1"));
        assertTrue(startTime <= now.getEpochSecond() - 300, "start_time " + startTime + " vs now " + now);
    }

    @Test
    void aReadStopsAtAPageWhoseEndTheApiWouldRefuseAsTheNextStart() {
        Instant now = Instant.now();
        // 1,200 chats updated between 5.5 and 2 minutes ago: the first page (1,000) ends less than 5 minutes ago,
        // which the export refuses as a start_time; the rest waits for the next run.
        for (int i = 0; i < 1_200; i++) {
            Instant updated = now.minusSeconds(330 - i * 210L / 1_200);
            ObjectNode c = JSON.createObjectNode()
                    .put("timestamp", updated.minusSeconds(120).toString())
                    .put("end_timestamp", updated.toString())
                    .put("update_timestamp", updated.toString());
            c.putObject("visitor").put("name", "Visitor " + i).put("email", "v" + i + "@example.com");
            chat().add(c);
        }

        List<ObjectNode> read = read(client(), null);

        assertEquals(ZendeskChatClient.PAGE_SIZE, read.size(), "the first page only");
        assertEquals(1, requests().size(), requests().toString());
        assertTrue(
                requests().stream().allMatch(e -> e.status() == 200), requests().toString());
    }

    @Test
    void aChatTheAccountDeletedIsNotHandedOver() {
        Instant now = Instant.now();
        ObjectNode kept = chatOf("kept@example.com", now.minusSeconds(3_600), now.minusSeconds(3_000));
        ObjectNode gone = JSON.createObjectNode()
                .put("timestamp", now.minusSeconds(3_600).toString())
                .put("end_timestamp", now.minusSeconds(3_000).toString())
                .put("deleted", true);
        gone.putObject("visitor").put("name", "Gone").put("email", "gone@example.com");
        chat().add(gone);

        assertEquals(List.of(kept.path("id").asText()), ids(read(client(), null)));
    }

    @Test
    void aChatGoingOnIsLeftForTheReadThatSeesItEnded() {
        Instant now = Instant.now();
        ObjectNode going = chatOf("going@example.com", now.minusSeconds(2_400), null);
        ObjectNode ended = chatOf("ended@example.com", now.minusSeconds(1_800), now.minusSeconds(1_200));
        ZendeskChatClient client = client();

        List<ObjectNode> first = read(client, null);
        assertEquals(List.of(ended.path("id").asText()), ids(first));
        Instant resume =
                first.stream().map(client::changedAt).max(Instant::compareTo).orElseThrow();
        assertTrue(resume.isAfter(Instant.parse(going.path("timestamp").asText())), "the resume time passes it");

        chat().end(going.path("id").asText());
        List<ObjectNode> second = read(client, resume);

        assertTrue(ids(second).contains(going.path("id").asText()), ids(second).toString());
        ObjectNode handed = second.stream()
                .filter(c -> c.path("id").asText().equals(going.path("id").asText()))
                .findFirst()
                .orElseThrow();
        assertFalse(handed.path("end_timestamp").asText("").isBlank(), handed.toString());
        assertNotNull(client.changedAt(handed));
    }

    @Test
    void offlineMessagesAreHandedOverThoughTheyNeverEnd() {
        ObjectNode offline = JSON.createObjectNode()
                .put("type", "offline_msg")
                .put("timestamp", Instant.now().minusSeconds(900).toString())
                .put("message", "Please call me back");
        offline.putObject("visitor").put("name", "佐藤 太郎").put("email", "taro@example.jp");
        String id = chat().add(offline).path("id").asText();

        List<ObjectNode> read = read(client(), null);

        assertEquals(List.of(id), ids(read));
        assertEquals("Please call me back", read.get(0).path("message").asText());
    }

    @Test
    void aRefusedTokenIsRefusedCredentials() {
        ZendeskChatClient wrong = client("not-the-token", "/sandbox/chat/api/v2");
        CredentialsRefused onRead = assertThrows(CredentialsRefused.class, () -> read(wrong, null));
        assertEquals(401, onRead.status());
        assertEquals(1, requests().size(), "a fixed token refused once is not sent again: " + requests());
        assertTrue(onRead.getMessage().contains("invalid_token"), onRead.getMessage());
        assertThrows(CredentialsRefused.class, () -> wrong.check(ChatSource.CHATS));
        client().check(ChatSource.CHATS);
    }

    @Test
    void aTooManyRequestsAnswerIsWaitedOutForItsRetryAfter() {
        chatOf(
                "jane@example.com",
                Instant.now().minusSeconds(3_600),
                Instant.now().minusSeconds(3_000));
        server.sandbox.faults().set("chat", new FaultPlan(1.0, 7, 0, 0, 0, 0, 0, 1, 0));
        onWait = () -> server.sandbox.faults().clear();

        assertEquals(1, read(client(), null).size());

        assertTrue(waits.contains(Duration.ofSeconds(7)), "waited " + waits);
        assertEquals(
                List.of(429, 200),
                requests().stream().map(RequestLog.Entry::status).toList());
    }

    @Test
    void aServerErrorIsRetried() {
        chatOf(
                "jane@example.com",
                Instant.now().minusSeconds(3_600),
                Instant.now().minusSeconds(3_000));
        server.sandbox.faults().set("chat", new FaultPlan(0, 1, 1.0, 0, 0, 0, 0, 1, 0));
        onWait = () -> server.sandbox.faults().clear();

        assertEquals(1, read(client(), null).size());

        assertEquals(
                List.of(500, 200),
                requests().stream().map(RequestLog.Entry::status).toList());
    }

    @Test
    void theApiIsReadUnderTheChatPrefixToo() {
        chatOf(
                "jane@example.com",
                Instant.now().minusSeconds(3_600),
                Instant.now().minusSeconds(3_000));
        assertEquals(
                1,
                read(client(ChatSimulator.DEFAULT_TOKEN, "/sandbox/chat/api/v2/chat/"), null)
                        .size());
        assertTrue(
                requests().get(0).path().endsWith("/api/v2/chat/incremental/chats"),
                requests().toString());
    }

    @Test
    void nothingIsWrittenToTheChat() {
        ZendeskChatClient client = client();
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class,
                () -> client.create(ChatSource.CHATS, List.of(JSON.createObjectNode())));
        assertTrue(e.getMessage().contains("Zendesk Chat"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> client.delete(ChatSource.CHATS, List.of("1")));
        assertThrows(IllegalArgumentException.class, () -> client.readChanges("leads", List.of(), null, p -> {}));
        assertTrue(requests().isEmpty(), "no call for any of them");
    }
}
