package io.deskbridge.connector.zohodesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Desk API v1 as both Desk connectors speak it ({@link ZohoDeskClient} for contacts and accounts,
 * {@link ZohoDeskTickets} for tickets): {@code {api-url}/api/v1/...} with the {@code orgId} header on every call, the
 * {@code {"data":[...]}} pages with 204 for none, the error envelope
 * ({@code {"errorCode","message","errors":[{"fieldName","errorType","errorMessage"}]}}) turned into the typed
 * failure, and the change read by search.
 */
final class DeskCalls {

    private static final Logger LOG = LoggerFactory.getLogger(DeskCalls.class);
    /** How many times in a row a paged read starts again because the offsets moved under it. */
    static final int MAX_RESTARTS = 3;
    /**
     * The highest {@code from} the Desk's search takes, for every module: {@code maximum: 999} on the tickets,
     * contacts and accounts search in the Desk's own OpenAPI (zoho/zohodesk-oas v1.0/Search.json). An earlier
     * third-party note said 4,999; a read bounded by 999 works under either.
     */
    static final int SEARCH_MAX_FROM = 999;

    private static final DateTimeFormatter RANGE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    /** The open end of a modified-time range: far enough ahead to cover any clock skew. */
    private static final long RANGE_END_AHEAD_DAYS = 1;

    final ApiCaller caller;
    final ObjectMapper json;
    private final String base;
    private final Map<String, String> orgHeader;

    DeskCalls(ApiCaller caller, URI apiUrl, String orgId, ObjectMapper json) {
        this.caller = caller;
        String url = apiUrl.toString();
        this.base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/v1/";
        this.orgHeader = Map.of("orgId", orgId);
        this.json = json;
    }

    String system() {
        return caller.system();
    }

    /** {@code path} is relative to {@code /api/v1/}, with its query already encoded. */
    ApiResponse get(String path) {
        return caller.call(ApiCaller.Request.get(URI.create(base + path), orgHeader));
    }

    ApiResponse send(String method, String path, JsonNode body, boolean idempotent) {
        return caller.call(
                ApiCaller.Request.json(method, URI.create(base + path), orgHeader, body.toString(), idempotent));
    }

    /** An action without a body ({@code POST agents/{id}/deactivate}, {@code DELETE agents/{id}}). */
    ApiResponse sendEmpty(String method, String path, boolean idempotent) {
        return caller.call(new ApiCaller.Request(method, URI.create(base + path), orgHeader, null, null, idempotent));
    }

    JsonNode parse(ApiResponse r, String call) {
        return Json.parse(json, caller.system(), call, r);
    }

    /** The records of one page of a paged read; a 204 is an empty page. */
    List<ObjectNode> page(ApiResponse r, String call) {
        if (r.status() == 204) {
            return List.of();
        }
        JsonNode body = parse(r, call);
        if (r.status() != 200) {
            throw error(call, r, body);
        }
        return objects(body.path("data"), call, r);
    }

    /** One record the Desk answered with (a create, an update, a single read); anything else is the typed failure. */
    ObjectNode record(ApiResponse r, String call) {
        JsonNode answer = parse(r, call);
        if (r.status() != 200 && r.status() != 201) {
            throw error(call, r, answer);
        }
        if (!(answer instanceof ObjectNode o) || !o.hasNonNull("id")) {
            throw ApiException.of(
                    caller.system(), r.status(), "MALFORMED_RESPONSE", call + " answered without the record id");
        }
        return o;
    }

    /** An action answered with no content of its own: only {@code accepted} statuses are success. */
    void done(ApiResponse r, String call, int... accepted) {
        for (int status : accepted) {
            if (r.status() == status) {
                return;
            }
        }
        throw error(call, r, parse(r, call));
    }

    List<ObjectNode> objects(JsonNode data, String call, ApiResponse r) {
        if (!data.isArray()) {
            throw ApiException.of(
                    caller.system(), r.status(), "MALFORMED_RESPONSE", call + " answered without a data array");
        }
        List<ObjectNode> out = new ArrayList<>(data.size());
        for (JsonNode n : data) {
            if (!(n instanceof ObjectNode o)) {
                throw ApiException.of(
                        caller.system(),
                        r.status(),
                        "MALFORMED_RESPONSE",
                        call + " returned a record that is not a JSON object");
            }
            out.add(o);
        }
        return out;
    }

    ApiException error(String call, ApiResponse r, JsonNode body) {
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

    /**
     * Streams the records of {@code module} modified at or after {@code since} (all when null), oldest first, by
     * {@code {module}/search} with {@code modifiedTimeRange}, 100 a page. A record can be handed over twice when a
     * read re-anchors; handlers store by id, so that is harmless.
     * <p>The search pages by offset in {@code modifiedTime} order, and a record changed while we read moves to
     * the end: every record after it moves up one place, and the one that was next would be stepped over,
     * though its time is below what the caller has already stored as read. So pages overlap by one record:
     * when the last record of a page is not on the next, records above it moved, and the page is not handed
     * over; the window is read again from its start ({@link #MAX_RESTARTS} times, then the read goes
     * on and the caller's end-of-read check for moved records is what is left).
     * <p>The search cannot start a page beyond offset {@code maxFrom}: a long read re-anchors its range at the last
     * {@code modifiedTime} it saw and reads that instant again.
     */
    ReadSummary searchChanges(String module, Instant since, Page.Handler handler, int maxFrom) {
        int pageSize = ZohoDeskClient.PAGE_SIZE;
        Instant start = since == null ? Instant.EPOCH : since;
        Instant end = Instant.now().plus(Duration.ofDays(RANGE_END_AHEAD_DAYS));
        String call = "GET " + module + "/search";
        int from = 0;
        int calls = 0;
        int records = 0;
        int restarts = 0;
        String lastId = null;
        while (true) {
            String range = fmt(start) + "," + fmt(end);
            ApiResponse r = get(module + "/search?modifiedTimeRange=" + enc(range) + "&sortBy=modifiedTime&from=" + from
                    + "&limit=" + pageSize);
            calls++;
            List<ObjectNode> data = page(r, call);
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
            if (data.size() < pageSize) {
                return new ReadSummary(calls, records, false);
            }
            lastId = data.get(data.size() - 1).path("id").asText();
            from += pageSize - 1;
            if (from + pageSize - 1 > maxFrom) {
                // The search pages no further than offset maxFrom: a new window starts at the last time read.
                lastId = null;
                restarts = 0;
                Instant last = modifiedTime(data.get(data.size() - 1));
                if (last == null || !last.isAfter(start)) {
                    throw ApiException.of(
                            caller.system(),
                            200,
                            "PAGING_STUCK",
                            "more than " + (maxFrom + 1) + " Desk " + module + " share the modifiedTime " + start
                                    + "; the search API cannot page past them");
                }
                start = last;
                from = 0;
            }
        }
    }

    /**
     * Every item of a list that pages by {@code from} and {@code limit} (threads, comments, ratings), read until a
     * short page or a 204. {@code path} carries its own query and an order in which new items come last, so a page
     * read earlier does not move. An item handed over again is kept once: not every Desk list says whether its
     * {@code from} counts from 0 or from 1, and one that counts from 1 starts each page on the last item of the one
     * before.
     */
    List<ObjectNode> all(String path, int limit, String call) {
        return all(path, limit, call, pages -> {});
    }

    /** The same, telling {@code calls} of each page read. */
    List<ObjectNode> all(String path, int limit, String call, IntConsumer calls) {
        List<ObjectNode> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String separator = path.contains("?") ? "&" : "?";
        for (int from = 0; ; from += limit) {
            List<ObjectNode> page = page(get(path + separator + "from=" + from + "&limit=" + limit), call);
            calls.accept(1);
            for (ObjectNode item : page) {
                String id = item.path("id").asText(null);
                if (id == null || seen.add(id)) {
                    out.add(item);
                }
            }
            if (page.size() < limit) {
                return out;
            }
        }
    }

    /** True when the previous page's last record is not on this overlapping page: the offsets moved under the read. */
    static boolean steppedOver(List<ObjectNode> page, String last) {
        return last != null
                && page.stream().noneMatch(n -> last.equals(n.path("id").asText()));
    }

    static Instant modifiedTime(JsonNode record) {
        return instant(record.path("modifiedTime").asText(null));
    }

    static Instant deletedTime(JsonNode item) {
        return instant(item.path("deletedTime").asText(null));
    }

    private static Instant instant(String t) {
        try {
            return t == null ? null : Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String fmt(Instant t) {
        return RANGE.format(t.atOffset(ZoneOffset.UTC));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
