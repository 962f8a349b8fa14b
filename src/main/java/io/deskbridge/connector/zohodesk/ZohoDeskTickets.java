package io.deskbridge.connector.zohodesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.NewTicket;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.TicketChanges;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.connector.TicketReply;
import io.deskbridge.connector.TicketStatus;
import io.deskbridge.connector.WriteResult;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Zoho Desk's tickets ({@code {api-url}/api/v1/tickets...}, the {@code orgId} header on every call) as a
 * {@link TicketDesk}. It is a class of its own rather than more methods on {@link ZohoDeskClient} because a ticket
 * has a dozen operations of its own (conversation, comments, replies, closing, ratings, the org's statuses) that the
 * contacts and accounts connector has no use for, and because its change read has its own bound (below). What tickets
 * share with the other Desk modules, the Desk's wire format ({@link DeskCalls}) and its create, update, trash and
 * recycle-bin calls, it reuses rather than repeats.
 * <ul>
 *   <li>Changes: {@code GET tickets/search?modifiedTimeRange=..&sortBy=modifiedTime&from=..&limit=100}, pages
 *       overlapping by one record and re-anchored at the last {@code modifiedTime} before {@code from} passes
 *       {@value DeskCalls#SEARCH_MAX_FROM}, the search's bound in the Desk's OpenAPI (zohodesk-oas Search.json).</li>
 *   <li>Writes: {@code POST tickets} (not repeated after a lost answer), {@code PATCH tickets/{id}},
 *       {@code POST closeTickets {"ids":[..]}}, {@code POST tickets/moveToTrash {"ticketIds":[..]}}.</li>
 *   <li>Conversation: {@code GET tickets/{id}/threads}, {@code GET tickets/{id}/threads/{threadId}},
 *       {@code GET tickets/{id}/latestThread}, {@code GET|POST tickets/{id}/comments},
 *       {@code POST tickets/{id}/sendReply} (a reply or, with {@code isForward}, a forward).</li>
 *   <li>{@code GET customerHappiness?department=allDepartment&ticketId=..|contactId=..} and
 *       {@code GET organizationFields?module=tickets} (the {@code status} field's {@code allowedValues}).</li>
 * </ul>
 */
public final class ZohoDeskTickets implements TicketDesk {

    /** Comments are listed at most 100 a call (zohodesk-oas TicketComment.json); threads take the same. */
    static final int CONVERSATION_PAGE = 100;
    /** The happiness list's page; its largest is not documented, 50 is what the Desk's own examples use. */
    static final int RATINGS_PAGE = 50;

    private final DeskCalls desk;
    private final ZohoDeskClient module;

    public ZohoDeskTickets(ApiCaller caller, URI apiUrl, String orgId, ObjectMapper json) {
        this.desk = new DeskCalls(caller, apiUrl, orgId, json);
        this.module = new ZohoDeskClient(caller, apiUrl, orgId, json);
    }

    @Override
    public String system() {
        return desk.system();
    }

    @Override
    public ConnectorLimits limits() {
        return ZohoDeskClient.LIMITS;
    }

    @Override
    public ApiCaller caller() {
        return desk.caller;
    }

    @Override
    public void check(String module) {
        this.module.check(tickets(module));
    }

    /**
     * The tickets modified at or after {@code since}, oldest change first, with the same guarantees as the Desk's
     * contacts ({@link DeskCalls#searchChanges}). {@code fields} is not used: the search returns whole tickets.
     */
    @Override
    public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
        return desk.searchChanges(tickets(module), since, handler, DeskCalls.SEARCH_MAX_FROM);
    }

    @Override
    public Instant changedAt(JsonNode record) {
        return DeskCalls.modifiedTime(record);
    }

    @Override
    public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
        return this.module.readDeleted(tickets(module), since, handler);
    }

    @Override
    public Instant deletedAt(JsonNode item) {
        return DeskCalls.deletedTime(item);
    }

    @Override
    public List<WriteResult> create(String module, List<ObjectNode> records) {
        return this.module.create(tickets(module), records);
    }

    @Override
    public List<WriteResult> update(String module, List<ObjectNode> records) {
        return this.module.update(tickets(module), records);
    }

    /**
     * The tickets whose {@code field} is exactly {@code value}. The ticket search matches some fields by wildcard
     * ({@code subject}, {@code email}), so what it finds is narrowed here to exact matches.
     */
    @Override
    public List<ObjectNode> findByKey(String module, String field, String value) {
        return this.module.findByKey(tickets(module), field, value).stream()
                .filter(t -> value.equals(t.path(field).asText(null)))
                .toList();
    }

    /** Moves the tickets to the Desk's trash. */
    @Override
    public void delete(String module, List<String> ids) {
        tickets(module);
        trash(ids);
    }

    @Override
    public ObjectNode ticket(String ticketId) {
        return desk.record(desk.get(path(ticketId)), "GET " + path(ticketId));
    }

    @Override
    public ObjectNode createTicket(NewTicket ticket) {
        ObjectNode body = desk.json
                .createObjectNode()
                .put("contactId", ticket.contactId())
                .put("departmentId", ticket.departmentId())
                .put("subject", ticket.subject());
        putIfSet(body, "description", ticket.description());
        putIfSet(body, "priority", ticket.priority());
        putIfSet(body, "channel", ticket.channel());
        return module.create(MODULE, body);
    }

    /** {@code PATCH tickets/{id}} with only the fields that change; a due date in the Desk's ISO form. */
    @Override
    public ObjectNode updateTicket(String ticketId, TicketChanges changes) {
        ObjectNode body = desk.json.createObjectNode();
        putIfSet(body, "status", changes.status());
        putIfSet(body, "priority", changes.priority());
        putIfSet(body, "assigneeId", changes.assigneeId());
        if (changes.dueDate() != null) {
            body.put("dueDate", DeskCalls.fmt(changes.dueDate()));
        }
        return module.update(MODULE, ticketId, body);
    }

    /** Oldest first ({@code sortBy=sendDateTime}: the Desk's default is newest first, which moves as threads come). */
    @Override
    public List<ObjectNode> threads(String ticketId) {
        String path = path(ticketId) + "/threads";
        return desk.all(path + "?sortBy=sendDateTime", CONVERSATION_PAGE, "GET " + path);
    }

    @Override
    public ObjectNode thread(String ticketId, String threadId) {
        String path = path(ticketId) + "/threads/" + DeskCalls.enc(threadId);
        return desk.record(desk.get(path), "GET " + path);
    }

    @Override
    public List<ObjectNode> comments(String ticketId) {
        String path = path(ticketId) + "/comments";
        return desk.all(path + "?sortBy=commentedTime", CONVERSATION_PAGE, "GET " + path);
    }

    /** Plain text; a comment is not repeated after a lost answer, which could post it twice. */
    @Override
    public ObjectNode comment(String ticketId, String content, boolean isPublic) {
        ObjectNode body = desk.json
                .createObjectNode()
                .put("isPublic", isPublic)
                .put("contentType", "plainText")
                .put("content", content);
        String path = path(ticketId) + "/comments";
        return desk.record(desk.send("POST", path, body, false), "POST " + path);
    }

    /**
     * {@code GET tickets/{id}/latestThread}: the newest thread with its recipients ({@code to}, {@code cc}), which a
     * reply to all answers when no thread is named.
     */
    @Override
    public ObjectNode latestThread(String ticketId) {
        String path = path(ticketId) + "/latestThread";
        return desk.record(desk.get(path), "GET " + path);
    }

    /**
     * An email ({@code channel EMAIL}): a reply, or a forward ({@code isForward}, which the Desk keeps private);
     * not repeated after a lost answer, which could mail it twice.
     */
    @Override
    public ObjectNode sendReply(String ticketId, TicketReply reply) {
        ObjectNode body = desk.json
                .createObjectNode()
                .put("channel", "EMAIL")
                .put("to", reply.to())
                .put("fromEmailAddress", reply.fromEmailAddress())
                .put("contentType", reply.html() ? "html" : "plainText")
                .put("content", reply.content());
        putIfSet(body, "cc", reply.cc());
        putIfSet(body, "inReplyToThreadId", reply.inReplyToThreadId());
        if (reply.forward()) {
            body.put("isForward", true);
        }
        String path = path(ticketId) + "/sendReply";
        return desk.record(desk.send("POST", path, body, false), "POST " + path);
    }

    /** {@code POST closeTickets {"ids":[..]}}: closing a closed ticket again changes nothing, so it may be repeated. */
    @Override
    public void close(List<String> ticketIds) {
        if (ticketIds.isEmpty()) {
            return;
        }
        ObjectNode body = desk.json.createObjectNode();
        ticketIds.forEach(body.putArray("ids")::add);
        desk.done(desk.send("POST", "closeTickets", body, true), "POST closeTickets", 200, 204);
    }

    @Override
    public void trash(List<String> ticketIds) {
        if (!ticketIds.isEmpty()) {
            module.delete(MODULE, ticketIds);
        }
    }

    @Override
    public List<ObjectNode> ratings(String ticketId) {
        return happiness("ticketId", ticketId);
    }

    @Override
    public List<ObjectNode> ratingsOfContact(String contactId) {
        return happiness("contactId", contactId);
    }

    private List<ObjectNode> happiness(String filter, String id) {
        return desk.all(
                "customerHappiness?department=allDepartment&" + filter + "=" + DeskCalls.enc(id),
                RATINGS_PAGE,
                "GET customerHappiness");
    }

    /**
     * The {@code allowedValues} of the tickets' {@code status} field, each with its {@code statusType}. An answer
     * without them is refused rather than replaced by the Desk's default statuses: the org may have renamed them.
     */
    @Override
    public List<TicketStatus> statuses() {
        String call = "GET organizationFields?module=tickets";
        ApiResponse r = desk.get("organizationFields?module=tickets");
        JsonNode status = desk.page(r, call).stream()
                .filter(f -> "status".equals(f.path("apiName").asText()))
                .findFirst()
                .map(f -> f.path("allowedValues"))
                .orElse(null);
        if (status == null || !status.isArray() || status.isEmpty()) {
            throw malformed(r, call + " answered without the status field's allowedValues");
        }
        List<TicketStatus> out = new ArrayList<>(status.size());
        for (JsonNode v : status) {
            String value = v.path("value").asText(null);
            String type = v.path("statusType").asText(null);
            if (value == null || type == null) {
                throw malformed(r, call + " answered a status without its value or statusType: " + v);
            }
            out.add(new TicketStatus(value, type));
        }
        return out;
    }

    private ApiException malformed(ApiResponse r, String message) {
        return ApiException.of(desk.system(), r.status(), "MALFORMED_RESPONSE", message);
    }

    private static String tickets(String module) {
        if (!MODULE.equals(module)) {
            throw new IllegalArgumentException(
                    "the Zoho Desk tickets connector serves module " + MODULE + ", not " + module);
        }
        return module;
    }

    private static String path(String ticketId) {
        return MODULE + "/" + DeskCalls.enc(ticketId);
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
