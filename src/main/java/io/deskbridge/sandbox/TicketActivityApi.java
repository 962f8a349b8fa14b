package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * HTTP side of what happens on one ticket; callers hold the store lock and have checked that the ticket exists.
 * <pre>
 * GET  /tickets/{id}/threads?from&amp;limit&amp;sortBy=sendDateTime|-sendDateTime   (newest first by default)
 * GET  /tickets/{id}/threads/{threadId}?include=plainText
 * GET  /tickets/{id}/latestThread     the newest thread, with its to and cc
 * POST /tickets/{id}/sendReply        {channel:"EMAIL", content, fromEmailAddress, to?, cc?, contentType?, isPrivate?,
 *                                      isForward?, inReplyToThreadId?, ...}   a forward needs to and is private
 * GET  /tickets/{id}/comments?from&amp;limit&amp;sortBy=commentedTime|-commentedTime   (oldest first by default)
 * POST /tickets/{id}/comments         {content, isPublic?, contentType?}
 * GET  /tickets/{id}/comments/{commentId}
 * GET  /tickets/{id}/metrics          first response, resolution time, counts
 * </pre>
 * Bodies and parameters follow Zoho's Desk OAS (Thread.json, TicketComment.json, Ticket.json).
 */
final class TicketActivityApi {

    static final int MAX_THREAD_LIMIT = 200;
    static final Set<String> REPLY_FIELDS = Set.of(
            "channel",
            "content",
            "contentType",
            "fromEmailAddress",
            "to",
            "cc",
            "bcc",
            "isPrivate",
            "isForward",
            "inReplyToThreadId",
            "ticketStatus",
            "attachmentIds",
            "uploads",
            "direction",
            "hasAttach");
    static final Set<String> COMMENT_FIELDS = Set.of("content", "isPublic", "contentType", "attachmentIds");

    private final DeskSimulator desk;
    private final DeskTickets tickets;

    TicketActivityApi(DeskSimulator desk) {
        this.desk = desk;
        this.tickets = desk.tickets();
    }

    /** {@code rest}: the path segments after {@code /tickets/{id}}. */
    SandboxResponse handle(SandboxRequest req, long ticketId, List<String> rest) {
        String method = req.method();
        String sub = rest.get(0);
        if (rest.size() == 1) {
            return switch (sub) {
                case "threads" -> TicketsApi.only(method, "GET", () -> threads(req, ticketId));
                case "latestThread" -> TicketsApi.only(method, "GET", () -> latestThread(req, ticketId));
                case "sendReply" -> TicketsApi.only(method, "POST", () -> sendReply(req, ticketId));
                case "comments" ->
                    switch (method) {
                        case "GET" -> comments(req, ticketId);
                        case "POST" -> comment(req, ticketId);
                        default -> DeskApi.notAllowed();
                    };
                case "metrics" -> TicketsApi.only(method, "GET", () -> metrics(req, ticketId));
                default -> DeskApi.notFound();
            };
        }
        if (rest.size() == 2 && sub.equals("threads")) {
            return TicketsApi.only(method, "GET", () -> thread(req, ticketId, rest.get(1)));
        }
        if (rest.size() == 2 && sub.equals("comments")) {
            return TicketsApi.only(method, "GET", () -> oneComment(req, ticketId, rest.get(1)));
        }
        return DeskApi.notFound();
    }

    // ------------------------------------------------------------------------------------------ threads

    /** A ticket's threads, newest first unless {@code sortBy=sendDateTime}; 10 a page by default, 200 at most. */
    private SandboxResponse threads(SandboxRequest req, long ticketId) {
        return ticketRecords(
                req,
                ticketId,
                tickets.threads,
                "sendDateTime",
                true,
                Set.of(),
                10,
                MAX_THREAD_LIMIT,
                t -> DeskTickets.threadWire(t, false));
    }

    /**
     * The records of {@code table} that belong to the ticket, oldest first unless {@code newestFirstByDefault} or
     * sorted by {@code -sortKey}, one page of them.
     */
    private static SandboxResponse ticketRecords(
            SandboxRequest req,
            long ticketId,
            RecordTable table,
            String sortKey,
            boolean newestFirstByDefault,
            Set<String> moreParams,
            int defaultLimit,
            int maxLimit,
            UnaryOperator<ObjectNode> wire) {
        Set<String> params = new HashSet<>(moreParams);
        params.addAll(Set.of("from", "limit", "sortBy"));
        SandboxResponse bad = DeskApi.extraParam(req, params);
        if (bad != null) {
            return bad;
        }
        String sortBy = req.param("sortBy") == null ? (newestFirstByDefault ? "-" : "") + sortKey : req.param("sortBy");
        if (!sortBy.equals(sortKey) && !sortBy.equals("-" + sortKey)) {
            return DeskApi.unprocessable("The value passed for 'sortBy' is invalid. Allowed values are " + sortKey
                    + " and -" + sortKey + ".");
        }
        List<ObjectNode> all = new ArrayList<>();
        for (long id : table.lookup("ticket", Long.toString(ticketId))) {
            all.add(wire.apply(table.get(id)));
        }
        return page(req, all, sortBy.startsWith("-"), defaultLimit, maxLimit);
    }

    /** One page of records held oldest first; 204 when the page is empty. */
    private static SandboxResponse page(
            SandboxRequest req, List<ObjectNode> oldestFirst, boolean newestFirst, int defaultLimit, int maxLimit) {
        Object paging = DeskPaging.read(req, 0, Integer.MAX_VALUE, defaultLimit, maxLimit);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        List<ObjectNode> all = new ArrayList<>(oldestFirst);
        if (newestFirst) {
            Collections.reverse(all);
        }
        return ((DeskPaging) paging).page(all);
    }

    /** The ticket's newest thread with its content and recipients, as a single thread read returns it. */
    private SandboxResponse latestThread(SandboxRequest req, long ticketId) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of());
        if (bad != null) {
            return bad;
        }
        ObjectNode latest = null;
        for (long id : tickets.threads.lookup("ticket", Long.toString(ticketId))) {
            latest = tickets.threads.get(id);
        }
        return latest == null ? DeskApi.notFound() : SandboxResponse.of(200, DeskTickets.threadWire(latest, true));
    }

    private SandboxResponse thread(SandboxRequest req, long ticketId, String threadId) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("include"));
        if (bad != null) {
            return bad;
        }
        String include = req.param("include");
        if (include != null && !include.equals("plainText")) {
            return DeskApi.unprocessable("The value passed for 'include' is invalid. Allowed value is plainText.");
        }
        ObjectNode t = owned(tickets.threads, threadId, ticketId);
        if (t == null) {
            return DeskApi.notFound();
        }
        ObjectNode out = DeskTickets.threadWire(t, true);
        if (include != null) {
            out.put(
                    "plainText",
                    t.get("content").asText().replaceAll("<[^>]*>", " ").strip());
        }
        return SandboxResponse.of(200, out);
    }

    /** A record of {@code table} that belongs to the ticket, or null. */
    private static ObjectNode owned(RecordTable table, String id, long ticketId) {
        Long key = CrmSimulator.parseId(id);
        ObjectNode r = key == null ? null : table.get(key);
        return r != null && Long.toString(ticketId).equals(Json.text(r, "_ticketId")) ? r : null;
    }

    /**
     * {@code POST /tickets/{id}/sendReply}: an outgoing e-mail thread. Desk requires channel, content and
     * fromEmailAddress (a from address configured in the portal; the sandbox checks only its syntax); {@code to}
     * defaults to the ticket's e-mail. {@code ticketStatus} sets the ticket's status with the reply.
     */
    private SandboxResponse sendReply(SandboxRequest req, long ticketId) {
        Object b = DeskApi.body(req, Set.of("isPrivate", "sendImmediately"));
        if (b instanceof SandboxResponse r) {
            return r;
        }
        JsonNode body = (JsonNode) b;
        List<ObjectNode> errs = unknownFields(body, REPLY_FIELDS);
        for (String f : List.of("channel", "content", "fromEmailAddress")) {
            String v = Json.text(body, f);
            if (v == null || v.isBlank()) {
                errs.add(DeskSimulator.fieldError(f, "missing", f + " is mandatory"));
            }
        }
        String channel = Json.text(body, "channel");
        if (channel != null && !channel.equals("EMAIL")) {
            errs.add(DeskSimulator.fieldError("channel", "invalid", "the sandbox sends replies on channel EMAIL only"));
        }
        String from = Json.text(body, "fromEmailAddress");
        if (from != null && !from.isBlank() && !Json.validEmail(from.strip())) {
            errs.add(DeskSimulator.fieldError("fromEmailAddress", "invalid", "'" + from + "' is not a valid email"));
        }
        ObjectNode ticket = tickets.tickets.get(ticketId);
        JsonNode isForward = body.get("isForward");
        if (isForward != null && !isForward.isNull() && !isForward.isBoolean()) {
            errs.add(DeskSimulator.fieldError("isForward", "invalid", "isForward must be true or false"));
        }
        boolean forward = isForward != null && isForward.asBoolean(false);
        // A forward goes to whom it names; a reply defaults to the ticket's email.
        String to = Json.text(body, "to") != null || forward ? Json.text(body, "to") : Json.text(ticket, "email");
        if (to == null) {
            errs.add(DeskSimulator.fieldError(
                    "to", "missing", forward ? "a forward needs to" : "the ticket has no email; give to"));
        } else if (!addresses(to)) {
            errs.add(DeskSimulator.fieldError("to", "invalid", "'" + to + "' is not a list of email addresses"));
        }
        String cc = Json.text(body, "cc");
        if (cc != null && !cc.isBlank() && !addresses(cc)) {
            errs.add(DeskSimulator.fieldError("cc", "invalid", "'" + cc + "' is not a list of email addresses"));
        }
        String contentType = Json.text(body, "contentType") == null ? "plainText" : Json.text(body, "contentType");
        if (!contentType.equals("plainText") && !contentType.equals("html")) {
            errs.add(DeskSimulator.fieldError("contentType", "invalid", "contentType must be html or plainText"));
        }
        TicketStatuses.Status status = null;
        if (Json.text(body, "ticketStatus") != null) {
            status = tickets.statuses.find(Json.text(body, "ticketStatus")).orElse(null);
            if (status == null) {
                errs.add(DeskSimulator.fieldError(
                        "ticketStatus",
                        "invalid",
                        "'" + Json.text(body, "ticketStatus") + "' is not a ticket status of this org"));
            }
        }
        String inReplyTo = Json.text(body, "inReplyToThreadId");
        if (inReplyTo != null && owned(tickets.threads, inReplyTo, ticketId) == null) {
            errs.add(DeskSimulator.fieldError("inReplyToThreadId", "invalid", "No thread " + inReplyTo + " here"));
        }
        JsonNode attachments = body.get("attachmentIds");
        if (attachments != null && attachments.isArray() && !attachments.isEmpty()) {
            errs.add(DeskSimulator.fieldError("attachmentIds", "invalid", "the sandbox has no attachments"));
        }
        if (!errs.isEmpty()) {
            return DeskApi.invalidData(errs);
        }
        ObjectNode thread =
                DeskTickets.outgoing(Json.text(body, "content"), contentType, from.strip(), to, DeskTickets.AGENT);
        // "Forwarded threads are always private" (zohodesk-oas Thread.json).
        boolean isPrivate = forward || body.path("isPrivate").asBoolean(false) || "true".equals(req.param("isPrivate"));
        thread.put("visibility", isPrivate ? "private" : "public");
        thread.put("isForward", forward);
        for (String f : List.of("cc", "bcc")) {
            if (Json.text(body, f) != null) {
                thread.put(f, Json.text(body, f));
            }
        }
        long at = desk.nextMillis();
        ObjectNode stored = tickets.addThread(ticketId, thread, at, tickets.runtimeIds());
        if (status != null) {
            tickets.update(ticketId, Json.obj().put("status", status.value()), true, at);
        }
        desk.store().commit();
        return SandboxResponse.of(200, DeskTickets.threadWire(stored, true));
    }

    /** A field error for each key of {@code body} that is not one of {@code known} (a list to add more to). */
    private static List<ObjectNode> unknownFields(JsonNode body, Set<String> known) {
        List<ObjectNode> errs = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                errs.add(DeskSimulator.fieldError(f, "invalid", "Unknown field " + f));
            }
        });
        return errs;
    }

    private static boolean addresses(String list) {
        for (String a : list.split("[,;]")) {
            String s = a.strip();
            int lt = s.indexOf('<');
            if (lt >= 0 && s.endsWith(">")) {
                s = s.substring(lt + 1, s.length() - 1);
            }
            if (!Json.validEmail(s)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ comments

    /** A ticket's comments, oldest first unless {@code sortBy=-commentedTime}; 50 a page by default, 100 at most. */
    private SandboxResponse comments(SandboxRequest req, long ticketId) {
        return ticketRecords(
                req,
                ticketId,
                tickets.comments,
                "commentedTime",
                false,
                Set.of("include"),
                50,
                100,
                DeskTickets::strip);
    }

    private SandboxResponse oneComment(SandboxRequest req, long ticketId, String commentId) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("include"));
        if (bad != null) {
            return bad;
        }
        ObjectNode c = owned(tickets.comments, commentId, ticketId);
        return c == null ? DeskApi.notFound() : SandboxResponse.of(200, DeskTickets.strip(c));
    }

    /** {@code POST /tickets/{id}/comments}: content (≤ 32,000) is required; contentType html (default) or plainText. */
    private SandboxResponse comment(SandboxRequest req, long ticketId) {
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        JsonNode body = (JsonNode) b;
        List<ObjectNode> errs = unknownFields(body, COMMENT_FIELDS);
        String content = Json.text(body, "content");
        if (content == null || content.isBlank()) {
            errs.add(DeskSimulator.fieldError("content", "missing", "content is mandatory"));
        } else if (content.length() > 32_000) {
            errs.add(DeskSimulator.fieldError("content", "invalid", "content is longer than 32000 characters"));
        }
        String contentType = Json.text(body, "contentType") == null ? "html" : Json.text(body, "contentType");
        if (!contentType.equals("plainText") && !contentType.equals("html")) {
            errs.add(DeskSimulator.fieldError("contentType", "invalid", "contentType must be html or plainText"));
        }
        JsonNode isPublic = body.get("isPublic");
        if (isPublic != null && !isPublic.isNull() && !isPublic.isBoolean()) {
            errs.add(DeskSimulator.fieldError("isPublic", "invalid", "isPublic must be true or false"));
        }
        JsonNode attachments = body.get("attachmentIds");
        if (attachments != null && attachments.isArray() && !attachments.isEmpty()) {
            errs.add(DeskSimulator.fieldError("attachmentIds", "invalid", "the sandbox has no attachments"));
        }
        if (!errs.isEmpty()) {
            return DeskApi.invalidData(errs);
        }
        ObjectNode c = tickets.addComment(
                ticketId,
                content,
                contentType,
                isPublic != null && isPublic.asBoolean(false),
                DeskTickets.AGENT,
                desk.nextMillis(),
                tickets.runtimeIds());
        desk.store().commit();
        return SandboxResponse.of(200, DeskTickets.strip(c));
    }

    // ------------------------------------------------------------------------------------------ metrics

    /**
     * {@code GET /tickets/{id}/metrics} in Desk's shape: times as "HH:mm hrs" (first response: from creation to the
     * first outgoing thread; resolution: from creation to closing), counts as numbers.
     */
    private SandboxResponse metrics(SandboxRequest req, long ticketId) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of());
        if (bad != null) {
            return bad;
        }
        ObjectNode t = tickets.tickets.get(ticketId);
        long created = Times.parseDesk(t.get("createdTime").asText());
        int outgoing = 0;
        for (long id : tickets.threads.lookup("ticket", Long.toString(ticketId))) {
            if ("out".equals(Json.text(tickets.threads.get(id), "direction"))) {
                outgoing++;
            }
        }
        JsonNode first = t.get("_firstResponseTime");
        Long closed = Times.tryParseDesk(Json.text(t, "closedTime"));
        String firstResponse = first == null ? "00:00 hrs" : DeskTickets.hoursMinutes(first.asLong() - created);
        ObjectNode out = Json.obj()
                .put("firstResponseTime", firstResponse)
                .put("reassignCount", 0)
                .put("outgoingCount", outgoing)
                .put("threadCount", Integer.parseInt(t.get("threadCount").asText()))
                .put("totalResponseTime", firstResponse)
                .put("responseCount", outgoing);
        out.putArray("agentsHandled");
        out.put("resolutionTime", closed == null ? "00:00 hrs" : DeskTickets.hoursMinutes(closed - created));
        out.putArray("stagingData");
        out.put("reopenCount", 0);
        return SandboxResponse.of(200, out);
    }
}
