package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, item 5: the sandbox's Zendesk Sell speaks Sell's wire format, seeded for the chats sync. */
class SellApiTest {

    static final String V2 = "/sandbox/sell/v2/";
    static final String[] BEARER = {"Authorization", "Bearer " + SellSimulator.DEFAULT_TOKEN};

    @TempDir
    Path dir;

    static SandboxServer.Resp get(SandboxServer s, String path) throws Exception {
        return s.get(V2 + path, null, BEARER);
    }

    static SandboxServer.Resp send(SandboxServer s, String method, String path, String body) throws Exception {
        return s.send(method, V2 + path, null, body, BEARER);
    }

    @Test
    void theSeedHasTheLeadsAndContactsTheChatsNeed() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, true))) {
            JsonNode leads = get(s, "leads?per_page=100").json();
            assertEquals(
                    List.of(
                            "310000001 Hanako Yamada hanako.yamada@example.jp null 2393211",
                            "310000002 Pat Lee pat.lee@example.com +1 555 0100 2393211",
                            "310000003 Dana Dup dup@example.com null 2393212"),
                    rows(leads));
            JsonNode contacts = get(s, "contacts?per_page=100&sort_by=id:asc").json();
            assertEquals(
                    List.of(
                            "320000001 Ken Watanabe ken.watanabe@example.co.jp null 2393212",
                            "320000002 Dale Dup dup@example.com null 2393212"),
                    rows(contacts));
            assertEquals("Sam Sales", SellSimulator.SAM_SALES.name());
            assertEquals(2393211L, SellSimulator.SAM_SALES.id());
            assertEquals(
                    "2026-01-22T01:00:00Z", leads.at("/items/0/data/updated_at").asText());
            assertEquals(0, s.sandbox.sell().notes().size());
        }
    }

    private static List<String> rows(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.path("items").spliterator(), false)
                .map(i -> i.path("data"))
                .map(d -> d.path("id").asText() + " " + d.path("first_name").asText() + " "
                        + d.path("last_name").asText() + " " + d.path("email").asText() + " "
                        + d.path("phone").asText() + " " + d.path("owner_id").asText())
                .toList();
    }

    @Test
    void listsPageWithTheItemsEnvelopeAndNoNextPageOnTheLast() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, false))) {
            s.sandbox.sell().generate(150);
            SandboxServer.Resp first = get(s, "leads?page=1&per_page=100&sort_by=updated_at:asc");
            assertEquals(200, first.status());
            assertNotNull(first.raw().headers().firstValue("X-Request-Id").orElse(null));
            assertEquals(100, first.json().at("/meta/count").asInt());
            assertEquals("collection", first.json().at("/meta/type").asText());
            assertEquals("lead", first.json().at("/items/0/meta/type").asText());
            assertEquals(1, first.json().at("/items/0/meta/version").asInt());
            assertTrue(first.json().at("/meta/links/next_page").asText().contains("page=2"));
            assertEquals(
                    "lead1@generated.example",
                    first.json().at("/items/0/data/email").asText());
            SandboxServer.Resp last = get(s, "leads?page=2&per_page=100&sort_by=updated_at:asc");
            assertEquals(50, last.json().path("items").size());
            assertTrue(last.json().at("/meta/links/next_page").isMissingNode(), last.body());
            assertTrue(last.json().at("/meta/links/prev_page").asText().contains("page=1"));
            SandboxServer.Resp empty = get(s, "leads?page=3&per_page=100");
            assertEquals(200, empty.status());
            assertEquals(0, empty.json().path("items").size());
            assertEquals(25, get(s, "leads").json().path("items").size(), "per_page defaults to 25");
            SandboxServer.Resp tooMany = get(s, "leads?per_page=101");
            assertEquals(422, tooMany.status());
            assertEquals("per_page", tooMany.json().at("/errors/0/error/field").asText());
            assertEquals(
                    1,
                    get(s, "leads?email=LEAD7@generated.example")
                            .json()
                            .path("items")
                            .size());
        }
    }

    @Test
    void withoutTheBearerTokenEveryCallIs401InTheErrorsEnvelope() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, true))) {
            SandboxServer.Resp r = s.get(V2 + "leads", null, "Authorization", "Bearer nope");
            assertEquals(401, r.status());
            assertEquals("unauthorized", r.json().at("/errors/0/error/code").asText());
            assertEquals("401 Unauthorized", r.json().at("/meta/http_status").asText());
            assertFalse(r.json().at("/meta/logref").asText().isEmpty());
            assertNotNull(r.raw().headers().firstValue("X-Request-Id").orElse(null));
        }
    }

    @Test
    void writesAreWrappedInDataAndCheckedAsSellDoes() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, true))) {
            assertEquals(
                    422, send(s, "POST", "leads", "{\"last_name\":\"Bare\"}").status());
            SandboxServer.Resp nameless = send(s, "POST", "leads", "{\"data\":{\"first_name\":\"Only\"}}");
            assertEquals(422, nameless.status());
            JsonNode error = nameless.json().at("/errors/0/error");
            assertEquals("lead", error.path("resource").asText());
            assertEquals("last_name", error.path("field").asText());
            assertEquals(
                    "422 Unprocessable Entity",
                    nameless.json().at("/meta/http_status").asText());
            SandboxServer.Resp org = send(s, "POST", "leads", "{\"data\":{\"organization_name\":\"Kato KK\"}}");
            assertEquals(200, org.status(), org.body());
            long id = org.json().at("/data/id").asLong();
            assertEquals(2393211L, org.json().at("/data/owner_id").asLong());
            SandboxServer.Resp put = send(s, "PUT", "leads/" + id, "{\"data\":{\"phone\":\"+81 3 1111 2222\"}}");
            assertEquals("+81 3 1111 2222", put.json().at("/data/phone").asText());
            assertEquals("Kato KK", put.json().at("/data/organization_name").asText());
            assertEquals(404, get(s, "leads/310999999").status());
            assertEquals(
                    422,
                    send(
                                    s,
                                    "POST",
                                    "notes",
                                    "{\"data\":{\"resource_type\":\"deal\",\"resource_id\":1,\"content\":\"x\"}}")
                            .status());
            assertEquals(
                    "resource_type",
                    send(
                                    s,
                                    "POST",
                                    "notes",
                                    "{\"data\":{\"resource_type\":\"org\",\"resource_id\":1,\"content\":\"x\"}}")
                            .json()
                            .at("/errors/0/error/field")
                            .asText());
            String note = "{\"data\":{\"resource_type\":\"lead\",\"resource_id\":" + id + ",\"content\":\"hello\"}}";
            assertEquals(200, send(s, "POST", "notes", note).status());
            assertEquals(
                    200,
                    send(s, "POST", "notes", note.replace("hello", "again")).status());
            JsonNode notes = get(s, "notes?resource_type=lead&resource_id=" + id + "&sort_by=created_at:desc")
                    .json();
            assertEquals(2, notes.path("items").size());
            assertEquals("again", notes.at("/items/0/data/content").asText());
            assertEquals(
                    0,
                    get(s, "notes?resource_type=lead&resource_id=310000001")
                            .json()
                            .path("items")
                            .size());
            SandboxServer.Resp task = send(
                    s,
                    "POST",
                    "tasks",
                    "{\"data\":{\"content\":\"call\",\"resource_type\":\"lead\",\"resource_id\":" + id
                            + ",\"owner_id\":2393212,\"due_date\":\"2026-12-01T09:00:00Z\"}}");
            assertEquals(200, task.status(), task.body());
            assertEquals(1, s.sandbox.sell().tasks().size());
            assertEquals(
                    "owner_id",
                    send(s, "POST", "tasks", "{\"data\":{\"content\":\"call\",\"owner_id\":1}}")
                            .json()
                            .at("/errors/0/error/field")
                            .asText());
            assertEquals(2, s.sandbox.sell().requests("POST", "tasks"));
        }
    }

    /** Issue 14 review, item 9: the task list honours resource_id (and resource_type), alone or together. */
    @Test
    void tasksAreFilteredByTheirRecord() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, true))) {
            for (long lead : List.of(310000001L, 310000002L)) {
                assertEquals(
                        200,
                        send(
                                        s,
                                        "POST",
                                        "tasks",
                                        "{\"data\":{\"content\":\"call\",\"resource_type\":\"lead\",\"resource_id\":"
                                                + lead + "}}")
                                .status());
            }
            assertEquals(
                    1,
                    get(s, "tasks?resource_id=310000001").json().path("items").size());
            assertEquals(
                    1,
                    get(s, "tasks?resource_type=lead&resource_id=310000002")
                            .json()
                            .path("items")
                            .size());
            assertEquals(
                    0,
                    get(s, "tasks?resource_type=contact&resource_id=310000001")
                            .json()
                            .path("items")
                            .size());
        }
    }

    @Test
    void faultsAnswerInSellsEnvelopeWithRetryAfter() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, true))) {
            s.sandbox.faults().set("sell", FaultPlan.parse(Map.of("too-many-requests", "1", "retry-after", "3"), ""));
            SandboxServer.Resp limited = get(s, "leads");
            assertEquals(429, limited.status());
            assertEquals("3", limited.raw().headers().firstValue("Retry-After").orElse(null));
            assertEquals(
                    "rate_limit_exceeded",
                    limited.json().at("/errors/0/error/code").asText());
            s.sandbox.faults().set("sell", FaultPlan.parse(Map.of("server-errors", "1"), ""));
            SandboxServer.Resp broken = get(s, "leads");
            assertEquals(500, broken.status());
            assertEquals(
                    "server_error", broken.json().at("/errors/0/error/code").asText());
            assertEquals(1L, s.sandbox.faults().injected().get("sell.429"));
        }
    }

    @Test
    void whatIsWrittenSurvivesARestart() throws Exception {
        long id;
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            id = send(s, "POST", "leads", "{\"data\":{\"last_name\":\"Kept\"}}")
                    .json()
                    .at("/data/id")
                    .asLong();
            assertEquals(310000004L, id, "ids go on from the seed's");
        }
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            assertEquals(
                    "Kept", get(s, "leads/" + id).json().at("/data/last_name").asText());
            assertEquals(4, s.sandbox.sell().leads().size(), "seeded once");
            assertEquals(
                    310000005L,
                    s.sandbox
                            .sell()
                            .addLead(Json.obj().put("last_name", "Next"))
                            .path("id")
                            .asLong());
        }
    }
}
