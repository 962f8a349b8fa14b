package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.deskbridge.support.RunningDeskbridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document describes what the admin API reads and answers (issue 12, item 5): a schema for
 * every answer, the one error shape on every 4xx, the replay body; and every answer the API gives matches
 * the schema its call declares for that status, so the records and the document cannot drift apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = RunningDeskbridge.TOKEN;
    static final String VIEWER = "viewer-token-0123456789abcdef";
    static final String ERROR_REF = "#/components/schemas/Error";

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    JsonNode doc;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Set<String> answered = new TreeSet<>();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", VIEWER);
        app = RunningDeskbridge.start(p);
        TicketFixture.fill(app, dir);
        doc = app.get("/openapi.json");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theDocumentDescribesTheAnswersTheErrorShapeAndTheReplayBody() {
        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode status = schemas.path("SyncStatus");
        for (String field : List.of("id", "state", "direction", "lastRun", "nextRunAt", "records", "apiCalls")) {
            assertTrue(status.path("properties").has(field), field + " in " + status);
        }
        assertEquals(
                "[\"ACTIVE\",\"PAUSED\",\"DISABLED\"]",
                status.path("properties").path("state").path("enum").toString());
        assertTrue(status.path("properties").path("lastRun").path("nullable").asBoolean(), "null before the first run");
        assertEquals(
                "#/components/schemas/SyncStatus",
                successSchema("get", "/admin/syncs/{sync}").path("$ref").asText());
        for (String field : List.of(
                "runId",
                "status",
                "startedAt",
                "finishedAt",
                "read",
                "created",
                "updated",
                "linked",
                "unchanged",
                "excluded",
                "failed")) {
            assertTrue(
                    schemas.path("Run").path("required").toString().contains("\"" + field + "\""), field + " of a run");
        }
        assertEquals(
                "string",
                schemas.path("Run").path("properties").path("node").path("type").asText(),
                "issue 17: the node that ran it");
        assertFalse(
                schemas.path("Run").path("required").toString().contains("\"node\""),
                "runs made before the node was recorded have none");
        assertEquals(
                "#/components/schemas/RunProgress",
                schemas.path("Run")
                        .path("properties")
                        .path("progress")
                        .path("$ref")
                        .asText(),
                "issue 18: how far a running run is");
        assertFalse(schemas.path("Run").path("required").toString().contains("\"progress\""), "only while RUNNING");
        assertEquals(
                Set.of("recordsDone", "elapsedSeconds", "recordsPerSecond"),
                values(schemas.path("RunProgress").path("required")));
        assertEquals(
                Set.of("recordsDone", "elapsedSeconds", "recordsPerSecond", "total", "etaSeconds"),
                names(schemas.path("RunProgress").path("properties")),
                "the total and the estimate, when known, as the progress line says them");

        JsonNode error = schemas.path("Error");
        assertEquals(Set.of("status", "error", "message", "problems"), names(error.path("properties")));
        assertEquals(Set.of("status", "error", "message"), values(error.path("required")));

        JsonNode replay = operation("post", "/admin/syncs/{sync}/errors/replay").path("requestBody");
        assertEquals(
                "#/components/schemas/ReplayFilter",
                replay.path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asText(),
                replay.toString());
        assertFalse(replay.path("required").asBoolean(), "the body is optional");
        assertEquals(
                Set.of("kind", "reasonCode"), names(schemas.path("ReplayFilter").path("properties")));

        int operations = 0;
        for (var path = doc.path("paths").fields(); path.hasNext(); ) {
            var p = path.next();
            for (var op = p.getValue().fields(); op.hasNext(); ) {
                var o = op.next();
                operations++;
                String where = o.getKey() + " " + p.getKey();
                JsonNode responses = o.getValue().path("responses");
                assertTrue(responses.has("400") && responses.has("401"), where + " declares 400 and 401: " + responses);
                assertEquals(!o.getKey().equals("get"), responses.has("403"), where + ": a change refuses viewers");
                for (var r = responses.fields(); r.hasNext(); ) {
                    var response = r.next();
                    String ref = response.getValue()
                            .path("content")
                            .path("application/json")
                            .path("schema")
                            .path("$ref")
                            .asText();
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertEquals(ERROR_REF, ref, where + " " + response.getKey());
                    } else {
                        assertTrue(
                                ref.startsWith("#/components/schemas/") && !ref.equals(ERROR_REF),
                                where + " " + response.getKey());
                    }
                }
                assertFalse(responses.has("default"), where);
            }
        }
        assertEquals(35, operations);
    }

    @Test
    void everyAnswerMatchesTheSchemaItsCallDeclares() throws Exception {
        checked("GET", "/admin/whoami", 200);
        checked("GET", "/admin/syncs", 200);
        checked("GET", "/admin/syncs/contacts", 200);
        checked("GET", "/admin/audit", 200);
        app.runAndWait("accounts");
        // Issue 18: a dry run's answer, and its run with the preview (values of any JSON type, old and new).
        long dry = checked("POST", "/admin/syncs/contacts/dry-run", 202)
                .path("runId")
                .asLong();
        app.runAndWaitFor("contacts", dry);
        JsonNode dryRun = checked("GET", "/admin/syncs/contacts/runs/" + dry, 200);
        assertTrue(dryRun.path("dryRun").asBoolean() && dryRun.path("preview").has("created"), dryRun.toString());
        checked("POST", "/admin/syncs/tickets/dry-run", 409);
        long run =
                checked("POST", "/admin/syncs/contacts/run", 202).path("runId").asLong();
        // Most often still RUNNING: its progress is checked against the schema too.
        checked("GET", "/admin/syncs/contacts/runs/" + run, 200);
        app.runAndWaitFor("contacts", run);
        checked("GET", "/admin/syncs", 200);
        checked("GET", "/admin/syncs/contacts/runs", 200);
        assertTrue(
                checked("GET", "/admin/syncs/contacts/runs/" + run, 200).hasNonNull("node"),
                "a run names its node, and the schema allows it");
        checked("GET", "/admin/syncs/contacts/runs/" + run + "/conflicts", 200);
        JsonNode errors = checked("GET", "/admin/syncs/contacts/errors", 200).path("items");
        assertFalse(errors.isEmpty(), "the sandbox's contacts keep some records with a reason");
        JsonNode links = checked("GET", "/admin/syncs/contacts/links?email=mary.major@acme.example", 200)
                .path("items");
        assertTrue(links.path(0).has("lastSynced"), links.toString());
        checked("GET", "/admin/syncs/accounts/links?crmId=nope", 200);

        JsonNode one = checked(
                "POST",
                "/admin/syncs/contacts/errors/" + errors.path(0).path("id").asText() + "/replay",
                202);
        awaitIdle(one);
        awaitIdle(checkedWithBody("POST", "/admin/syncs/contacts/errors/replay", "{\"kind\":\"EXCLUDED\"}", 202));
        checked("POST", "/admin/syncs/contacts/errors/replay?kind=FAILED", 202);

        checked("POST", "/admin/syncs/contacts/pause", 200);
        checked("POST", "/admin/syncs/contacts/pause", 409);
        checked("POST", "/admin/syncs/contacts/run", 409);
        checked("POST", "/admin/syncs/contacts/activate", 200);
        checked("POST", "/admin/syncs/contacts/disable", 200);
        checked("POST", "/admin/syncs/contacts/activate", 200);
        checked("POST", "/admin/integration/pause", 200);
        checked("POST", "/admin/integration/pause", 200);
        checked("POST", "/admin/integration/activate", 200);
        checked("POST", "/admin/integration/disable", 200);
        checked("POST", "/admin/integration/activate", 200);
        checked("GET", "/admin/audit?limit=5", 200);

        checked("GET", "/admin/syncs/deals", 404);
        checked("GET", "/admin/syncs/contacts/runs/abc", 400);
        checked("GET", "/admin/syncs/contacts/runs/999999", 404);
        checked("GET", "/admin/syncs/contacts/errors?kind=LOST", 400);
        checked("GET", "/admin/syncs/contacts/links", 400);
        checked("GET", "/admin/audit?limit=0", 400);
        checkedWithBody("POST", "/admin/syncs/contacts/errors/replay", "{\"knd\":\"FAILED\"}", 400);
        checkedWithBody("POST", "/admin/syncs/contacts/errors/replay", "{\"kind\":", 400);
        checked("POST", "/admin/syncs/contacts/errors/999999/replay", 404);
        answer(
                send(
                        "POST",
                        "/admin/syncs/contacts/errors/replay",
                        "kind=FAILED",
                        "application/x-www-form-urlencoded",
                        TOKEN),
                415);
        answer(send("POST", "/admin/syncs/contacts/pause", null, null, VIEWER), 403);
        answer(send("GET", "/admin/syncs", null, null, null), 401);

        checked("GET", "/api/crm/Contacts/C1/tickets", 200);
        checked("GET", "/api/crm/Deals/D1/tickets?filter=open&limit=5&offset=0", 200);
        checked("GET", "/api/crm/Contacts/C1/stats", 200);
        checked("GET", "/api/crm/Contacts/C9/stats", 200);
        checked("GET", "/api/tickets/1892000000143001", 200);
        checked("GET", "/api/tickets/T1", 404);
        checked("GET", "/api/tickets/1892000000999999", 404);
        checked("GET", "/api/crm/Leads/L1/tickets", 400);
        checked("GET", "/api/crm/Contacts/C1/tickets?filter=urgent", 400);
        checked("GET", "/api/crm/Leads/L1/stats", 400);
        answer(send("GET", "/api/tickets/T1", null, null, null), 401);
        String comments = "/api/tickets/1892000000143001/comments";
        checkedWithBody("POST", comments, "{\"content\":\"Called back\",\"isPublic\":true}", 201);
        checkedWithBody("POST", comments, "{\"content\":\"\"}", 400);
        checkedWithBody("POST", "/api/tickets/1892000000999999/comments", "{\"content\":\"x\"}", 404);
        answer(send("POST", comments, "content=x", "application/x-www-form-urlencoded", TOKEN), 415);
        answer(send("POST", comments, "{\"content\":\"x\"}", "application/json", VIEWER), 403);

        String maryMajor = "/api/crm/Contacts/5725767000000412010/tickets";
        checkedWithBody("POST", maryMajor, "{\"subject\":\"Renewal terms\",\"priority\":\"High\"}", 201);
        checkedWithBody("POST", "/api/crm/Contacts/5725767000000412007/tickets", "{\"subject\":\"x\"}", 422);
        checkedWithBody("POST", "/api/crm/Contacts/5725767000000419999/tickets", "{\"subject\":\"x\"}", 404);
        answer(send("POST", maryMajor, "{\"subject\":\"x\"}", "application/json", VIEWER), 403);
        checkedWithBody("POST", "/api/crm/Deals/5725767000000414001/tickets", "{\"subject\":\"Seats\"}", 201);
        checkedWithBody("POST", "/api/crm/Pipelines/5725767000000414001/tickets", "{\"subject\":\"Seats\"}", 400);
        checkedWithBody("POST", "/api/tickets/1892000000143001/replies", "{\"content\":\"Done\",\"html\":false}", 201);
        String replies = "/api/tickets/1892000000143001/replies";
        checkedWithBody("POST", replies, "{\"content\":\"Done\",\"mode\":\"reply-all\"}", 201);
        checkedWithBody("POST", replies, "{\"content\":\"FYI\",\"mode\":\"forward\",\"to\":[\"a@b.example\"]}", 201);
        checkedWithBody("POST", replies, "{\"content\":\"x\",\"mode\":\"forward\"}", 400);
        checkedWithBody("PATCH", "/api/tickets/1892000000143007", "{\"priority\":\"High\"}", 200);
        checkedWithBody("PATCH", "/api/tickets/1892000000143007", "{\"status\":\"Nope\"}", 422);
        checkedWithBody("PATCH", "/api/tickets/1892000000143007", "{\"colour\":\"red\"}", 400);
        checked("POST", "/api/tickets/1892000000143004/close", 200);
        String deal = "/api/tickets/1892000000143005/deal";
        checkedWithBody("PUT", deal, "{\"crmDealId\":\"5725767000000414002\"}", 200);
        checkedWithBody("PUT", deal, "{\"crmDealId\":\"5725767000000419999\"}", 422);
        checked("DELETE", deal, 200);
        checked("DELETE", deal, 404);
        checked("DELETE", "/api/tickets/1892000000143006", 200);
        // Issue 16: the Desk's agents.
        checked("GET", "/admin/agents", 200);
        checked("GET", "/admin/agents/1892000000042002", 200);
        checked("GET", "/admin/agents/1892000000049999", 404);
        answer(send("GET", "/admin/agents", null, null, VIEWER), 200);

        io.deskbridge.sandbox.AgentDirectory.HandOverScenario s =
                app.sandbox().desk().agents().seedHandOverScenario(2, 2, 1);
        String handOver = "{\"tickets\":\"" + s.targetInBoth() + "\",\"activities\":\"" + s.targetInBoth() + "\"}";
        String leaving = "/admin/agents/" + s.leaving();
        checkedWithBody("POST", leaving + "/delete?dryRun=true", handOver, 200);
        checkedWithBody("POST", "/admin/agents/999999/delete", handOver, 404);
        checkedWithBody(
                "POST",
                leaving + "/deactivate",
                "{\"tickets\":\"" + s.light() + "\",\"activities\":\"" + s.targetInBoth() + "\"}",
                422);
        checkedWithBody("POST", leaving + "/deactivate", "{\"tickets\":\"" + s.targetInBoth() + "\"}", 400);
        long job = checkedWithBody("POST", leaving + "/deactivate", handOver, 202)
                .path("jobId")
                .asLong();
        checked("GET", "/admin/jobs/" + job, 200);
        checked("GET", "/admin/jobs/999999", 404);

        Set<String> all = new TreeSet<>();
        doc.path("paths")
                .fields()
                .forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> all.add(m + " " + p.getKey())));
        assertEquals(all, answered, "every call was checked against its schema");
    }

    @Test
    void aRefusedActivationWithItsProblemsMatchesTheErrorSchema() throws Exception {
        String body = AdminJson.write(new AdminException(
                        422,
                        "cannot activate: 2 problem(s) found; nothing was changed",
                        List.of("contacts: CRM Contacts: refused", "contacts: Desk contacts: refused"))
                .answer());
        assertEquals(
                List.of(),
                problems(responseSchema(operation("post", "/admin/syncs/{sync}/activate"), 422), JSON.readTree(body)));
        assertEquals(
                List.of(),
                problems(schemaRef(ERROR_REF), JSON.readTree(AdminJson.write(new AdminException(404, "x").answer()))));
        assertFalse(
                AdminJson.write(new AdminException(404, "x").answer()).contains("problems"),
                "problems only when there are some");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private JsonNode checked(String method, String path, int status) throws Exception {
        return answer(send(method, path, null, null, TOKEN), status);
    }

    private JsonNode checkedWithBody(String method, String path, String body, int status) throws Exception {
        return answer(send(method, path, body, "application/json", TOKEN), status);
    }

    /** Checks the answer has the status and matches the schema its call declares for that status. */
    private JsonNode answer(HttpResponse<String> r, int status) throws Exception {
        String call = r.request().method() + " " + r.request().uri().getPath();
        assertEquals(status, r.statusCode(), call + ": " + r.body());
        String key = operationOf(
                r.request().method().toLowerCase(java.util.Locale.ROOT),
                r.request().uri().getPath());
        JsonNode body = JSON.readTree(r.body());
        String[] verbAndPath = key.split(" ", 2);
        List<String> problems = problems(responseSchema(operation(verbAndPath[0], verbAndPath[1]), status), body);
        assertEquals(List.of(), problems, call + " answered " + r.body());
        answered.add(key);
        return body;
    }

    /** Waits until a replay's run, if one started, is over. */
    private void awaitIdle(JsonNode replayed) throws Exception {
        if (!replayed.path("runId").isNull()) {
            app.runAndWaitFor("contacts", replayed.path("runId").asLong());
        }
    }

    private String operationOf(String method, String path) {
        for (var p = doc.path("paths").fields(); p.hasNext(); ) {
            var entry = p.next();
            if (entry.getValue().has(method) && FrontDoor.matches(entry.getKey(), path)) {
                return method + " " + entry.getKey();
            }
        }
        throw new AssertionError("no operation in /openapi.json for " + method + " " + path);
    }

    private JsonNode operation(String method, String template) {
        JsonNode op = doc.path("paths").path(template).path(method);
        assertFalse(op.isMissingNode(), method + " " + template);
        return op;
    }

    private JsonNode successSchema(String method, String template) {
        return responseSchema(operation(method, template), 200);
    }

    private static JsonNode responseSchema(JsonNode operation, int status) {
        JsonNode schema = operation
                .path("responses")
                .path(String.valueOf(status))
                .path("content")
                .path("application/json")
                .path("schema");
        assertFalse(
                schema.isMissingNode(), "status " + status + " is not declared by " + operation.path("operationId"));
        return schema;
    }

    private static JsonNode schemaRef(String ref) {
        return JSON.createObjectNode().put("$ref", ref);
    }

    /**
     * What is wrong with a JSON value against a schema of the document. Every object schema that lists its
     * properties is read as closed, so a field answered but not described is a problem too.
     */
    private List<String> problems(JsonNode schema, JsonNode value) {
        ObjectNode root = schema.deepCopy();
        root.set("components", closed(doc.path("components").deepCopy()));
        Schema check =
                SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30()).getSchema(root);
        return check.validate(value).stream().map(Object::toString).toList();
    }

    private static JsonNode closed(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
            }
            o.forEach(OpenApiSchemaTest::closed);
        } else if (node.isArray()) {
            node.forEach(OpenApiSchemaTest::closed);
        }
        return node;
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
