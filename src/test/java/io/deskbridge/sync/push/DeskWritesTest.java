package io.deskbridge.sync.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.ScriptedApi;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.DeletePolicy;
import io.deskbridge.model.Direction;
import io.deskbridge.model.Side;
import io.deskbridge.store.Database;
import io.deskbridge.store.Intents;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.support.TestDatabase;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.FieldMapLoader;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.outcome.RecordOutcomes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch of Desk writes against a scripted Desk over real HTTP, one call at a time so the script's
 * answers meet the writes in order: what each answer does to the record, its intent and the run.
 */
class DeskWritesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    ScriptedApi api;
    Database db;
    ExecutorService senders;
    Intents intents;
    Issues issues;
    WriteQueue writes;
    RunContext run;
    List<DeskWrites.Taken> created = new ArrayList<>();
    /** What the stand-in settlement did with the updates, in order. */
    List<String> settledOrGone = new ArrayList<>();
    /** Records whose settlement fails. */
    Set<String> failToSettle = new java.util.HashSet<>();

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApi();
        db = TestDatabase.fresh("desk-writes").open();
        Clock clock = Clock.systemUTC();
        intents = new Intents(db.jdbc(), clock);
        issues = new Issues(db.jdbc(), clock);
        ApiCaller caller = new ApiCaller(
                "Zoho Desk",
                ApiCaller.newHttpClient(Duration.ofSeconds(2)),
                ApiCaller.Auth.NONE,
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)),
                Duration.ofSeconds(5),
                d -> {});
        ZohoDeskClient desk = new ZohoDeskClient(caller, api.uri(), "600000001", JSON);
        RecordOutcomes outcomes = new RecordOutcomes(
                db.jdbc(), new Mirror(db.jdbc(), clock), issues, new Links(db.jdbc(), clock), null, desk, 5);
        senders = Executors.newSingleThreadExecutor();
        writes = new WriteQueue(new DeskWrites(desk, intents, outcomes, senders, new RecordingSettlement()), null);
        try (InputStream in = Files.newInputStream(Path.of("routes/contacts.fieldmap.yaml"))) {
            SyncDefinition sync = new SyncDefinition(
                    ModuleSpec.CONTACTS,
                    new FieldMapLoader().load("contacts.fieldmap.yaml", in, ModuleSpec.CONTACTS),
                    Direction.CRM_TO_DESK,
                    ConflictPolicy.CRM_WINS,
                    DeletePolicy.KEEP,
                    "0 0 0 1 1 ? 2099");
            run = new RunContext(1, sync, Direction.CRM_TO_DESK, "600000001", "test", Instant.now());
        }
    }

    @AfterEach
    void stop() {
        senders.shutdownNow();
        api.close();
        db.close();
    }

    SyncRecord read(String id) {
        run.counters().read();
        return new SyncRecord(Side.CRM, id, JSON.createObjectNode().put("id", id));
    }

    PendingWrite.DeskCreate create(String id) {
        return new PendingWrite.DeskCreate(read(id), JSON.createObjectNode().put("lastName", "L" + id), false);
    }

    PendingWrite.DeskUpdate update(SyncRecord record, String deskId, ObjectNode body) {
        ObjectNode none = JSON.createObjectNode();
        Reconciler.Plan nothingForTheCrm = new Reconciler.Plan(body, none, none, none, none, List.of());
        return new PendingWrite.DeskUpdate(
                record,
                body,
                new PendingWrite.Pair(record.sourceId(), deskId, false, nothingForTheCrm, none, null, body));
    }

    /** Stands in for the store: notes what it settles, all of a batch or (when one record fails) none of it. */
    class RecordingSettlement implements DeskWrites.Settlement {
        @Override
        public List<PendingWrite.CrmUpdate> taken(RunContext run, List<DeskWrites.Taken> taken) {
            List<String> settled = new ArrayList<>();
            for (DeskWrites.Taken t : taken) {
                if (failToSettle.contains(t.record().sourceId())) {
                    throw new IllegalStateException(
                            "cannot settle " + t.record().sourceId());
                }
                if (t.write() instanceof PendingWrite.DeskUpdate u) {
                    settled.add("settled " + u.pair().deskId());
                }
            }
            taken.stream()
                    .filter(t -> t.write() instanceof PendingWrite.DeskCreate)
                    .forEach(created::add);
            settledOrGone.addAll(settled);
            return List.of();
        }

        @Override
        public void gone(RunContext run, PendingWrite.DeskUpdate update) {
            settledOrGone.add("gone " + update.pair().deskId());
        }
    }

    static String contact(String id) {
        return "{\"id\":\"" + id + "\",\"lastName\":\"L\",\"modifiedTime\":\"2026-11-21T10:00:00.000Z\"}";
    }

    Set<String> openIntents() {
        return intents.pending("contacts", "600000001", "crm");
    }

    @Test
    void eachAnswerDecidesItsRecordAndOnlyAnOutrightRefusalClosesTheIntent() {
        api.then(200, contact("d1"))
                .then(500, "{\"errorCode\":\"INTERNAL_SERVER_ERROR\",\"message\":\"boom\"}")
                .then(
                        422,
                        "{\"errorCode\":\"INVALID_DATA\",\"message\":\"An invalid value has been passed in the input.\"}")
                .then(200, contact("d4"));
        for (String id : List.of("c1", "c2", "c3", "c4")) {
            writes.queue(run, create(id));
        }
        writes.send(run);

        assertEquals(
                List.of("c1", "c4"),
                created.stream().map(c -> c.record().sourceId()).toList());
        assertEquals(
                Set.of("c1", "c2", "c4"),
                openIntents(),
                "the links of c1 and c4 close theirs (here the completion does not); after the 500 the create may have happened");
        assertEquals(2, run.counters().snapshot().failed());
        assertEquals(4, api.seen.size());
        assertTrue(api.seen.stream()
                .allMatch(s -> s.method().equals("POST") && s.path().equals("/api/v1/contacts")));
    }

    @Test
    void aCreateAcceptedWithAnAnswerThatCannotBeReadKeepsItsIntent() {
        api.then(201, "{\"lastName\":\"no id in this answer\"}").then(200, contact("d2"));
        writes.queue(run, create("c1"));
        writes.queue(run, create("c2"));
        writes.send(run);

        assertEquals(
                List.of("c2"), created.stream().map(c -> c.record().sourceId()).toList());
        assertEquals(
                Set.of("c1", "c2"),
                openIntents(),
                "c1 may exist in the Desk now: its intent stays, so it is looked up before it is created again");
        assertEquals(1, run.counters().snapshot().failed());
    }

    @Test
    void aFailureOfTheConnectionStopsTheRunOnceWhatWentThroughIsStored() {
        api.then(200, contact("d1"))
                .then(
                        401,
                        "{\"errorCode\":\"INVALID_OAUTH\",\"message\":\"The OAuth Token you provided is invalid.\"}");
        writes.queue(run, create("c1"));
        writes.queue(run, create("c2"));
        ApiException stop = assertThrows(ApiException.class, () -> writes.send(run));

        assertInstanceOf(io.deskbridge.connector.CredentialsRefused.class, stop, stop.toString());
        assertEquals(
                List.of("c1"), created.stream().map(c -> c.record().sourceId()).toList());
        assertEquals(0, run.counters().snapshot().failed(), "not the record's fault: it stays staged");
        assertEquals(1, run.counters().snapshot().read(), "c2 counts as not reached");
    }

    @Test
    void anUpdateFindingTheRecordGoneReportsItAndOneThatWentThroughSettlesItsPair() {
        api.then(404, "{\"errorCode\":\"URL_NOT_FOUND\",\"message\":\"not found\"}")
                .then(200, contact("d2"));
        List<String> outcome = settledOrGone;
        writes.queue(run, update(read("c1"), "d1", JSON.createObjectNode().put("phone", "1")));
        writes.queue(run, update(read("c2"), "d2", JSON.createObjectNode().put("phone", "2")));
        writes.send(run);

        assertEquals(List.of("gone d1", "settled d2"), outcome);
        assertEquals(
                List.of("PATCH", "PATCH"),
                api.seen.stream().map(ScriptedApi.Seen::method).toList());
        assertTrue(openIntents().isEmpty(), "updates note no intent");
    }

    @Test
    void aRecordThatFailsToSettleIsThatRecordsFailureAndTheOthersStillSettle() {
        api.then(200, contact("d1")).then(200, contact("d2"));
        List<String> outcome = settledOrGone;
        failToSettle.add("c1");
        writes.queue(run, update(read("c1"), "d1", JSON.createObjectNode().put("phone", "1")));
        writes.queue(run, update(read("c2"), "d2", JSON.createObjectNode().put("phone", "2")));
        writes.send(run);

        assertEquals(List.of("settled d2"), outcome);
        assertEquals(1, run.counters().snapshot().failed());
        assertTrue(
                issues.open("contacts", "600000001").contains("crm:c1"),
                issues.open("contacts", "600000001").toString());
    }

    @Test
    void serverErrorsSeparatedByAnswersDoNotAddUpToAStop() {
        String error = "{\"errorCode\":\"INTERNAL_SERVER_ERROR\",\"message\":\"boom\"}";
        for (int i = 0; i < 3; i++) {
            api.then(500, error).then(200, contact("d" + i));
        }
        for (int i = 0; i < 6; i++) {
            writes.queue(run, create("c" + i));
        }
        writes.send(run);
        assertEquals(3, run.counters().snapshot().failed(), "three records refused, the run goes on");
        assertEquals(3, created.size());
    }
}
