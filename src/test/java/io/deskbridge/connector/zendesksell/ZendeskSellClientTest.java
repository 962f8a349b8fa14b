package io.deskbridge.connector.zendesksell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.BearerToken;
import io.deskbridge.connector.CredentialsRefused;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.SalesCrm;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.SandboxServer;
import io.deskbridge.sandbox.SellSimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14, item 2: the Zendesk Sell connector over real HTTP against the sandbox's Sell. */
class ZendeskSellClientTest {

    static final ObjectMapper JSON = new ObjectMapper();
    SandboxServer server;
    SellSimulator sell;
    final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(SandboxServer.settings(null, false));
        sell = server.sandbox.sell();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    ZendeskSellClient client(String token, int held) {
        // The sleeper records each wait and then lifts the faults, so the retry it precedes meets none.
        ApiCaller caller = new ApiCaller(
                "Zendesk Sell",
                ApiCaller.newHttpClient(Duration.ofSeconds(5)),
                new BearerToken(token),
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(10),
                d -> {
                    slept.add(d);
                    server.sandbox.faults().clear();
                });
        return new ZendeskSellClient(caller, URI.create(server.base + "/sandbox/sell"), JSON, held);
    }

    ZendeskSellClient client() {
        return client(SellSimulator.DEFAULT_TOKEN, ZendeskSellClient.HELD_RECORDS);
    }

    List<RequestLog.Entry> requests() {
        return server.sandbox.requests().entries().stream()
                .filter(e -> e.system().equals("sell"))
                .toList();
    }

    static ObjectNode obj(String... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    List<Page> read(SalesCrm crm, String module, Instant since) {
        List<Page> pages = new ArrayList<>();
        crm.readChanges(module, List.of(), since, pages::add);
        return pages;
    }

    static void assertOldestFirst(List<Page> pages, int expected) {
        List<ObjectNode> all = pages.stream().flatMap(p -> p.records().stream()).toList();
        assertEquals(expected, all.size());
        assertEquals(
                expected,
                all.stream().map(r -> r.path("id").asText()).distinct().count(),
                "read twice");
        for (int i = 1; i < all.size(); i++) {
            String before = all.get(i - 1).path("updated_at").asText();
            String after = all.get(i).path("updated_at").asText();
            assertTrue(before.compareTo(after) <= 0, before + " handed over before " + after);
        }
    }

    @Test
    void readsAHundredAPageOldestChangeFirst() {
        sell.generate(250);
        List<Page> pages = read(client(), SalesCrm.LEADS, null);
        assertEquals(
                List.of(100, 100, 50),
                pages.stream().map(p -> p.records().size()).toList());
        assertOldestFirst(pages, 250);
        assertEquals(
                "lead1@generated.example",
                pages.get(0).records().get(0).path("email").asText());
        List<RequestLog.Entry> calls = requests();
        assertEquals(3, calls.size(), calls.toString());
        assertTrue(calls.stream()
                .allMatch(e -> e.query().contains("per_page=100") && e.query().contains("sort_by=updated_at:desc")));
    }

    @Test
    void readsOnlyWhatChangedSinceAndStopsAtTheFirstOlderRecord() {
        List<ObjectNode> leads = sell.generate(250);
        Instant since = Instant.parse(leads.get(239).path("updated_at").asText());
        long old = leads.get(4).path("id").asLong();
        sell.touch(SellSimulator.LEADS, old, since.plusSeconds(60));
        List<Page> pages = read(client(), SalesCrm.LEADS, since);
        assertOldestFirst(pages, 12);
        List<ObjectNode> read = pages.get(0).records();
        assertEquals("lead240@generated.example", read.get(0).path("email").asText());
        assertEquals(old, read.get(11).path("id").asLong(), "the lead changed last comes last");
        assertEquals(1, requests().size(), "one page holds every change: " + requests());
    }

    @Test
    void resumesWhereTheCallerLeftOff() {
        List<ObjectNode> leads = sell.generate(30);
        ZendeskSellClient crm = client();
        List<Page> first = read(crm, SalesCrm.LEADS, null);
        Instant last = crm.changedAt(first.get(0).records().get(29));
        ObjectNode added = sell.add(
                SellSimulator.LEADS, obj("last_name", "Later", "email", "later@example.com"), last.plusSeconds(5));
        List<Page> next = read(crm, SalesCrm.LEADS, last.plusSeconds(1));
        assertEquals(
                List.of(added.path("id").asText()),
                next.get(0).records().stream().map(r -> r.path("id").asText()).toList());
        ReadSummary none = crm.readChanges(SalesCrm.LEADS, List.of(), last.plusSeconds(6), p -> {
            throw new AssertionError("nothing changed");
        });
        assertTrue(none.nothingChanged());
        assertEquals(30, leads.size());
    }

    @Test
    void recordsBeyondWhatIsHeldAreReadAgainByIdAHundredACall() {
        sell.generate(250);
        List<Page> pages = read(client(SellSimulator.DEFAULT_TOKEN, 150), SalesCrm.LEADS, null);
        assertOldestFirst(pages, 250);
        List<RequestLog.Entry> calls = requests();
        assertEquals(4, calls.size(), calls.toString());
        assertTrue(calls.get(3).query().contains("ids="), calls.get(3).toString());
    }

    @Test
    void readsContactsAlike() {
        sell.addContact(obj("first_name", "Ken", "last_name", "Watanabe", "email", "ken.watanabe@example.co.jp"));
        List<Page> pages = read(client(), SalesCrm.CONTACTS, null);
        assertEquals("Ken", pages.get(0).records().get(0).path("first_name").asText());
        assertTrue(pages.get(0).records().get(0).path("id").isNumber());
    }

    @Test
    void everyWriteIsWrappedInDataOneCallPerRecord() {
        ZendeskSellClient crm = client();
        List<WriteResult> leads = crm.create(
                SalesCrm.LEADS,
                List.of(
                        obj("first_name", "Aoi", "last_name", "Kato", "email", "aoi@example.jp"),
                        obj("organization_name", "Kato KK")));
        assertTrue(leads.stream().allMatch(WriteResult::success), leads.toString());
        String lead = leads.get(0).id();
        assertEquals("Kato", leads.get(0).details().path("last_name").asText());
        ObjectNode note = obj("resource_type", "lead", "content", "chat 42");
        note.put("resource_id", Long.parseLong(lead));
        assertTrue(crm.create(SalesCrm.NOTES, List.of(note)).get(0).success());
        ObjectNode task = obj("resource_type", "lead", "content", "call back", "due_date", "2026-12-01T09:00:00Z");
        task.put("resource_id", Long.parseLong(lead));
        task.put("owner_id", SellSimulator.RIN_SATO.id());
        assertTrue(crm.create(SalesCrm.TASKS, List.of(task)).get(0).success());
        WriteResult phone = crm.update(SalesCrm.LEADS, List.of(obj("id", lead, "phone", "+81 3 0000 0000")))
                .get(0);
        assertTrue(phone.success(), phone.toString());
        assertEquals(
                "+81 3 0000 0000",
                sell.record(SellSimulator.LEADS, Long.parseLong(lead))
                        .path("phone")
                        .asText());
        assertEquals(1, sell.notes().size());
        assertEquals(
                SellSimulator.RIN_SATO.id(),
                sell.tasks().get(0).path("owner_id").asLong());
        assertEquals(2, sell.requests("POST", "leads"));
        assertEquals(1, sell.requests("POST", "notes"));
        assertEquals(1, sell.requests("POST", "tasks"));
        assertEquals(1, sell.requests("PUT", "leads/" + lead));
    }

    @Test
    void aRefusalIsThatRecordsOneErrorNamingTheField() {
        List<WriteResult> results = client().create(
                        SalesCrm.LEADS,
                        List.of(obj("first_name", "Only", "email", "only@example.com"), obj("last_name", "Ok")));
        WriteResult refused = results.get(0);
        assertFalse(refused.success());
        assertEquals("blank", refused.code());
        assertTrue(
                refused.message().contains("last_name")
                        && refused.message().contains("blank")
                        && refused.message().contains("can't be blank"),
                refused.message());
        assertTrue(results.get(1).success(), "the next record goes on");
    }

    @Test
    void aNoteOnNoRecordOrTooLongIsRefusedNamingTheField() {
        ObjectNode lead = sell.addLead(obj("last_name", "Noted"));
        ObjectNode orphan = obj("resource_type", "contact", "content", "x");
        orphan.put("resource_id", 999);
        ObjectNode huge = obj("resource_type", "lead", "content", "y".repeat(SellSimulator.NOTE_MAX_CHARS + 1));
        huge.set("resource_id", lead.get("id"));
        List<WriteResult> results = client().create(SalesCrm.NOTES, List.of(orphan, huge));
        assertTrue(
                results.get(0).message().contains("resource_id"), results.get(0).message());
        assertTrue(
                results.get(1).message().contains("content too_long"),
                results.get(1).message());
        assertEquals(0, sell.notes().size());
        assertEquals(SellSimulator.NOTE_MAX_CHARS, ZendeskSellClient.NOTE_MAX_CHARS);
    }

    @Test
    void aLeadThatIsGoneIsSaidSo() {
        WriteResult r = client().update(SalesCrm.LEADS, List.of(obj("id", "310999999", "phone", "1")))
                .get(0);
        assertFalse(r.success());
        assertTrue(r.gone(), r.toString());
    }

    @Test
    void aRefusedTokenIsCredentialsRefusedAfterOneCall() {
        sell.generate(3);
        CredentialsRefused e = assertThrows(
                CredentialsRefused.class,
                () -> read(client("wrong-token", ZendeskSellClient.HELD_RECORDS), SalesCrm.LEADS, null));
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("unauthorized"), e.getMessage());
        assertEquals(1, requests().size(), "a token that cannot be refreshed is not sent twice");
    }

    @Test
    void a429WaitsWhatRetryAfterSaysThenGoesOn() {
        sell.generate(3);
        server.sandbox.faults().set("sell", FaultPlan.parse(Map.of("too-many-requests", "1", "retry-after", "7"), ""));
        assertOldestFirst(read(client(), SalesCrm.LEADS, null), 3);
        assertTrue(slept.contains(Duration.ofSeconds(7)), slept.toString());
        assertEquals(
                List.of(429, 200),
                requests().stream().map(RequestLog.Entry::status).toList());
    }

    @Test
    void aServerErrorIsRetried() {
        sell.generate(3);
        server.sandbox.faults().set("sell", FaultPlan.parse(Map.of("server-errors", "1"), ""));
        assertOldestFirst(read(client(), SalesCrm.LEADS, null), 3);
        assertEquals(
                List.of(500, 200),
                requests().stream().map(RequestLog.Entry::status).toList());
    }

    @Test
    void notesOfAreTheRecordsNotesNewestFirst() {
        ObjectNode a = sell.addLead(obj("last_name", "A"));
        ObjectNode b = sell.addContact(obj("last_name", "B"));
        ZendeskSellClient crm = client();
        for (String content : List.of("first", "second")) {
            ObjectNode note = obj("resource_type", "lead", "content", content);
            note.set("resource_id", a.get("id"));
            crm.create(SalesCrm.NOTES, List.of(note));
        }
        ObjectNode other = obj("resource_type", "contact", "content", "other");
        other.set("resource_id", b.get("id"));
        crm.create(SalesCrm.NOTES, List.of(other));
        List<ObjectNode> notes = crm.notesOf("lead", a.path("id").asText());
        assertEquals(
                List.of("second", "first"),
                notes.stream().map(n -> n.path("content").asText()).toList());
        RequestLog.Entry call = requests().get(requests().size() - 1);
        assertTrue(
                call.query().contains("resource_type=lead")
                        && call.query().contains("resource_id=" + a.path("id").asText())
                        && call.query().contains("sort_by=created_at:desc"),
                call.query());
    }

    /** Issue 14 review, item 9: the tasks of one record, asked by resource_type and resource_id both. */
    @Test
    void tasksOfAreTheRecordsTasksOnly() {
        ObjectNode a = sell.addLead(obj("last_name", "A"));
        ObjectNode b = sell.addLead(obj("last_name", "B"));
        ZendeskSellClient crm = client();
        for (ObjectNode on : List.of(a, b)) {
            ObjectNode task = obj(
                    "resource_type",
                    "lead",
                    "content",
                    "call " + on.path("last_name").asText());
            task.set("resource_id", on.get("id"));
            crm.create(SalesCrm.TASKS, List.of(task));
        }
        List<ObjectNode> tasks = crm.tasksOf("lead", a.path("id").asText());
        assertEquals(
                List.of("call A"),
                tasks.stream().map(t -> t.path("content").asText()).toList());
        RequestLog.Entry call = requests().get(requests().size() - 1);
        assertTrue(
                call.query().contains("resource_type=lead")
                        && call.query().contains("resource_id=" + a.path("id").asText()),
                call.query());
    }

    @Test
    void findByKeyFindsLeadsAndContactsByEmail() {
        sell.addLead(obj("last_name", "Dup", "email", "dup@example.com"));
        sell.addContact(obj("last_name", "Dup", "email", "dup@example.com"));
        sell.addLead(obj("last_name", "Other", "email", "other@example.com"));
        ZendeskSellClient crm = client();
        assertEquals(
                1, crm.findByKey(SalesCrm.LEADS, "email", "dup@example.com").size());
        assertEquals(
                1, crm.findByKey(SalesCrm.CONTACTS, "email", "dup@example.com").size());
        assertEquals(
                0,
                crm.findByKey(SalesCrm.CONTACTS, "email", "nobody@example.com").size());
    }

    @Test
    void limitsSayWhatSellAllows() {
        assertEquals(100, ZendeskSellClient.LIMITS.pageSize());
        assertEquals(1, ZendeskSellClient.LIMITS.writeBatch());
        assertFalse(ZendeskSellClient.LIMITS.upsert());
        assertEquals("updated_at", ZendeskSellClient.LIMITS.changeTimeField());
        assertEquals(Duration.ofSeconds(1), ZendeskSellClient.LIMITS.changeTimePrecision());
        assertEquals("Zendesk Sell", client().system());
    }
}
