package io.deskbridge.connector.zendeskchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.ChatSource;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.WriteResult;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Zendesk Chat REST API v2, read through its incremental export: {@code GET {api-url}/incremental/chats?start_time=
 * <epoch s>&limit=1000&fields=chats(*)} with {@code Authorization: Bearer}. {@code api-url} carries the host and the
 * prefix, because the API is served both as {@code https://www.zopim.com/api/v2} and as
 * {@code https://{sub}.zendesk.com/api/v2/chat}.
 * <p>
 * The export lists chats by their {@code update_timestamp} (developer.zendesk.com, live-chat incremental export:
 * "Items are returned based on the update timestamp ... if a chat is updated, any subsequent request will return the
 * chat"), and a chat ending is such an update. So a chat still going on is simply not handed over: the read that sees
 * it ended lists it again, and the time a read resumes from may pass it.
 * <p>
 * Each page answers {@code chats}, {@code count}, {@code end_time} (epoch seconds), {@code end_id} and
 * {@code next_page}; the next page is asked for with {@code start_time=end_time&start_id=end_id} on the configured
 * host, not by following {@code next_page}, so the token never goes to a host the API named.
 */
public final class ZendeskChatClient implements ChatSource {

    public static final String SYSTEM = "Zendesk Chat";
    /** The export's {@code limit}: "Default and max 1000". */
    public static final int PAGE_SIZE = 1000;
    /** The export refuses a {@code start_time} less than this far in the past. */
    static final Duration API_MIN_AGE = Duration.ofMinutes(5);
    /**
     * Added to {@link #API_MIN_AGE}: our clock may run ahead of the API's, and the request takes time to arrive. Going
     * back further costs only chats read again, which the sync takes once by their id.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);
    /**
     * No writes (a write batch of 1 only because the contract has no "none"); the export resumes from whole seconds
     * of {@code update_timestamp}; 2 calls at once: the Chat API's rate limit (about 200 calls a minute, not confirmed)
     * is shared by the account's other integrations.
     */
    public static final ConnectorLimits LIMITS =
            new ConnectorLimits(PAGE_SIZE, 1, 0, false, false, Duration.ofSeconds(1), "update_timestamp", 2);

    private static final String CALL = "GET incremental/chats";

    private final ApiCaller caller;
    private final String exportUrl;
    private final Clock clock;
    private final ObjectMapper json;

    public ZendeskChatClient(ApiCaller caller, URI apiUrl, Clock clock, ObjectMapper json) {
        this.caller = caller;
        String url = apiUrl.toString();
        this.exportUrl = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/incremental/chats";
        this.clock = clock;
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

    /** One export call of one chat id (no {@code fields}: ids only), from the latest start the API takes. */
    @Override
    public void check(String module) {
        requireChats(module);
        answer(get(latestStart().getEpochSecond(), null, 1, false));
    }

    /**
     * Streams the ended chats and the offline messages changed at or after {@code since} (all when null), oldest
     * change first, a page of the export at a time; a page is handed over even when nothing on it has ended, for the
     * API's clock. {@code since} is moved back to {@link #latestStart()} when it is more recent.
     */
    @Override
    public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
        requireChats(module);
        long startTime = startTime(since).getEpochSecond();
        String startId = null;
        int calls = 0;
        int handed = 0;
        boolean anyChat = false;
        while (true) {
            ApiResponse r = get(startTime, startId, PAGE_SIZE, true);
            calls++;
            JsonNode body = answer(r);
            List<ObjectNode> chats = chats(body, r);
            anyChat |= !chats.isEmpty();
            List<ObjectNode> finished =
                    chats.stream().filter(ZendeskChatClient::finished).toList();
            handed += finished.size();
            handler.page(new Page(finished, Json.serverTime(r)));
            String nextPage = body.path("next_page").asText("");
            if (chats.size() < PAGE_SIZE || nextPage.isEmpty()) {
                return new ReadSummary(calls, handed, !anyChat);
            }
            Map<String, List<String>> next = query(nextPage);
            long endTime = body.path("end_time").canConvertToLong()
                    ? body.path("end_time").asLong()
                    : Long.parseLong(first(next, "start_time", "-1"));
            String endId =
                    body.path("end_id").isTextual() ? body.path("end_id").asText() : first(next, "start_id", null);
            if (endTime < 0 || (endTime == startTime && Objects.equals(endId, startId))) {
                throw ApiException.of(
                        system(),
                        r.status(),
                        "PAGING_STUCK",
                        CALL + " answered a full page whose end (end_time " + endTime + ", end_id " + endId
                                + ") does not move the export on from start_time " + startTime);
            }
            if (endTime > latestStart().getEpochSecond()) {
                // The export would refuse the next start (less than 5 minutes ago): the rest is read by the next run,
                // from the watermark these pages moved, once it is old enough.
                return new ReadSummary(calls, handed, !anyChat);
            }
            startTime = endTime;
            startId = endId;
        }
    }

    /**
     * The time a read resumes from to see this chat again: its {@code update_timestamp}, the time the export lists it
     * by; its end or its start when the API sent none.
     */
    @Override
    public Instant changedAt(JsonNode chat) {
        for (String field : List.of("update_timestamp", "end_timestamp", "timestamp")) {
            Instant t = instant(chat.path(field).asText(null));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The export lists no deletions: nothing to read. */
    @Override
    public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
        requireChats(module);
        return new DeletedRead(0, 0, true);
    }

    @Override
    public Instant deletedAt(JsonNode item) {
        return null;
    }

    @Override
    public List<WriteResult> create(String module, List<ObjectNode> records) {
        throw readOnly("create");
    }

    @Override
    public List<WriteResult> update(String module, List<ObjectNode> records) {
        throw readOnly("update");
    }

    @Override
    public List<ObjectNode> findByKey(String module, String field, String value) {
        throw readOnly("findByKey (a lost write to look up)");
    }

    @Override
    public void delete(String module, List<String> ids) {
        throw readOnly("delete");
    }

    /**
     * The most recent {@code start_time} sent: the export refuses one less than {@link #API_MIN_AGE} in the past, and
     * {@link #CLOCK_MARGIN} keeps us clear of that if our clock runs ahead.
     */
    Instant latestStart() {
        return clock.instant().minus(API_MIN_AGE).minus(CLOCK_MARGIN);
    }

    Instant startTime(Instant since) {
        Instant latest = latestStart();
        Instant start = since == null ? Instant.EPOCH : since;
        return start.isAfter(latest) ? latest : start;
    }

    /**
     * An ended chat or an offline message (which never ends); a chat without {@code end_timestamp} goes on. A chat the
     * account deleted ({@code "deleted": true}, as the export marks it) is not handed over: it is not to be kept.
     */
    static boolean finished(JsonNode chat) {
        if (chat.path("deleted").asBoolean(false)) {
            return false;
        }
        return "offline_msg".equals(chat.path("type").asText())
                || (chat.hasNonNull("end_timestamp")
                        && !chat.get("end_timestamp").asText().isBlank());
    }

    private ApiResponse get(long startTime, String startId, int limit, boolean expand) {
        StringBuilder q = new StringBuilder("?start_time=")
                .append(startTime)
                .append("&limit=")
                .append(limit);
        if (expand) {
            // Without it the export answers only each chat's id (resource expansion).
            q.append("&fields=").append(enc("chats(*)"));
        }
        if (startId != null) {
            q.append("&start_id=").append(enc(startId));
        }
        return caller.call(ApiCaller.Request.get(URI.create(exportUrl + q), Map.of()));
    }

    private JsonNode answer(ApiResponse r) {
        JsonNode body = Json.parse(json, system(), CALL, r);
        if (r.status() != 200) {
            String code = body.path("error").isTextual() ? body.path("error").asText() : "HTTP_" + r.status();
            String message = body.path("description")
                    .asText(body.path("error_description")
                            .asText(body.path("message").asText("unexpected answer")));
            throw ApiException.of(
                    system(), r.status(), code, CALL + " answered " + r.status() + " " + code + ": " + message);
        }
        return body;
    }

    private List<ObjectNode> chats(JsonNode body, ApiResponse r) {
        JsonNode chats = body.path("chats");
        if (!chats.isArray()) {
            throw ApiException.of(system(), r.status(), "MALFORMED_RESPONSE", CALL + " answered without a chats array");
        }
        List<ObjectNode> out = new ArrayList<>(chats.size());
        for (JsonNode chat : chats) {
            if (!(chat instanceof ObjectNode o)) {
                throw ApiException.of(
                        system(), r.status(), "MALFORMED_RESPONSE", CALL + " returned a chat that is not an object");
            }
            out.add(o);
        }
        return out;
    }

    private void requireChats(String module) {
        if (!CHATS.equals(module)) {
            throw new IllegalArgumentException(
                    SYSTEM + " has one module, '" + CHATS + "'; '" + module + "' is not one");
        }
    }

    private UnsupportedOperationException readOnly(String what) {
        return new UnsupportedOperationException(
                SYSTEM + " is only read here, through its incremental chat export: " + what + " is not supported");
    }

    private static Map<String, List<String>> query(String url) {
        String raw = URI.create(url).getRawQuery();
        Map<String, List<String>> out = new java.util.HashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.computeIfAbsent(part.substring(0, eq), k -> new ArrayList<>())
                            .add(java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static String first(Map<String, List<String>> query, String name, String fallback) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    private static Instant instant(String t) {
        try {
            return t == null || t.isBlank() ? null : Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
