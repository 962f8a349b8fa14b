package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * HTTP side of the simulated Zendesk Chat REST API v2 under {@code /sandbox/chat/api/v2}: the incremental chat export
 * {@code GET incremental/chats}, also under the newer prefix {@code /sandbox/chat/api/v2/chat/incremental/chats}.
 * <ul>
 *   <li>{@code Authorization: Bearer <token>}, else 401;</li>
 *   <li>{@code start_time} (epoch seconds, 0 by default) at least 5 minutes in the past, else 422;</li>
 *   <li>{@code limit} 1..1000 (1000 by default), else 400;</li>
 *   <li>{@code start_id} resumes after that chat of the {@code start_time} second;</li>
 *   <li>{@code fields=chats(*)} expands each chat; without it a chat is only its {@code id};</li>
 *   <li>answer {@code {"chats":[...],"count","end_time","end_id","next_page"}}, {@code next_page} null on the last
 *       page.</li>
 * </ul>
 * Other error bodies are Zendesk's {@code {"error","description"}} (Support's incremental export answers a too recent
 * start time so); Chat's own are not published.
 */
final class ChatApi {

    static final int MAX_LIMIT = 1000;
    static final long MIN_AGE_SECONDS = 300;

    private final ChatSimulator chat;

    ChatApi(ChatSimulator chat) {
        this.chat = chat;
    }

    SandboxResponse handle(SandboxRequest req) {
        if (!chat.authorized(req.header("Authorization"))) {
            // The OAuth 2 bearer answer (RFC 6750); Chat's own body is not published.
            return SandboxResponse.of(
                    401,
                    Json.obj()
                            .put("error", "invalid_token")
                            .put("error_description", "The access token provided is invalid."));
        }
        List<String> seg = req.segments();
        if (!seg.isEmpty() && seg.get(0).equals("chat")) {
            seg = seg.subList(1, seg.size());
        }
        if (!seg.equals(List.of("incremental", "chats"))) {
            return error(404, "NotFound", "No such resource: " + req.path());
        }
        if (!req.method().equals("GET")) {
            return error(405, "MethodNotAllowed", "Use GET");
        }
        return export(req);
    }

    private SandboxResponse export(SandboxRequest req) {
        long startTime;
        int limit;
        try {
            startTime = req.hasParam("start_time") ? Long.parseLong(req.param("start_time")) : 0;
            limit = req.hasParam("limit") ? Integer.parseInt(req.param("limit")) : MAX_LIMIT;
        } catch (NumberFormatException e) {
            return error(400, "InvalidValue", "start_time and limit must be whole numbers");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return error(400, "InvalidValue", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (startTime > chat.now().getEpochSecond() - MIN_AGE_SECONDS) {
            return error(422, "InvalidValue", "Too recent start_time. Use a start_time older than 5 minutes");
        }
        String startId = req.param("start_id");
        ChatSimulator.Slice slice = chat.after(startTime, startId == null || startId.isEmpty() ? null : startId, limit);
        String fields = req.param("fields");
        boolean expand = fields != null && fields.replace(" ", "").contains("chats(*)");
        ObjectNode body = Json.obj();
        ArrayNode chats = body.putArray("chats");
        for (ObjectNode c : slice.chats()) {
            chats.add(expand ? c : Json.obj().put("id", c.get("id").asText()));
        }
        body.put("count", slice.chats().size());
        long endTime = startTime;
        String endId = startId;
        if (!slice.chats().isEmpty()) {
            ObjectNode last = slice.chats().get(slice.chats().size() - 1);
            endTime = ChatSimulator.updated(last);
            endId = last.get("id").asText();
        }
        body.put("end_time", endTime);
        body.put("end_id", endId);
        if (slice.more()) {
            String next = req.baseUrl() + req.path() + "?start_time=" + endTime + "&limit=" + limit
                    + (fields == null ? "" : "&fields=" + enc(fields))
                    + "&start_id=" + enc(endId);
            body.put("next_page", next);
        } else {
            body.putNull("next_page");
        }
        return SandboxResponse.of(200, body);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static SandboxResponse error(int status, String code, String description) {
        return SandboxResponse.of(status, Json.obj().put("error", code).put("description", description));
    }
}
