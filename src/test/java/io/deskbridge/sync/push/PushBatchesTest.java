package io.deskbridge.sync.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.CredentialsRefused;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.ScriptedApi;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.DeletePolicy;
import io.deskbridge.model.Direction;
import io.deskbridge.model.EmailAddress;
import io.deskbridge.model.RunCounters;
import io.deskbridge.model.Side;
import io.deskbridge.store.Conflicts;
import io.deskbridge.store.Database;
import io.deskbridge.store.Intents;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.StoreException;
import io.deskbridge.support.TestDatabase;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.FieldMapLoader;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.map.FieldMapper;
import io.deskbridge.sync.map.Lookups;
import io.deskbridge.sync.outcome.RecordOutcomes;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push stage's writes as values: queued, sent in batches against scripted APIs over real HTTP, and settled
 * in the real store, whose commits are counted.
 */
class PushBatchesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORG = "600000001";
    static final String MODIFIED = "2026-11-21T10:00:00+00:00";

    ScriptedApi crmApi;
    ScriptedApi deskApi;
    Database db;
    AtomicInteger commits = new AtomicInteger();
    Links links;
    Issues issues;
    Mirror mirror;
    FieldMapper mapper;
    RecordOutcomes outcomes;
    PairSettler settler;
    WriteQueue queue;
    ExecutorService senders;
    RunContext run;

    @BeforeEach
    void start() throws Exception {
        crmApi = new ScriptedApi();
        deskApi = new ScriptedApi();
        db = TestDatabase.fresh("push-batches").open();
        Jdbc jdbc = new Jdbc(countingCommits(db.jdbc().dataSource()));
        Clock clock = Clock.systemUTC();
        links = new Links(jdbc, clock);
        issues = new Issues(jdbc, clock);
        mirror = new Mirror(jdbc, clock);
        Intents intents = new Intents(jdbc, clock);
        ZohoCrmClient crm = new ZohoCrmClient(caller("Zoho CRM"), crmApi.uri(), JSON);
        ZohoDeskClient desk = new ZohoDeskClient(caller("Zoho Desk"), deskApi.uri(), ORG, JSON);
        outcomes = new RecordOutcomes(jdbc, mirror, issues, links, crm, desk, 5);
        mapper = new FieldMapper(new Lookups(links));
        settler = new PairSettler(jdbc, mirror, links, new Conflicts(jdbc, clock), intents, mapper, outcomes, JSON);
        senders = Executors.newSingleThreadExecutor();
        queue = new WriteQueue(
                new DeskWrites(desk, intents, outcomes, senders, settler), new CrmWrites(crm, settler, outcomes));
        try (InputStream in = Files.newInputStream(Path.of("routes/contacts.fieldmap.yaml"))) {
            SyncDefinition sync = new SyncDefinition(
                    ModuleSpec.CONTACTS,
                    new FieldMapLoader().load("contacts.fieldmap.yaml", in, ModuleSpec.CONTACTS),
                    Direction.TWO_WAY,
                    ConflictPolicy.CRM_WINS,
                    DeletePolicy.KEEP,
                    "0 0 0 1 1 ? 2099");
            run = new RunContext(1, sync, Direction.TWO_WAY, ORG, "test", Instant.now());
        }
    }

    @AfterEach
    void stop() {
        senders.shutdownNow();
        crmApi.close();
        deskApi.close();
        db.close();
    }

    @Test
    void twoHundredFiftyCrmUpsertsGoOutInThreeCallsEachSettledInOneCommit() {
        crmApi.then(200, inserted(0, 100)).then(200, inserted(100, 200)).then(200, inserted(200, 250));
        int before = commits.get();
        for (int i = 0; i < 100; i++) {
            queue.queue(run, upsert("d" + i));
        }
        assertEquals(1, crmApi.seen.size(), "a full batch goes out as soon as it is full");
        assertEquals(1, commits.get() - before, "and is settled in one commit");
        assertEquals(100, links.count("contacts", ORG));

        for (int i = 100; i < 250; i++) {
            queue.queue(run, upsert("d" + i));
        }
        queue.send(run);

        assertEquals(
                List.of(100, 100, 50),
                crmApi.seen.stream().map(s -> sent(s.body()).size()).toList());
        assertTrue(crmApi.seen.stream()
                .allMatch(s -> s.method().equals("POST") && s.path().endsWith("/Contacts/upsert")));
        assertEquals(3, run.crmCalls());
        assertEquals(3, commits.get() - before, "one commit per batch, not one per record");
        assertEquals(250, links.count("contacts", ORG));
        assertEquals(250, run.counters().snapshot().created());
        assertTrue(run.crmQueue().isEmpty());
    }

    @Test
    void aDeskUpdateWhoseRecordIsGoneEndsAsADeletionNoticedLate() {
        links.link(new Links.Link("contacts", ORG, "c1", "d1", "a@example.com", "x", "y", null, Links.State.ACTIVE));
        deskApi.then(404, "{\"errorCode\":\"URL_NOT_FOUND\",\"message\":\"not found\"}");
        SyncRecord record = crmRecord("c1", "a@example.com", "2");
        record.target("d1", false);
        ObjectNode deskRecord = JSON.createObjectNode()
                .put("id", "d1")
                .put("email", "a@example.com")
                .put("lastName", "L");
        Reconciler.Plan plan = plan(record.canonical(), mapper.canonical(run, Side.DESK, deskRecord));
        ObjectNode body = JSON.createObjectNode().put("phone", "2");
        queue.queue(
                run,
                new PendingWrite.DeskUpdate(
                        record,
                        body,
                        new PendingWrite.Pair(
                                "c1",
                                "d1",
                                false,
                                plan,
                                record.source(),
                                null,
                                deskRecord.deepCopy().setAll(body))));
        queue.send(run);

        assertEquals(
                List.of("PATCH /api/v1/contacts/d1"),
                deskApi.seen.stream().map(s -> s.method() + " " + s.path()).toList());
        assertEquals(
                Links.State.DESK_DELETED,
                links.byCrmId("contacts", ORG, "c1").orElseThrow().state());
        Issues.Issue deleted =
                issues.list("contacts", ORG, Issues.Kind.DELETED, null, 10, 0).get(0);
        assertEquals("DELETED_IN_DESK", deleted.reasonCode(), deleted.toString());
        RunCounters.Snapshot c = run.counters().snapshot();
        assertEquals(List.of(1, 1, 0, 0), List.of(c.deleted(), c.unchanged(), c.updated(), c.failed()), c.toString());
    }

    @Test
    void everyCrmPartOfADeskBatchIsQueuedBeforeAnyIsSentSoAStopLeavesNoneUncounted() {
        // 50 CRM updates wait in the queue; a Desk batch of 100 updates then hands over 100 more CRM parts.
        for (int i = 0; i < 50; i++) {
            queue.queue(run, pairNeedingBothSides("w" + i).crmPart());
        }
        for (int i = 0; i < 100; i++) {
            deskApi.then(
                    200,
                    JSON.createObjectNode()
                            .put("id", "d" + i)
                            .put("email", "p" + i + "@example.com")
                            .put("lastName", "L")
                            .put("phone", "2")
                            .toString());
        }
        crmApi.then(401, "{\"code\":\"INVALID_TOKEN\",\"message\":\"invalid oauth token\",\"status\":\"error\"}");

        assertThrows(CredentialsRefused.class, () -> {
            for (int i = 0; i < 100; i++) {
                queue.queue(run, pairNeedingBothSides(Integer.toString(i)).deskPart());
            }
        });

        assertEquals(1, crmApi.seen.size());
        assertEquals(
                150,
                run.crmQueue().size(),
                "each CRM part is still queued when the CRM refuses the credentials, so the run's end counts each as not"
                        + " reached; none was dropped unseen");
    }

    /** A linked pair whose CRM record changed, so both sides get a write: the Desk's first, then the CRM's. */
    private record BothSides(PendingWrite.DeskUpdate deskPart, PendingWrite.CrmUpdate crmPart) {}

    private BothSides pairNeedingBothSides(String n) {
        SyncRecord record = crmRecord("c" + n, "p" + n + "@example.com", "2");
        record.target("d" + n, false);
        ObjectNode deskRecord = JSON.createObjectNode()
                .put("id", "d" + n)
                .put("email", "p" + n + "@example.com")
                .put("lastName", "L")
                .put("mobile", "+1 555 0100"); // which the CRM has not: the CRM gets a write too
        Reconciler.Plan plan = plan(record.canonical(), mapper.canonical(run, Side.DESK, deskRecord));
        assertTrue(!plan.toCrm().isEmpty() && !plan.toDesk().isEmpty(), plan.toString());
        ObjectNode deskBody = JSON.createObjectNode().put("phone", "2");
        ObjectNode crmBody = JSON.createObjectNode().put("id", "c" + n).put("Phone", "2");
        PendingWrite.Pair pair = new PendingWrite.Pair(
                "c" + n,
                "d" + n,
                false,
                plan,
                record.source(),
                crmBody,
                deskRecord.deepCopy().setAll(deskBody));
        return new BothSides(
                new PendingWrite.DeskUpdate(record, deskBody, pair), new PendingWrite.CrmUpdate(record, crmBody, pair));
    }

    @Test
    void aWriteTheCrmRefusesKeepsItsRecordWithTheReasonAndTheOthersSettle() {
        ArrayNode data = JSON.createArrayNode();
        data.add(result("c1", "insert"));
        data.addObject()
                .put("code", "INVALID_DATA")
                .put("message", "invalid data")
                .put("status", "error")
                .putObject("details")
                .put("api_name", "Email");
        crmApi.then(200, JSON.createObjectNode().set("data", data).toString());
        queue.queue(run, upsert("d1"));
        queue.queue(run, upsert("d2"));
        queue.send(run);

        Issues.Issue refused =
                issues.list("contacts", ORG, Issues.Kind.FAILED, null, 10, 0).get(0);
        assertEquals(
                List.of("desk", "d2", "INVALID_DATA"),
                List.of(refused.system(), refused.recordId(), refused.reasonCode()));
        assertTrue(refused.reason().startsWith("the CRM refused to create it: invalid data"), refused.reason());
        assertEquals("d1", links.byCrmId("contacts", ORG, "c1").orElseThrow().deskId());
        RunCounters.Snapshot c = run.counters().snapshot();
        assertEquals(List.of(1, 1), List.of(c.created(), c.failed()), c.toString());
    }

    @Test
    void twoDeskRecordsGivenTheSameCrmRecordInOneBatchLinkTheFirstAndReportTheSecond() {
        ArrayNode data = JSON.createArrayNode();
        data.add(result("c1", "insert"));
        data.add(result("c1", "update"));
        crmApi.then(200, JSON.createObjectNode().set("data", data).toString());
        queue.queue(run, upsert("d1"));
        queue.queue(run, upsert("d2"));
        queue.send(run);

        assertEquals("d1", links.byCrmId("contacts", ORG, "c1").orElseThrow().deskId());
        Issues.Issue conflict =
                issues.list("contacts", ORG, Issues.Kind.CONFLICT, null, 10, 0).get(0);
        assertEquals(List.of("d2", "ALREADY_LINKED"), List.of(conflict.recordId(), conflict.reasonCode()));
        RunCounters.Snapshot c = run.counters().snapshot();
        assertEquals(List.of(1, 1, 0), List.of(c.created(), c.excluded(), c.failed()), c.toString());
    }

    @Test
    void aPairIsSettledFromTheValuesOfItsWritesAlone() throws Exception {
        SyncRecord record = deskRecord("d1", "a@example.com", "2");
        record.target("c1", false);
        ObjectNode crmRecord = JSON.createObjectNode()
                .put("id", "c1")
                .put("Email", "a@example.com")
                .put("Last_Name", "L")
                .put("Phone", "1")
                .put("Modified_Time", "2026-11-20T10:00:00+00:00");
        ObjectNode crmCanonical = mapper.canonical(run, Side.CRM, crmRecord);
        Reconciler.Plan plan = Reconciler.reconcile(
                run.sync().rules(),
                crmCanonical,
                record.canonical(),
                crmCanonical,
                crmCanonical,
                true,
                ConflictPolicy.CRM_WINS,
                null,
                null);
        assertEquals("{\"phone\":\"2\"}", plan.toCrm().toString(), "the Desk's change is the CRM's to take");
        ObjectNode crmBody = JSON.createObjectNode().put("Phone", "2").put("id", "c1");
        links.link(new Links.Link("contacts", ORG, "c1", "d1", "a@example.com", "x", "y", null, Links.State.ACTIVE));
        PendingWrite.CrmUpdate update = new PendingWrite.CrmUpdate(
                record, crmBody, new PendingWrite.Pair("c1", "d1", false, plan, crmRecord, crmBody, null));

        int before = commits.get();
        settler.crmTook(
                run,
                List.of(new CrmWrites.Taken(
                        update,
                        WriteResult.written(
                                "c1",
                                "update",
                                JSON.createObjectNode().put("id", "c1").put("Modified_Time", MODIFIED)))));

        assertEquals(1, commits.get() - before);
        Links.Link link = links.byCrmId("contacts", ORG, "c1").orElseThrow();
        assertEquals(
                List.of("2", "2"),
                List.of(
                        JSON.readTree(link.base()).at("/crm/phone").asText(),
                        JSON.readTree(link.base()).at("/desk/phone").asText()),
                link.base());
        ObjectNode held = (ObjectNode) JSON.readTree(mirror.get("contacts", "crm", run.scope(Side.CRM), "c1")
                .orElseThrow()
                .payload());
        assertEquals(
                List.of("2", MODIFIED),
                List.of(held.path("Phone").asText(), held.path("Modified_Time").asText()));
        assertEquals(1, run.counters().snapshot().updated());
    }

    @Test
    void pendingWritesAreValuesWithoutBehaviourHandedIn() {
        Set<Class<?>> seen = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (Class<?> toOneSide : PendingWrite.class.getPermittedSubclasses()) {
            for (Class<?> kind : toOneSide.getPermittedSubclasses()) {
                kinds.add(kind.getSimpleName());
                assertHoldsNoFunction(kind, seen);
            }
        }
        assertEquals(Set.of("DeskCreate", "DeskUpdate", "CrmUpsert", "CrmUpdate"), kinds);
        assertTrue(seen.contains(PendingWrite.Pair.class) && seen.contains(Reconciler.Plan.class), seen.toString());
    }

    @Test
    void aBatchThatFailsForOneRecordIsSettledAgainRecordByRecord() {
        List<SyncRecord> batch = List.of(
                deskRecord("d1", "a@example.com", "1"),
                deskRecord("d2", "b@example.com", "1"),
                deskRecord("d3", "c@example.com", "1"));
        List<List<String>> attempts = new ArrayList<>();
        List<String> next = OneCommit.settle(
                run,
                batch,
                r -> r,
                some -> {
                    List<String> ids = some.stream().map(SyncRecord::sourceId).toList();
                    attempts.add(ids);
                    if (ids.contains("d2")) {
                        throw new IllegalStateException("d2 cannot be settled");
                    }
                    return ids;
                },
                outcomes);

        assertEquals(List.of(List.of("d1", "d2", "d3"), List.of("d1"), List.of("d2"), List.of("d3")), attempts);
        assertEquals(List.of("d1", "d3"), next);
        Issues.Issue failed =
                issues.list("contacts", ORG, Issues.Kind.FAILED, null, 10, 0).get(0);
        assertEquals(
                List.of("d2", "IllegalStateException", "d2 cannot be settled"),
                List.of(failed.recordId(), failed.reasonCode(), failed.reason()));
    }

    @Test
    void aStoreThatFailsWhileSettlingStopsTheRunWithoutRetries() {
        List<SyncRecord> batch =
                List.of(deskRecord("d1", "a@example.com", "1"), deskRecord("d2", "b@example.com", "1"));
        StoreException down = new StoreException(new SQLException("connection lost"));
        AtomicInteger attempts = new AtomicInteger();
        StoreException thrown = assertThrows(
                StoreException.class,
                () -> OneCommit.settle(
                        run,
                        batch,
                        r -> r,
                        some -> {
                            attempts.incrementAndGet();
                            throw down;
                        },
                        outcomes));
        assertSame(down, thrown);
        assertEquals(1, attempts.get());
        assertEquals(0, run.counters().snapshot().failed());
    }

    /** No component of a write, nor of the values it holds, is a function (a closure handed in to be called later). */
    private static void assertHoldsNoFunction(Class<?> type, Set<Class<?>> seen) {
        if (!seen.add(type) || !type.isRecord()) {
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            Class<?> t = c.getType();
            assertFalse(isFunction(t), type.getSimpleName() + "." + c.getName() + " is a " + t.getName());
            assertHoldsNoFunction(t, seen);
        }
    }

    private static boolean isFunction(Class<?> t) {
        if (!t.isInterface()) {
            return false;
        }
        long abstractMethods = Arrays.stream(t.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()))
                .filter(m -> !isObjectMethod(m))
                .count();
        return abstractMethods == 1;
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    PendingWrite.CrmUpsert upsert(String deskId) {
        SyncRecord record = deskRecord(deskId, deskId + "@example.com", null);
        return new PendingWrite.CrmUpsert(
                record, JSON.createObjectNode().put("Last_Name", "L").put("Email", deskId + "@example.com"));
    }

    SyncRecord deskRecord(String id, String email, String phone) {
        ObjectNode source =
                JSON.createObjectNode().put("id", id).put("email", email).put("lastName", "L");
        if (phone != null) {
            source.put("phone", phone);
        }
        return mapped(new SyncRecord(Side.DESK, id, source), email);
    }

    SyncRecord crmRecord(String id, String email, String phone) {
        ObjectNode source = JSON.createObjectNode()
                .put("id", id)
                .put("Email", email)
                .put("Last_Name", "L")
                .put("Phone", phone);
        return mapped(new SyncRecord(Side.CRM, id, source), email);
    }

    SyncRecord mapped(SyncRecord record, String email) {
        run.counters().read();
        record.mapped(
                mapper.canonical(run, record.side(), record.source()), EmailAddress.of(email), EmailAddress.missing());
        return record;
    }

    Reconciler.Plan plan(ObjectNode crm, ObjectNode desk) {
        return Reconciler.reconcile(
                run.sync().rules(), crm, desk, null, null, true, ConflictPolicy.CRM_WINS, null, null);
    }

    static ObjectNode result(String crmId, String action) {
        ObjectNode r = JSON.createObjectNode()
                .put("code", "SUCCESS")
                .put("message", "record saved")
                .put("status", "success")
                .put("action", action);
        r.putObject("details").put("id", crmId).put("Modified_Time", MODIFIED);
        return r;
    }

    static String inserted(int from, int to) {
        ArrayNode data = JSON.createArrayNode();
        IntStream.range(from, to).forEach(i -> data.add(result("c" + i, "insert")));
        return JSON.createObjectNode().set("data", data).toString();
    }

    static ArrayNode sent(String body) {
        try {
            return (ArrayNode) JSON.readTree(body).path("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiCaller caller(String system) {
        return new ApiCaller(
                system,
                ApiCaller.newHttpClient(Duration.ofSeconds(2)),
                ApiCaller.Auth.NONE,
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)),
                Duration.ofSeconds(5),
                d -> {});
    }

    /** The store as it is, counting the commits made on it. */
    DataSource countingCommits(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object out = invoke(real, m, args);
                    if (!m.getName().equals("getConnection")) {
                        return out;
                    }
                    Connection c = (Connection) out;
                    return Proxy.newProxyInstance(
                            getClass().getClassLoader(), new Class<?>[] {Connection.class}, (cp, cm, cargs) -> {
                                if (cm.getName().equals("commit")) {
                                    commits.incrementAndGet();
                                }
                                return invoke(c, cm, cargs);
                            });
                });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
