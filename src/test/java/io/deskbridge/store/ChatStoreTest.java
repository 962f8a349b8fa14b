package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.store.ChatOutcomes.Outcome;
import io.deskbridge.store.ChatWrites.Step;
import io.deskbridge.store.SellRecords.SellRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 14, items 3 and 4: what the chats sync keeps (migration V11): its Sell mirror, outcomes and write intents. */
class ChatStoreTest {

    final Database db = TestStore.open("chats");
    final Clock clock = Clock.systemUTC();
    final ChatOutcomes outcomes = new ChatOutcomes(db.jdbc(), clock);
    final ChatWrites writes = new ChatWrites(db.jdbc(), clock);
    final SellRecords sell = new SellRecords(db.jdbc(), clock);

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void aChatReadAgainIsNotTakenAgainWhateverBecameOfIt() {
        assertEquals(2, outcomes.stageNew("chats", Map.of("a", "{}", "b", "{}")));
        outcomes.settle("chats", "a", Outcome.NOTED, null, "lead", "1", 7);
        assertEquals(1, outcomes.stageNew("chats", Map.of("a", "{\"again\":1}", "b", "{}", "c", "{}")));
        assertEquals(
                List.of("b", "c"),
                outcomes.waitingAfter("chats", "", 5, 10).stream()
                        .map(ChatOutcomes.Waiting::chatId)
                        .toList());
        assertEquals(Outcome.NOTED, outcomes.find("chats", "a").orElseThrow().outcome());
    }

    @Test
    void aChatTakenByARunThatDidNotSettleItIsKnownAsSuch() {
        outcomes.stageNew("chats", Map.of("a", "{}", "b", "{}"));
        assertNull(outcomes.waitingAfter("chats", "", 5, 10).get(0).takenBy());
        outcomes.take("chats", List.of("a"), 41);
        List<ChatOutcomes.Waiting> waiting = outcomes.waitingAfter("chats", "", 5, 10);
        assertEquals(41L, waiting.get(0).takenBy());
        assertNull(waiting.get(1).takenBy());
    }

    @Test
    void aFailedChatIsTriedAgainWhileAttemptsAreLeftAndAReplayStartsThemAgain() {
        outcomes.stageNew("chats", Map.of("a", "{}"));
        outcomes.failed("chats", "a", "INVALID", 1);
        assertEquals(1, outcomes.waitingAfter("chats", "", 2, 10).size());
        outcomes.failed("chats", "a", "INVALID", 2);
        assertTrue(outcomes.waitingAfter("chats", "", 2, 10).isEmpty(), "parked after 2 attempts");
        assertTrue(outcomes.requeue("chats", "a"));
        assertEquals(1, outcomes.waitingAfter("chats", "", 2, 10).size());
        outcomes.settle("chats", "a", Outcome.NOTED, null, "contact", "9", 3);
        assertFalse(outcomes.requeue("chats", "a"), "a noted chat is not written again");
    }

    @Test
    void anIntentIsKeptUntilItsStepIsDoneAndThenNeverReopened() {
        writes.intend("chats", "a", Step.NOTE, "lead", "1");
        assertFalse(writes.of("chats", "a").get(Step.NOTE).done());
        writes.intend("chats", "a", Step.NOTE, "lead", "1");
        writes.done("chats", "a", Step.NOTE, "555");
        writes.intend("chats", "a", Step.NOTE, "contact", "2");
        ChatWrites.Write note = writes.of("chats", "a").get(Step.NOTE);
        assertEquals(new ChatWrites.Write(Step.NOTE, "lead", "1", "555"), note);
        assertNull(writes.of("chats", "a").get(Step.TASK));
        assertEquals(1, writes.countDone("chats", Step.NOTE));
    }

    /** Review 2, item 7: a contact gone from Sell does not take the chat's lead of the same number with it. */
    @Test
    void aGoneContactForgetsNotTheLeadOfTheSameNumber() {
        writes.intendLead("chats", "a", "x@example.com");
        writes.done("chats", "a", Step.LEAD, "55");
        writes.intend("chats", "a", Step.TASK, "contact", "55");

        writes.forgetRecord("chats", "a", "contact", "55");

        assertEquals("55", writes.of("chats", "a").get(Step.LEAD).remoteId());
        assertNull(writes.of("chats", "a").get(Step.TASK));
    }

    /** Review 2, item 6: once the chat's note is made, a gone record makes it forget nothing. */
    @Test
    void aNoteMadeIsNeverForgotten() {
        writes.intendLead("chats", "a", "x@example.com");
        writes.done("chats", "a", Step.LEAD, "55");
        writes.intend("chats", "a", Step.NOTE, "lead", "55");
        writes.done("chats", "a", Step.NOTE, "900");

        writes.forgetRecord("chats", "a", "lead", "55");

        assertEquals(
                Map.of(Step.LEAD, "55", Step.NOTE, "900"),
                java.util.Map.copyOf(writes.of("chats", "a").entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().remoteId()))));
    }

    @Test
    void sellRecordsAreFoundByTheirNormalisedEmailAndReplacedWhenReadAgain() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        sell.putAll(
                "chats",
                List.of(
                        new SellRecord("lead", "1", "a@x.example", "10", null, t),
                        new SellRecord("contact", "1", "a@x.example", "11", "+1", t)));
        assertEquals(2, sell.withEmail("chats", "a@x.example").size());
        sell.putAll("chats", List.of(new SellRecord("lead", "1", "b@x.example", "10", null, t)));
        assertEquals(1, sell.withEmail("chats", "a@x.example").size());
        sell.phoneSet("chats", "lead", "1", "+81");
        assertEquals("+81", sell.find("chats", "lead", "1").orElseThrow().phone());
    }
}
