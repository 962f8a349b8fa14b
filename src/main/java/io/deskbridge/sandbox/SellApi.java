package io.deskbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Zendesk Sell's REST API v2 over {@link SellSimulator}, under {@value #PREFIX} (for real {@code https://api.getbase.com}):
 * <pre>
 * GET    /v2/{leads|contacts|notes|tasks}   page (1-based), per_page (≤ 100, default 25), sort_by=field:asc|desc,
 *                                           filters email, ids=1,2,3, resource_type + resource_id (notes, tasks)
 * POST   /v2/{leads|notes|tasks}            {"data":{…}} → 200 {"data":{…},"meta":{"type":…}}
 * GET|PUT|DELETE /v2/{resource}/{id}        PUT {"data":{…}}; DELETE → 204
 * </pre>
 * Lists answer {@code {"items":[{"data":…,"meta":{"version","type"}}],"meta":{"type":"collection","count",
 * "links":{self, first_page, prev_page, next_page}}}}, {@code next_page} absent on the last page, an empty page 200
 * with no items. Every answer carries {@code X-Request-Id}; every refusal is Sell's errors envelope (401 without the
 * Bearer token, 404, 422 naming the field).
 */
final class SellApi {

    static final String PREFIX = "/sandbox/sell";
    private static final int DEFAULT_PER_PAGE = 25;
    private static final Set<String> SORTABLE_RECORDS =
            Set.of("id", "created_at", "updated_at", "first_name", "last_name", "email", "organization_name", "name");
    private static final Set<String> SORTABLE_ACTIVITIES = Set.of("id", "created_at", "updated_at");
    private static final List<String> FILTERS = List.of("email", "ids", "resource_type", "resource_id");

    private final SellSimulator sell;

    SellApi(SellSimulator sell) {
        this.sell = sell;
    }

    SandboxResponse handle(SandboxRequest req) {
        SandboxResponse answer = answer(req);
        SellSimulator.Hook hook = sell.takeHook(req.method(), req.path());
        if (hook != null) {
            hook.action().run();
            if (hook.loseAnswer()) {
                answer = failure(
                        502,
                        new SellSimulator.SellError(null, "bad_gateway", "the answer was lost (sandbox hook)", null));
            }
        }
        return answer.withHeader("X-Request-Id", UUID.randomUUID().toString());
    }

    private SandboxResponse answer(SandboxRequest req) {
        if (!("Bearer " + sell.accessToken()).equals(req.header("Authorization"))) {
            return failure(
                    401,
                    new SellSimulator.SellError(
                            null, "unauthorized", "Unauthorized", "invalid or missing access token"));
        }
        List<String> seg = req.segments();
        if (seg.size() < 2 || seg.size() > 3 || !"v2".equals(seg.get(0)) || !SellSimulator.isResource(seg.get(1))) {
            return failure(
                    404,
                    new SellSimulator.SellError(
                            null, "not_found", "The requested resource could not be found", req.path()));
        }
        String module = seg.get(1);
        if (seg.size() == 2) {
            return switch (req.method()) {
                case "GET" -> list(req, module);
                case "POST" ->
                    SellSimulator.CONTACTS.equals(module)
                            ? failure(
                                    404,
                                    new SellSimulator.SellError(
                                            null, "not_found", "contacts are not created here", req.path()))
                            : written(module, withData(req, data -> sell.create(module, data)));
                default ->
                    failure(
                            404,
                            new SellSimulator.SellError(
                                    null, "not_found", "no such route", req.method() + " " + req.path()));
            };
        }
        long id;
        try {
            id = Long.parseLong(seg.get(2));
        } catch (NumberFormatException e) {
            return failure(404, SellSimulator.notFound(module, -1));
        }
        return switch (req.method()) {
            case "GET" -> {
                ObjectNode r = sell.get(module, id);
                yield r == null
                        ? failure(404, SellSimulator.notFound(module, id))
                        : SandboxResponse.of(200, single(module, r));
            }
            case "PUT" ->
                SellSimulator.LEADS.equals(module)
                        ? written(module, withData(req, data -> sell.update(module, id, data)))
                        : failure(
                                404,
                                new SellSimulator.SellError(
                                        null, "not_found", "only leads are updated here", req.path()));
            case "DELETE" ->
                sell.delete(module, id) ? SandboxResponse.empty(204) : failure(404, SellSimulator.notFound(module, id));
            default ->
                failure(
                        404,
                        new SellSimulator.SellError(
                                null, "not_found", "no such route", req.method() + " " + req.path()));
        };
    }

    private SandboxResponse list(SandboxRequest req, String module) {
        int page;
        int perPage;
        try {
            page = Integer.parseInt(req.param("page") == null ? "1" : req.param("page"));
            perPage = Integer.parseInt(req.param("per_page") == null ? "" + DEFAULT_PER_PAGE : req.param("per_page"));
        } catch (NumberFormatException e) {
            return failure(422, new SellSimulator.SellError("page", "invalid", "is not a number", req.rawQuery()));
        }
        if (page < 1) {
            return failure(422, new SellSimulator.SellError("page", "invalid", "must be greater than 0", "" + page));
        }
        if (perPage < 1 || perPage > SellSimulator.MAX_PER_PAGE) {
            return failure(
                    422,
                    new SellSimulator.SellError(
                            "per_page",
                            "invalid",
                            "must be between 1 and " + SellSimulator.MAX_PER_PAGE,
                            "" + perPage));
        }
        String sortBy = req.param("sort_by") == null
                ? (SellSimulator.CONTACTS.equals(module) ? "last_name:asc" : "id:asc")
                : req.param("sort_by");
        String[] sort = sortBy.split(":", 2);
        boolean activities = SellSimulator.NOTES.equals(module) || SellSimulator.TASKS.equals(module);
        String direction = sort.length > 1 ? sort[1] : "asc";
        if (!(activities ? SORTABLE_ACTIVITIES : SORTABLE_RECORDS).contains(sort[0])
                || !List.of("asc", "desc").contains(direction)) {
            return failure(422, new SellSimulator.SellError("sort_by", "invalid", "is not a valid sort", sortBy));
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (String f : FILTERS) {
            if (req.param(f) != null) {
                filters.put(f, req.param(f));
            }
        }
        SellSimulator.Listed listed = sell.list(module, filters, sort[0], "asc".equals(direction), page, perPage);
        ObjectNode out = Json.obj();
        ArrayNode items = out.putArray("items");
        for (ObjectNode r : listed.records()) {
            ObjectNode item = items.addObject();
            item.set("data", r);
            item.putObject("meta")
                    .put("version", sell.versionOf(module, r.path("id").asLong()))
                    .put("type", SellSimulator.TYPES.get(module));
        }
        ObjectNode meta = out.putObject("meta")
                .put("type", "collection")
                .put("count", listed.records().size());
        ObjectNode links = meta.putObject("links");
        String self = req.baseUrl() + req.path();
        links.put("self", self + "?" + query(req, page));
        links.put("first_page", self + "?" + query(req, 1));
        if (page > 1) {
            links.put("prev_page", self + "?" + query(req, page - 1));
        }
        if (listed.more()) {
            links.put("next_page", self + "?" + query(req, page + 1));
        }
        return SandboxResponse.of(200, out);
    }

    /** The request's query with {@code page} set. */
    private static String query(SandboxRequest req, int page) {
        StringBuilder q = new StringBuilder("page=").append(page);
        req.query().forEach((k, v) -> {
            if (!"page".equals(k)) {
                q.append('&')
                        .append(k)
                        .append('=')
                        .append(java.net.URLEncoder.encode(v.get(0), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    /** A write's body must be {@code {"data":{…}}}: anything else is refused as Sell does, with a 422. */
    private static SellSimulator.Write withData(
            SandboxRequest req, java.util.function.Function<ObjectNode, SellSimulator.Write> write) {
        JsonNode body;
        try {
            body = req.body() == null || req.body().isBlank() ? null : Json.parse(req.body());
        } catch (JsonProcessingException e) {
            return SellSimulator.Write.refused(
                    422, new SellSimulator.SellError(null, "invalid_json", "malformed JSON", e.getOriginalMessage()));
        }
        if (body == null || !(body.get("data") instanceof ObjectNode data)) {
            return SellSimulator.Write.refused(
                    422,
                    new SellSimulator.SellError(
                            "/data", "missing", "data is missing", "a request body is {\"data\":{...}}"));
        }
        return write.apply(data);
    }

    private static SandboxResponse written(String module, SellSimulator.Write w) {
        if (!w.errors().isEmpty()) {
            return failure(w.status(), SellSimulator.TYPES.get(module), w.errors());
        }
        return SandboxResponse.of(200, single(module, w.record()));
    }

    private static ObjectNode single(String module, ObjectNode record) {
        ObjectNode out = Json.obj();
        out.set("data", record);
        out.putObject("meta").put("type", SellSimulator.TYPES.get(module));
        return out;
    }

    /** Sell's errors envelope with one error, answered with {@code status} (also for 429 and 5xx faults). */
    static SandboxResponse failure(int status, SellSimulator.SellError error) {
        return failure(status, null, List.of(error));
    }

    static SandboxResponse failure(int status, String resource, List<SellSimulator.SellError> errors) {
        ObjectNode out = Json.obj();
        ArrayNode list = out.putArray("errors");
        for (SellSimulator.SellError e : errors) {
            ObjectNode item = list.addObject();
            ObjectNode error = item.putObject("error");
            if (resource != null) {
                error.put("resource", resource);
            }
            if (e.field() != null) {
                error.put("field", e.field());
            }
            error.put("code", e.code()).put("message", e.message());
            if (e.details() != null) {
                error.put("details", e.details());
            }
            item.putObject("meta").put("type", "error");
        }
        out.putObject("meta")
                .put("type", "errors")
                .put("http_status", status + " " + reason(status))
                .put("logref", UUID.randomUUID().toString());
        return SandboxResponse.of(status, out)
                .withHeader("X-Request-Id", UUID.randomUUID().toString());
    }

    /** What the sandbox's fault injection answers for Sell: its 429 and 500 in the errors envelope. */
    static SandboxResponse fault(int status) {
        return status == 429
                ? failure(
                        429,
                        new SellSimulator.SellError(
                                null,
                                "rate_limit_exceeded",
                                "Too many requests",
                                "retry after the time in Retry-After"))
                : failure(status, new SellSimulator.SellError(null, "server_error", "Internal server error", null));
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
