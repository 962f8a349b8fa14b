package io.deskbridge.connector.zohodesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zoho Desk REST API v1 ({@code {api-url}/api/v1/...}), every call with the {@code orgId} header.
 * Changes are read by search with {@code modifiedTimeRange}, because Desk list items carry no
 * {@code modifiedTime}; search pages are 100 records and cannot start beyond offset 4,999, so a long
 * read re-anchors its range at the last {@code modifiedTime} it saw.
 */
public final class ZohoDeskClient implements SyncConnector {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoDeskClient.class);
    public static final int PAGE_SIZE = 100;
    /**
     * A record a call; an unchanged read is one search answered 204; no upsert (a lost create is found again by
     * {@link #findByKey}); 5 calls at once, the lowest concurrency limit of the paid editions.
     */
    public static final ConnectorLimits LIMITS =
            new ConnectorLimits(PAGE_SIZE, 1, 0, true, false, java.time.Duration.ofMillis(1), "modifiedTime", 5);

    static final int MAX_FROM = 4999;
    private static final DateTimeFormatter RANGE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    /** The open end of a modified-time range: far enough ahead to cover any clock skew. */
    private static final long RANGE_END_AHEAD_DAYS = 1;

    private final ApiCaller caller;
    private final String base;
    private final Map<String, String> orgHeader;
    private final ObjectMapper json;

    public ZohoDeskClient(ApiCaller caller, URI apiUrl, String orgId, ObjectMapper json) {
        this.caller = caller;
        String url = apiUrl.toString();
        this.base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/v1/";
        this.orgHeader = Map.of("orgId", orgId);
        this.json = json;
    }

    @Override
    public String system() {
        return caller.system();
    }

    @Override
    public ConnectorLimits limits() {
        return LIMITS;
    }

    @Override
    public ApiCaller caller() {
        return caller;
    }

    /**
     * Streams the records of {@code module} ({@code contacts}, {@code accounts}) modified at or after
     * {@code since} (all when null), oldest first. A record can be handed over twice when a read
     * re-anchors; handlers store by id, so that is harmless.
     * <p>The search pages by offset in {@code modifiedTime} order, and a record changed while we read moves to
     * the end: every record after it moves up one place, and the one that was next would be stepped over,
     * though its time is below what the caller has already stored as read. So pages overlap by one record:
     * when the last record of a page is not on the next, records above it moved, and the page is not handed
     * over; the window is read again from its start ({@link #MAX_RESTARTS} times, then the read goes
     * on and the caller's end-of-read check for moved records is what is left).
     */
    @Override
    public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
        Instant start = since == null ? Instant.EPOCH : since;
        Instant end = Instant.now().plus(java.time.Duration.ofDays(RANGE_END_AHEAD_DAYS));
        int from = 0;
        int calls = 0;
        int records = 0;
        int restarts = 0;
        String lastId = null;
        while (true) {
            String range = fmt(start) + "," + fmt(end);
            URI uri = URI.create(base + module + "/search?modifiedTimeRange=" + enc(range)
                    + "&sortBy=modifiedTime&from=" + from + "&limit=" + PAGE_SIZE);
            ApiResponse r = caller.call(ApiCaller.Request.get(uri, orgHeader));
            calls++;
            List<ObjectNode> data = pageOf(r, "GET " + module + "/search", module);
            // An empty answer after a full page stepped over too: the overlapping record should have been on it.
            if (steppedOver(data, lastId)) {
                if (++restarts <= MAX_RESTARTS) {
                    lastId = null;
                    from = 0;
                    continue;
                }
                LOG.warn(
                        "Desk {} kept changing above the read offset ({} reads of one window in a row); reading on",
                        module,
                        restarts);
            }
            if (r.status() == 204) {
                return new ReadSummary(calls, records, records == 0);
            }
            records += data.size();
            handler.page(new Page(data, Json.serverTime(r)));
            if (data.size() < PAGE_SIZE) {
                return new ReadSummary(calls, records, false);
            }
            lastId = data.get(data.size() - 1).path("id").asText();
            from += PAGE_SIZE - 1;
            if (from + PAGE_SIZE - 1 > MAX_FROM) {
                // The search pages no further than offset MAX_FROM: a new window starts at the last time read.
                lastId = null;
                restarts = 0;
                Instant last = modifiedTime(data.get(data.size() - 1));
                if (last == null || !last.isAfter(start)) {
                    throw ApiException.of(
                            caller.system(),
                            200,
                            "PAGING_STUCK",
                            "more than " + (MAX_FROM + 1) + " Desk " + module + " share the modifiedTime " + start
                                    + "; the search API cannot page past them");
                }
                start = last;
                from = 0;
            }
        }
    }

    /** One cheap read that proves the credentials, the org and the module: throws what the Desk said if refused. */
    @Override
    public void check(String module) {
        ApiResponse r = caller.call(ApiCaller.Request.get(URI.create(base + module + "?from=1&limit=1"), orgHeader));
        if (r.status() != 200 && r.status() != 204) {
            throw error("GET " + module, r, Json.parse(json, caller.system(), "GET " + module, r));
        }
    }

    /** Records whose {@code field} equals {@code value} (the Desk's own search, e.g. {@code email}, {@code accountName}). */
    @Override
    public List<ObjectNode> findByKey(String module, String field, String value) {
        URI uri = URI.create(base + module + "/search?" + enc(field) + "=" + enc(value) + "&limit=" + PAGE_SIZE);
        return pageOf(caller.call(ApiCaller.Request.get(uri, orgHeader)), "GET " + module + "/search", module);
    }

    /**
     * A record a call. A record the Desk refuses gets its refused result and the others go on; a failure of the
     * connection or the server ends the call with its exception.
     */
    @Override
    public List<WriteResult> create(String module, List<ObjectNode> records) {
        List<WriteResult> results = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            results.add(answered(() -> create(module, record)));
        }
        return results;
    }

    /** Each record's changes, by its {@code id} (which is not sent in the body). */
    @Override
    public List<WriteResult> update(String module, List<ObjectNode> records) {
        List<WriteResult> results = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            ObjectNode changes = record.deepCopy();
            String id = changes.remove("id").asText();
            results.add(answered(() -> update(module, id, changes)));
        }
        return results;
    }

    private static WriteResult answered(java.util.function.Supplier<ObjectNode> write) {
        try {
            ObjectNode written = write.get();
            return WriteResult.written(written.path("id").asText(), null, written);
        } catch (RecordRefused e) {
            if (e.status() >= 200 && e.status() < 300) {
                // Accepted but unreadable (no id, not JSON): the record may well exist now, so this is no refusal;
                // the caller keeps its write intent and looks for the record before it tries again.
                throw e;
            }
            return WriteResult.refused(e);
        }
    }

    /** Creating is not repeated after a lost answer: the next read finds the record and links it instead. */
    private ObjectNode create(String module, ObjectNode record) {
        return write("POST", module, base + module, record, false);
    }

    private ObjectNode update(String module, String id, ObjectNode changes) {
        return write("PATCH", module, base + module + "/" + enc(id), changes, true);
    }

    private ObjectNode write(String method, String module, String url, ObjectNode body, boolean idempotent) {
        String call = method + " " + module;
        ApiResponse r =
                caller.call(ApiCaller.Request.json(method, URI.create(url), orgHeader, body.toString(), idempotent));
        JsonNode answer = Json.parse(json, caller.system(), call, r);
        if (r.status() != 200 && r.status() != 201) {
            throw error(call, r, answer);
        }
        if (!(answer instanceof ObjectNode o) || !o.hasNonNull("id")) {
            throw ApiException.of(
                    caller.system(), r.status(), "MALFORMED_RESPONSE", call + " answered without the record id");
        }
        return o;
    }

    /**
     * Streams the trashed records of {@code module} from the Desk's recycle bin ({@code id},
     * {@code deletedTime}, ...), newest first ({@code sortBy=-deletedTime}), and stops at the first page
     * that reaches a record trashed before {@code since}: the listing has no time filter, so this is what
     * keeps a run with nothing new at one call however full the bin is. With {@code since} null only the
     * newest page is read. An empty page is handed over too, for the API's clock.
     * <p>Pages overlap by one record: if the last record of a page is not on the next one, records above it
     * left the bin while we read (restored or purged), the offsets moved up and a record may have been
     * stepped over, so the read starts again from the top ({@link #MAX_RESTARTS} times at most).
     * The listing cannot page past offset {@value #MAX_FROM} (as the search): when that many were trashed
     * since the last read, the older ones are not seen here; the result says so.
     */
    @Override
    public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
        int calls = 0;
        int records = 0;
        int restarts = 0;
        String last = null;
        int from = 0;
        while (true) {
            URI uri = URI.create(base + "recycleBin?module=" + enc(module) + "&sortBy=-deletedTime&from=" + from
                    + "&limit=" + PAGE_SIZE);
            ApiResponse r = caller.call(ApiCaller.Request.get(uri, orgHeader));
            calls++;
            List<ObjectNode> data = pageOf(r, "GET recycleBin", "recycleBin");
            if (steppedOver(data, last)) {
                if (++restarts > MAX_RESTARTS) {
                    throw ApiException.of(
                            caller.system(),
                            r.status(),
                            "RECYCLE_BIN_MOVING",
                            "the Desk " + module
                                    + " recycle bin lost records above offset " + from + " during " + (restarts)
                                    + " reads in a row"
                                    + " (restored or purged while read); the next run reads it again");
                }
                last = null;
                from = 0;
                continue;
            }
            records += data.size();
            handler.page(new Page(data, Json.serverTime(r)));
            boolean reachedSince = since == null
                    || data.stream().map(ZohoDeskClient::deletedTime).anyMatch(t -> t != null && t.isBefore(since));
            if (reachedSince || data.size() < PAGE_SIZE) {
                return new DeletedRead(calls, records, true);
            }
            last = data.get(data.size() - 1).path("id").asText();
            from += PAGE_SIZE - 1;
            if (from > MAX_FROM) {
                return new DeletedRead(calls, records, false);
            }
        }
    }

    /** How many times in a row a paged read starts again because the offsets moved under it. */
    static final int MAX_RESTARTS = 3;

    /** The records of one page of a paged read; a 204 is an empty page. */
    private List<ObjectNode> pageOf(ApiResponse r, String call, String what) {
        if (r.status() == 204) {
            return List.of();
        }
        JsonNode body = Json.parse(json, caller.system(), call, r);
        if (r.status() != 200) {
            throw error(call, r, body);
        }
        return objects(body.path("data"), what, r);
    }

    /** True when the previous page's last record is not on this overlapping page: the offsets moved under the read. */
    private static boolean steppedOver(List<ObjectNode> page, String last) {
        return last != null
                && page.stream().noneMatch(n -> last.equals(n.path("id").asText()));
    }

    @Override
    public Instant deletedAt(JsonNode item) {
        return deletedTime(item);
    }

    @Override
    public Instant changedAt(JsonNode record) {
        return modifiedTime(record);
    }

    static Instant deletedTime(JsonNode item) {
        String t = item.path("deletedTime").asText(null);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Moves records to the Desk's trash ({@code contacts/moveToTrash} with {@code contactIds}, and so on). */
    @Override
    public void delete(String module, List<String> ids) {
        String singular = module.endsWith("s") ? module.substring(0, module.length() - 1) : module;
        ObjectNode body = json.createObjectNode();
        ids.forEach(body.putArray(singular + "Ids")::add);
        ApiResponse r = caller.call(ApiCaller.Request.json(
                "POST", URI.create(base + module + "/moveToTrash"), orgHeader, body.toString(), true));
        if (r.status() != 200 && r.status() != 204) {
            throw error(
                    "POST " + module + "/moveToTrash",
                    r,
                    Json.parse(json, caller.system(), "POST " + module + "/moveToTrash", r));
        }
    }

    static Instant modifiedTime(JsonNode record) {
        String t = record.path("modifiedTime").asText(null);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private List<ObjectNode> objects(JsonNode data, String module, ApiResponse r) {
        if (!data.isArray()) {
            throw ApiException.of(
                    caller.system(),
                    r.status(),
                    "MALFORMED_RESPONSE",
                    "GET " + module + "/search answered without a data array");
        }
        List<ObjectNode> out = new ArrayList<>(data.size());
        for (JsonNode n : data) {
            if (!(n instanceof ObjectNode o)) {
                throw ApiException.of(
                        caller.system(),
                        r.status(),
                        "MALFORMED_RESPONSE",
                        "GET " + module + "/search returned a record that is not a JSON object");
            }
            out.add(o);
        }
        return out;
    }

    private ApiException error(String call, ApiResponse r, JsonNode body) {
        String code = body.path("errorCode").asText("HTTP_" + r.status());
        StringBuilder msg = new StringBuilder(call)
                .append(" answered ")
                .append(r.status())
                .append(' ')
                .append(code)
                .append(": ")
                .append(body.path("message").asText("unexpected answer"));
        for (JsonNode e : body.path("errors")) {
            msg.append(" [")
                    .append(e.path("fieldName").asText())
                    .append(' ')
                    .append(e.path("errorType").asText());
            String detail = e.path("errorMessage").asText("");
            if (!detail.isEmpty()) {
                msg.append(": ").append(detail);
            }
            msg.append(']');
        }
        return ApiException.of(caller.system(), r.status(), code, msg.toString());
    }

    private static String fmt(Instant t) {
        return RANGE.format(t.atOffset(ZoneOffset.UTC));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
