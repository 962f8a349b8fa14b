package io.deskbridge.connector.zohocrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.model.Timestamps;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Zoho CRM REST API v8 ({@code {api-url}/crm/v8/{Module}}), or Bigin's v2 ({@code {api-url}/bigin/v2/{Module}}), the
 * same API on another path ({@link CrmProductApi}). Reads changed records with
 * {@code If-Modified-Since} in {@code Modified_Time} order, 200 a page, following {@code page_token}
 * past the 2,000 records that plain {@code page} paging can reach, and starting a new walk past the
 * 100,000 that one {@code page_token} walk can reach; writes in batches of 100.
 */
public final class ZohoCrmClient implements SyncConnector {

    public static final int PAGE_SIZE = 200;
    public static final int WRITE_BATCH = 100;
    public static final int MAX_FIELDS = 50;
    /** Zoho CRM's limits, which Bigin shares (see {@link CrmProductApi}). */
    public static final ConnectorLimits LIMITS = CrmProductApi.CRM_LIMITS;

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final String MODIFIED_TIME = "Modified_Time";
    /** The answers that end a page_token walk but not the read: past 100,000 records, or a token over 24 hours old. */
    private static final Set<String> WALK_ENDED = Set.of("PAGINATION_LIMIT_EXCEEDED", "EXPIRED_VALUE");

    private final ApiCaller caller;
    private final CrmProductApi product;
    private final String base;
    private final ObjectMapper json;

    public ZohoCrmClient(ApiCaller caller, URI apiUrl, ObjectMapper json) {
        this(caller, apiUrl, json, CrmProductApi.ZOHO_CRM);
    }

    /** The client of {@code product}: Zoho CRM ({@code /crm/v8}) or Bigin ({@code /bigin/v2}) on the same domain. */
    public ZohoCrmClient(ApiCaller caller, URI apiUrl, ObjectMapper json, CrmProductApi product) {
        this.caller = caller;
        this.product = product;
        String url = apiUrl.toString();
        this.base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + product.path();
        this.json = json;
    }

    /** Which product this client speaks to, with its scopes. */
    public CrmProductApi product() {
        return product;
    }

    @Override
    public String system() {
        return caller.system();
    }

    @Override
    public ConnectorLimits limits() {
        return product.limits();
    }

    @Override
    public ApiCaller caller() {
        return caller;
    }

    /**
     * Streams the records of {@code module} modified at or after {@code since} (all records when null)
     * to {@code handler}, oldest first. A 304 or 204 on the first call means nothing changed.
     * <p>
     * One {@code page_token} walk reaches 100,000 records ({@code PAGINATION_LIMIT_EXCEEDED} past them) and a
     * token lasts 24 hours ({@code EXPIRED_VALUE}); then the read starts a new walk at the newest
     * {@code Modified_Time} it has reached. That second is read again, since records not yet read may share it:
     * a record can be handed over twice, and handlers store by id, so that is harmless. When a whole walk
     * shares the second it started at, no walk can get past it and the read fails with {@code PAGING_STUCK}
     * rather than skip records. {@code Modified_Time} is always read, as the re-anchoring needs it.
     */
    @Override
    public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
        List<String> read = new ArrayList<>(fields);
        if (!read.contains(MODIFIED_TIME)) {
            read.add(MODIFIED_TIME);
        }
        if (fields.isEmpty() || read.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("the CRM reads 1 to " + MAX_FIELDS + " fields per call (" + MODIFIED_TIME
                    + " included), not " + read.size());
        }
        String fixed = "fields=" + enc(String.join(",", read)) + "&per_page=" + PAGE_SIZE + "&sort_by=" + MODIFIED_TIME
                + "&sort_order=asc";
        Walk walk = new Walk(since);
        String pageToken = null;
        int page = 1;
        int calls = 0;
        int records = 0;
        while (true) {
            String paging = pageToken != null ? "&page_token=" + enc(pageToken) : "&page=" + page;
            URI uri = URI.create(base + module + "?" + fixed + paging);
            ApiResponse r = caller.call(ApiCaller.Request.get(uri, walk.headers()));
            calls++;
            if (r.status() == 304 || r.status() == 204) {
                return new ReadSummary(calls, records, records == 0);
            }
            JsonNode body = Json.parse(json, caller.system(), "GET " + module, r);
            if (pageToken != null
                    && r.status() == 400
                    && WALK_ENDED.contains(body.path("code").asText())) {
                walk = walk.next(module, body.path("code").asText());
                pageToken = null;
                page = 1;
                continue;
            }
            if (r.status() != 200) {
                throw error("GET " + module, r, body);
            }
            List<ObjectNode> data = objects(body.path("data"), "GET " + module, r);
            records += data.size();
            Instant serverTime = Json.serverTime(r);
            walk.read(data, serverTime);
            handler.page(new Page(data, serverTime));
            JsonNode info = body.path("info");
            if (!info.path("more_records").asBoolean(false) || data.isEmpty()) {
                return new ReadSummary(calls, records, false);
            }
            String next = info.path("next_page_token").asText(null);
            if (next != null && !next.isEmpty() && !"null".equals(next)) {
                pageToken = next;
            } else {
                pageToken = null;
                page++;
            }
        }
    }

    /**
     * One {@code page_token} walk: where it started ({@code If-Modified-Since}) and the newest change time
     * it has reached. Only records changed before the walk began count: one changed during the walk may be
     * served at its old place with its new time, and starting the next walk there would skip the rest.
     */
    private final class Walk {
        private final Instant anchor;
        private Instant began;
        private Instant reached;
        private int records;

        Walk(Instant anchor) {
            this.anchor = anchor;
        }

        Map<String, String> headers() {
            return anchor == null
                    ? Map.of()
                    : Map.of("If-Modified-Since", SINCE.format(anchor.atOffset(ZoneOffset.UTC)));
        }

        void read(List<ObjectNode> data, Instant serverTime) {
            if (began == null) {
                began = serverTime;
            }
            records += data.size();
            for (ObjectNode r : data) {
                Instant modified = modifiedTime(r);
                if (modified != null && modified.isBefore(began) && (reached == null || modified.isAfter(reached))) {
                    reached = modified;
                }
            }
        }

        /** The walk that goes on from the newest second this one reached, which it reads again. */
        Walk next(String module, String why) {
            if (reached != null && (anchor == null || reached.isAfter(anchor))) {
                return new Walk(reached);
            }
            throw ApiException.of(
                    caller.system(),
                    400,
                    "PAGING_STUCK",
                    "GET " + module + " answered " + why
                            + " after " + records + " records: more than " + records + " CRM " + module + " share the "
                            + MODIFIED_TIME + " " + (anchor != null ? anchor : began)
                            + ". One page_token walk cannot get past"
                            + " them and If-Modified-Since has whole seconds, so the read stops rather than skip any");
        }
    }

    /**
     * Streams the records of {@code module} deleted at or after {@code since} ({@code id},
     * {@code deleted_time}, ...), from the CRM's deleted-records API. Where that API is unconfirmed (Bigin), an answer
     * that there is no such API is {@link DeletedRead#unavailable}, not a failure.
     */
    @Override
    public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
        Map<String, String> headers =
                since == null ? Map.of() : Map.of("If-Modified-Since", SINCE.format(since.atOffset(ZoneOffset.UTC)));
        int calls = 0;
        int records = 0;
        for (int page = 1; ; page++) {
            URI uri = URI.create(base + module + "/deleted?type=all&per_page=" + PAGE_SIZE + "&page=" + page);
            ApiResponse r = caller.call(ApiCaller.Request.get(uri, headers));
            calls++;
            if (r.status() == 304 || r.status() == 204) {
                return new DeletedRead(calls, records, true);
            }
            String missing = r.status() == 200 || product.deletedListConfirmed()
                    ? null
                    : noSuchList("GET " + module + "/deleted", r);
            if (missing != null) {
                return DeletedRead.unavailable(calls, missing);
            }
            JsonNode body = Json.parse(json, caller.system(), "GET " + module + "/deleted", r);
            if (r.status() != 200) {
                throw error("GET " + module + "/deleted", r, body);
            }
            List<ObjectNode> data = objects(body.path("data"), "GET " + module + "/deleted", r);
            records += data.size();
            handler.page(new Page(data, Json.serverTime(r)));
            if (!body.path("info").path("more_records").asBoolean(false) || data.isEmpty()) {
                return new DeletedRead(calls, records, true);
            }
        }
    }

    /** What the answer said, naming the call, when it says there is no such API; null for any other failure. */
    private String noSuchList(String call, ApiResponse r) {
        JsonNode body;
        try {
            body = Json.parse(json, caller.system(), call, r);
        } catch (ApiException notJson) { // a 404 page need not be Zoho's JSON envelope
            body = json.createObjectNode();
        }
        return CrmErrors.noSuchApi(r, body) ? error(call, r, body).getMessage() : null;
    }

    /** The {@code deleted_time} of an item of the deleted-records API. */
    @Override
    public Instant deletedAt(JsonNode item) {
        return Timestamps.parseOrNull(item.path("deleted_time").asText(null));
    }

    @Override
    public Instant changedAt(JsonNode record) {
        return modifiedTime(record);
    }

    /** Deletes records (to the CRM's recycle bin), 100 a call. */
    @Override
    public void delete(String module, List<String> ids) {
        for (int from = 0; from < ids.size(); from += WRITE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + WRITE_BATCH));
            URI uri = URI.create(base + module + "?ids=" + enc(String.join(",", batch)));
            ApiResponse r = caller.call(new ApiCaller.Request("DELETE", uri, Map.of(), null, null, true));
            if (r.status() != 200 && r.status() != 207) {
                throw error("DELETE " + module, r, Json.parse(json, caller.system(), "DELETE " + module, r));
            }
        }
    }

    /**
     * One cheap read that proves the credentials and the module: throws what the CRM said if it is refused. When the
     * token lacks a scope, the failure names the scopes the product needs for the module (issue 15).
     */
    @Override
    public void check(String module) {
        URI uri = URI.create(base + module + "?fields=id&per_page=1&page=1");
        ApiResponse r = caller.call(ApiCaller.Request.get(uri, Map.of()));
        if (r.status() != 200 && r.status() != 204 && r.status() != 304) {
            JsonNode body = Json.parse(json, caller.system(), "GET " + module, r);
            String hint = CrmErrors.scopeRefused(r, body)
                    ? "; the " + caller.system() + " refresh token needs the scopes " + product.scopesFor(module)
                    : "";
            throw CrmErrors.failure(caller.system(), "GET " + module, r, body, hint);
        }
    }

    @Override
    public List<WriteResult> create(String module, List<ObjectNode> records) {
        return write("POST", module, "", records, null);
    }

    @Override
    public List<WriteResult> update(String module, List<ObjectNode> records) {
        return write("PUT", module, "", records, null);
    }

    /** Inserts or updates by the given duplicate-check fields (the module's default when empty). */
    @Override
    public List<WriteResult> upsert(String module, List<ObjectNode> records, List<String> duplicateCheckFields) {
        return write("POST", module, "/upsert", records, duplicateCheckFields);
    }

    /**
     * The CRM's search by criteria, {@code (Field:equals:value)}, with the criteria's own characters in the value
     * escaped. Search is index-based and may lag a write by a moment; 204 is no match.
     */
    @Override
    public List<ObjectNode> findByKey(String module, String field, String value) {
        String escaped = value.replace("\\", "\\\\")
                .replace("(", "\\(")
                .replace(")", "\\)")
                .replace(",", "\\,");
        URI uri = URI.create(base + module + "/search?criteria=" + enc("(" + field + ":equals:" + escaped + ")")
                + "&per_page=" + PAGE_SIZE);
        String call = "GET " + module + "/search";
        ApiResponse r = caller.call(ApiCaller.Request.get(uri, Map.of()));
        if (r.status() == 204) {
            return List.of();
        }
        JsonNode body = Json.parse(json, caller.system(), call, r);
        if (r.status() != 200) {
            throw error(call, r, body);
        }
        return objects(body.path("data"), call, r);
    }

    /**
     * {@code GET /crm/v8/{Module}/{id}}: {@code {"data":[record]}} with all its fields. No such record is what the
     * CRM answers for an id it does not hold: 204, or 400 {@code INVALID_DATA} without a field in its details ("the
     * related id given seems to be invalid"); a 400 naming a field or any other code is a failure.
     */
    @Override
    public Optional<ObjectNode> read(String module, String id) {
        String call = "GET " + module + "/{id}";
        ApiResponse r = caller.call(ApiCaller.Request.get(URI.create(base + module + "/" + enc(id)), Map.of()));
        if (r.status() == 204) {
            return Optional.empty();
        }
        JsonNode body = Json.parse(json, caller.system(), call, r);
        if (r.status() == 400
                && "INVALID_DATA".equals(body.path("code").asText())
                && !body.path("details").has("api_name")) {
            return Optional.empty();
        }
        if (r.status() != 200) {
            throw error(call, r, body);
        }
        List<ObjectNode> found = objects(body.path("data"), call, r);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<WriteResult> write(
            String method, String module, String suffix, List<ObjectNode> records, List<String> duplicateCheck) {
        List<WriteResult> results = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += WRITE_BATCH) {
            List<ObjectNode> batch = records.subList(from, Math.min(records.size(), from + WRITE_BATCH));
            ObjectNode body = json.createObjectNode();
            body.putArray("data").addAll(batch);
            body.putArray("trigger");
            if (duplicateCheck != null && !duplicateCheck.isEmpty()) {
                ArrayNode fields = body.putArray("duplicate_check_fields");
                duplicateCheck.forEach(fields::add);
            }
            String call = method + " " + module + suffix;
            // An update or upsert repeated after a lost answer lands on the same records; an insert could duplicate
            // them.
            boolean idempotent = !("POST".equals(method) && suffix.isEmpty());
            ApiResponse r = caller.call(ApiCaller.Request.json(
                    method, URI.create(base + module + suffix), Map.of(), body.toString(), idempotent));
            JsonNode answer = Json.parse(json, caller.system(), call, r);
            JsonNode items = answer.path("data");
            if (!items.isArray() || items.size() != batch.size()) {
                throw error(call, r, answer);
            }
            for (JsonNode item : items) {
                boolean ok = "success".equalsIgnoreCase(item.path("status").asText());
                results.add(
                        ok
                                ? WriteResult.written(
                                        item.path("details").path("id").asText(null),
                                        item.path("action").asText(null),
                                        item.path("details"))
                                : WriteResult.refused(
                                        item.path("code").asText(null),
                                        item.path("message").asText(null),
                                        item.path("details")));
            }
        }
        return results;
    }

    private List<ObjectNode> objects(JsonNode data, String call, ApiResponse r) {
        if (!data.isArray()) {
            throw ApiException.of(
                    caller.system(), r.status(), "MALFORMED_RESPONSE", call + " answered without a data array");
        }
        List<ObjectNode> out = new ArrayList<>(data.size());
        for (JsonNode n : data) {
            if (n instanceof ObjectNode o) {
                out.add(o);
            } else {
                throw ApiException.of(
                        caller.system(),
                        r.status(),
                        "MALFORMED_RESPONSE",
                        call + " returned a record that is not a JSON object");
            }
        }
        return out;
    }

    private ApiException error(String call, ApiResponse r, JsonNode body) {
        return CrmErrors.failure(caller.system(), call, r, body);
    }

    private static Instant modifiedTime(JsonNode record) {
        String t = record.path(MODIFIED_TIME).asText(null);
        try {
            return t == null ? null : OffsetDateTime.parse(t).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
