package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * HTTP side of the simulated Desk tickets under {@code /sandbox/desk/api/v1}; callers hold the store lock.
 * <pre>
 * GET   /tickets?from&amp;limit&amp;sortBy&amp;status&amp;priority&amp;assignee&amp;channel&amp;include
 * POST  /tickets                     create
 * GET   /tickets/search?modifiedTimeRange=a,b&amp;sortBy=modifiedTime&amp;from&amp;limit&amp;contactId&amp;...
 * GET   /tickets/{id}?include        PATCH /tickets/{id}
 * POST  /tickets/moveToTrash         {"ticketIds":[...]}     POST /closeTickets {"ids":[...]}
 * /tickets/{id}/threads|sendReply|comments|metrics           see {@link TicketActivityApi}
 * /organizationFields, /departments, /customerHappiness       see {@link DeskOrgApi}
 * </pre>
 * Parameters and shapes follow Zoho's Desk OAS (zoho/zohodesk-oas Ticket.json, Search.json); empty pages are 204.
 */
final class TicketsApi {

    static final Set<String> LIST_PARAMS = Set.of(
            "include",
            "departmentIds",
            "priority",
            "departmentId",
            "limit",
            "channel",
            "from",
            "sortBy",
            "assignee",
            "teamIds",
            "receivedInDays",
            "status",
            "viewId",
            "fields",
            "filters");
    static final Set<String> LIST_UNSUPPORTED = Set.of("teamIds", "viewId", "fields", "filters");
    static final Set<String> LIST_SORTS = Set.of("dueDate", "createdTime", "recentThread");
    static final Set<String> SEARCH_RANGES = Set.of("modifiedTimeRange", "createdTimeRange", "dueDateRange");
    /** Search filters matched exactly, any of comma-separated values. */
    static final Set<String> SEARCH_EXACT =
            Set.of("id", "ticketNumber", "contactId", "accountId", "assigneeId", "departmentId", "priority", "channel");
    /** Search filters matched as text, {@code value*} for a prefix. */
    static final Set<String> SEARCH_TEXT = Set.of("email", "phone", "subject", "description", "category");

    static final Set<String> SEARCH_UNSUPPORTED = Set.of(
            "accountName",
            "productName",
            "_all",
            "productId",
            "customerResponseTimeRange",
            "tag",
            "contactName",
            "customField1",
            "customField2",
            "customField3",
            "customField4",
            "customField5",
            "customField6",
            "customField7",
            "customField8",
            "customField9",
            "customField10");
    static final Set<String> SEARCH_SORTS = Set.of("relevance", "modifiedTime", "createdTime", "customerResponseTime");
    static final Set<String> INCLUDES =
            Set.of("contacts", "products", "departments", "team", "assignee", "contract", "isRead", "skills");

    /** The list view's fields (OAS listviewJson): no modifiedTime, description, cf, isOverDue or isEscalated. */
    static final List<String> LIST_FIELDS = List.of(
            "id",
            "ticketNumber",
            "subject",
            "status",
            "statusType",
            "priority",
            "channel",
            "channelCode",
            "email",
            "phone",
            "contactId",
            "accountId",
            "departmentId",
            "assigneeId",
            "teamId",
            "productId",
            "createdTime",
            "closedTime",
            "onholdTime",
            "dueDate",
            "responseDueDate",
            "customerResponseTime",
            "threadCount",
            "commentCount",
            "source",
            "sentiment",
            "language",
            "category",
            "subCategory",
            "layoutId",
            "isArchived",
            "isSpam",
            "lockedTime",
            "webUrl");

    private final DeskSimulator desk;
    private final DeskTickets tickets;
    private final TicketActivityApi activity;
    private final DeskOrgApi org;

    TicketsApi(DeskSimulator desk) {
        this.desk = desk;
        this.tickets = desk.tickets();
        this.activity = new TicketActivityApi(desk);
        this.org = new DeskOrgApi(desk);
    }

    /** The first path segments this API answers. */
    static boolean serves(String firstSegment) {
        return Set.of("tickets", "closeTickets", "organizationFields", "departments", "customerHappiness")
                .contains(firstSegment);
    }

    SandboxResponse handle(SandboxRequest req) {
        List<String> seg = req.segments();
        String method = req.method();
        switch (seg.get(0)) {
            case "closeTickets" -> {
                return seg.size() > 1 ? DeskApi.notFound() : only(method, "POST", () -> close(req));
            }
            case "organizationFields" -> {
                return seg.size() > 1 ? DeskApi.notFound() : only(method, "GET", () -> org.fields(req));
            }
            case "departments" -> {
                return seg.size() > 1 ? DeskApi.notFound() : only(method, "GET", () -> org.departments(req));
            }
            case "customerHappiness" -> {
                return seg.size() > 1 ? DeskApi.notFound() : only(method, "GET", () -> org.happiness(req));
            }
            default -> {
                // tickets
            }
        }
        if (seg.size() == 1) {
            return switch (method) {
                case "GET" -> list(req);
                case "POST" -> create(req);
                default -> DeskApi.notAllowed();
            };
        }
        String sub = seg.get(1);
        if (seg.size() == 2 && sub.equals("search")) {
            return only(method, "GET", () -> search(req));
        }
        if (seg.size() == 2 && sub.equals("moveToTrash")) {
            return only(method, "POST", () -> moveToTrash(req));
        }
        Long key = CrmSimulator.parseId(sub);
        if (key == null || tickets.tickets.meta(key) == null) {
            return DeskApi.notFound();
        }
        if (seg.size() > 2) {
            return activity.handle(req, key, seg.subList(2, seg.size()));
        }
        return switch (method) {
            case "GET" -> getOne(req, key);
            case "PATCH" -> patch(req, key);
            default -> DeskApi.notAllowed();
        };
    }

    static SandboxResponse only(String method, String allowed, java.util.function.Supplier<SandboxResponse> call) {
        return method.equals(allowed) ? call.get() : DeskApi.notAllowed();
    }

    // ------------------------------------------------------------------------------------------ reads

    private SandboxResponse list(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(req, LIST_PARAMS);
        if (bad == null) {
            bad = unsupported(req, LIST_UNSUPPORTED);
        }
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_FROM, 25, DeskApi.MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        String sortBy = req.param("sortBy") == null ? "createdTime" : req.param("sortBy");
        boolean desc = sortBy.startsWith("-");
        String key = desc ? sortBy.substring(1) : sortBy;
        if (!LIST_SORTS.contains(key)) {
            return DeskApi.unprocessable("The value passed for 'sortBy' is invalid. Allowed values are " + LIST_SORTS
                    + " (- for descending).");
        }
        Object include = includes(req);
        if (include instanceof SandboxResponse r) {
            return r;
        }
        List<Predicate<ObjectNode>> filters = new ArrayList<>();
        for (String p : List.of("status", "priority", "channel")) {
            if (req.param(p) != null) {
                filters.add(p.equals("status") ? statusFilter(req.param(p)) : anyOf(p, req.param(p)));
            }
        }
        if (req.param("assignee") != null) {
            Set<String> who = csv(req.param("assignee"));
            filters.add(t -> who.contains(Json.text(t, "assigneeId"))
                    || (who.contains("Unassigned") && Json.text(t, "assigneeId") == null));
        }
        for (String p : List.of("departmentId", "departmentIds")) {
            if (req.param(p) != null) {
                Set<String> departments = csv(req.param(p));
                filters.add(t -> departments.contains(Json.text(t, "departmentId")));
            }
        }
        if (req.param("receivedInDays") != null) {
            String d = req.param("receivedInDays");
            if (!Set.of("15", "30", "90", "-1").contains(d)) {
                return DeskApi.unprocessable(
                        "The value passed for 'receivedInDays' is invalid. Allowed values are 15, 30, 90 and -1.");
            }
            if (!d.equals("-1")) {
                long since = tickets.now() - Long.parseLong(d) * 86_400_000L;
                filters.add(t -> Times.parseDesk(t.get("customerResponseTime").asText()) >= since);
            }
        }
        List<ObjectNode> all = new ArrayList<>();
        for (RecordTable.Meta m : tickets.tickets.byId(true)) {
            ObjectNode t = tickets.tickets.get(m.id());
            if (filters.stream().allMatch(f -> f.test(t))) {
                all.add(t);
            }
        }
        Comparator<ObjectNode> order =
                switch (key) {
                    case "dueDate" ->
                        Comparator.comparing(
                                (ObjectNode t) -> Times.tryParseDesk(Json.text(t, "dueDate")),
                                Comparator.nullsLast(Comparator.naturalOrder()));
                    case "recentThread" -> Comparator.comparingLong(TicketsApi::recentThread);
                    default ->
                        Comparator.comparingLong((ObjectNode t) ->
                                Times.parseDesk(t.get("createdTime").asText()));
                };
        order = desc ? order.reversed() : order;
        all.sort(order.thenComparingLong(t -> Long.parseLong(t.get("id").asText())));
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode t : all) {
            items.add(listItem(t, (Set<?>) include));
        }
        // As the contact list: from is 1-based.
        return ((DeskPaging) paging).pageFromOne(items);
    }

    private static long recentThread(ObjectNode t) {
        JsonNode last = t.get("_lastThreadTime");
        return last != null
                ? last.asLong()
                : Times.parseDesk(t.get("createdTime").asText());
    }

    private ObjectNode listItem(ObjectNode stored, Set<?> include) {
        ObjectNode out = Json.obj();
        for (String f : LIST_FIELDS) {
            out.set(f, stored.get(f));
        }
        out.set("lastThread", stored.has("_lastThread") ? stored.get("_lastThread") : null);
        out.putNull("relationshipType");
        addIncludes(out, stored, include);
        return out;
    }

    private void addIncludes(ObjectNode out, ObjectNode stored, Set<?> include) {
        if (include.contains("contacts")) {
            out.set("contact", contactOf(stored));
        }
        if (include.contains("assignee")) {
            out.set("assignee", assigneeOf(stored, "email"));
        }
        if (include.contains("departments")) {
            out.set("department", department());
        }
        if (include.contains("products")) {
            out.putNull("product");
        }
        if (include.contains("team")) {
            out.putNull("team");
        }
        if (include.contains("isRead")) {
            out.put("isRead", false);
        }
    }

    private Object includes(SandboxRequest req) {
        Set<String> include = req.param("include") == null ? Set.of() : csv(req.param("include"));
        for (String i : include) {
            if (!INCLUDES.contains(i)) {
                return DeskApi.unprocessable(
                        "The value passed for 'include' is invalid. Allowed values are " + INCLUDES + ".");
            }
        }
        return include;
    }

    private SandboxResponse getOne(SandboxRequest req, long key) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("include"));
        if (bad != null) {
            return bad;
        }
        Object include = includes(req);
        if (include instanceof SandboxResponse r) {
            return r;
        }
        ObjectNode stored = tickets.tickets.get(key);
        ObjectNode out = tickets.wire(stored);
        out.put("isFollowing", false);
        out.put("tagCount", "0");
        out.put("followerCount", "0");
        addIncludes(out, stored, (Set<?>) include);
        return SandboxResponse.of(200, out);
    }

    /** {@code GET /tickets/search}: every match counted, one page returned, 204 when the page is empty. */
    private SandboxResponse search(SandboxRequest req) {
        Set<String> known = new java.util.HashSet<>(Set.of("from", "limit", "sortBy", "status"));
        known.addAll(SEARCH_RANGES);
        known.addAll(SEARCH_EXACT);
        known.addAll(SEARCH_TEXT);
        known.addAll(SEARCH_UNSUPPORTED);
        SandboxResponse bad = DeskApi.extraParam(req, known);
        if (bad == null) {
            bad = unsupported(req, SEARCH_UNSUPPORTED);
        }
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_SEARCH_FROM, 10, DeskApi.MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        String sortBy = req.param("sortBy") == null ? "relevance" : req.param("sortBy");
        boolean desc = sortBy.startsWith("-");
        String sortKey = desc ? sortBy.substring(1) : sortBy;
        if (!SEARCH_SORTS.contains(sortKey) || (desc && sortKey.equals("relevance"))) {
            return DeskApi.unprocessable("The value passed for 'sortBy' is invalid. Allowed values are relevance, "
                    + "modifiedTime, createdTime and customerResponseTime (- for descending).");
        }
        long[][] ranges = new long[3][];
        List<String> rangeNames = List.of("modifiedTimeRange", "createdTimeRange", "dueDateRange");
        for (int i = 0; i < 3; i++) {
            String v = req.param(rangeNames.get(i));
            if (v != null) {
                ranges[i] = DeskApi.range(v);
                if (ranges[i] == null) {
                    return DeskApi.unprocessable("The value passed for '" + rangeNames.get(i) + "' is invalid. Use "
                            + "yyyy-MM-ddTHH:mm:ss.SSSZ,yyyy-MM-ddTHH:mm:ss.SSSZ.");
                }
            }
        }
        List<Predicate<ObjectNode>> filters = new ArrayList<>();
        for (String p : req.query().keySet()) {
            String v = req.param(p);
            if (SEARCH_EXACT.contains(p)) {
                filters.add(anyOf(p, v));
            } else if (SEARCH_TEXT.contains(p)) {
                List<Predicate<ObjectNode>> any =
                        csv(v).stream().map(x -> DeskApi.matcher(p, x)).collect(Collectors.toList());
                filters.add(t -> any.stream().anyMatch(f -> f.test(t)));
            } else if (p.equals("status")) {
                filters.add(statusFilter(v));
            }
        }
        long[] due = ranges[2];
        if (due != null) {
            filters.add(t -> {
                Long d = Times.tryParseDesk(Json.text(t, "dueDate"));
                return d != null && d >= due[0] && d <= due[1];
            });
        }
        if (filters.isEmpty() && ranges[0] == null && ranges[1] == null) {
            return DeskApi.unprocessable("At least one search criteria is required.");
        }
        List<ObjectNode> hits = matches(sortKey, desc, ranges[0], ranges[1], filters);
        DeskPaging p = (DeskPaging) paging;
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode t :
                hits.subList(Math.min(p.from(), hits.size()), Math.min(p.from() + p.limit(), hits.size()))) {
            ObjectNode item = tickets.wire(t);
            item.set("contact", contactOf(t));
            item.set("assignee", assigneeOf(t, "emailId"));
            item.set("department", department());
            item.put("isRead", false);
            items.add(item);
        }
        SandboxResponse page = DeskPaging.data(items);
        if (page.body() instanceof ObjectNode body) {
            body.put("count", hits.size());
        }
        return page;
    }

    /** Visible tickets matching the ranges and filters, in search order (equal times by id). */
    private List<ObjectNode> matches(
            String sortKey, boolean desc, long[] modified, long[] created, List<Predicate<ObjectNode>> filters) {
        RecordTable table = tickets.tickets;
        Iterable<RecordTable.Meta> candidates;
        if (sortKey.equals("modifiedTime") || (sortKey.equals("relevance") && modified != null)) {
            NavigableSet<RecordTable.Meta> s =
                    modified == null ? table.byModified() : table.modifiedRange(modified[0], modified[1]);
            candidates = desc ? s.descendingSet() : s;
        } else if (sortKey.equals("createdTime")) {
            NavigableSet<RecordTable.Meta> s =
                    created == null ? table.byCreated() : table.createdRange(created[0], created[1]);
            candidates = desc ? s.descendingSet() : s;
        } else {
            candidates = table.byId(true);
        }
        List<ObjectNode> hits = new ArrayList<>();
        for (RecordTable.Meta m : candidates) {
            if ((modified != null && (m.modified() < modified[0] || m.modified() > modified[1]))
                    || (created != null && (m.created() < created[0] || m.created() > created[1]))) {
                continue;
            }
            ObjectNode t = table.get(m.id());
            if (filters.stream().allMatch(f -> f.test(t))) {
                hits.add(t);
            }
        }
        if (sortKey.equals("customerResponseTime")) {
            Comparator<ObjectNode> c = Comparator.comparingLong(
                    t -> Times.parseDesk(t.get("customerResponseTime").asText()));
            hits.sort((desc ? c.reversed() : c)
                    .thenComparingLong(t -> Long.parseLong(t.get("id").asText())));
        }
        return hits;
    }

    /** Status names (any case) or {@code ${open}}, {@code ${onhold}}, {@code ${closed}} for a status type. */
    private static Predicate<ObjectNode> statusFilter(String value) {
        Set<String> wanted =
                csv(value).stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return t -> {
            String status = Json.text(t, "status");
            String type = Json.text(t, "statusType");
            String typeToken = "${" + (type == null ? "" : type.replace(" ", "").toLowerCase(Locale.ROOT)) + "}";
            return (status != null && wanted.contains(status.toLowerCase(Locale.ROOT))) || wanted.contains(typeToken);
        };
    }

    private static Predicate<ObjectNode> anyOf(String field, String value) {
        Set<String> wanted =
                csv(value).stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return t -> {
            String v = Json.text(t, field);
            return v != null && wanted.contains(v.toLowerCase(Locale.ROOT));
        };
    }

    static Set<String> csv(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    static SandboxResponse unsupported(SandboxRequest req, Set<String> params) {
        for (String p : req.query().keySet()) {
            if (params.contains(p)) {
                return DeskApi.unprocessable("The sandbox does not support the parameter '" + p + "'.");
            }
        }
        return null;
    }

    private ObjectNode contactOf(ObjectNode ticket) {
        String id = Json.text(ticket, "contactId");
        ObjectNode c = id == null ? null : desk.contacts.get(Long.parseLong(id));
        if (c == null) {
            return null;
        }
        ObjectNode out = Json.obj();
        for (String f : List.of("id", "firstName", "lastName", "email", "phone", "mobile", "type")) {
            out.set(f, c.get(f));
        }
        out.put("isSpam", false);
        String accountId = Json.text(c, "accountId");
        ObjectNode a = accountId == null ? null : desk.accounts.get(Long.parseLong(accountId));
        out.set(
                "account",
                a == null
                        ? null
                        : Json.obj()
                                .put("id", accountId)
                                .put("accountName", Json.text(a, "accountName"))
                                .put("website", Json.text(a, "website")));
        return out;
    }

    private static ObjectNode assigneeOf(ObjectNode ticket, String emailKey) {
        DeskTickets.Agent a = DeskTickets.agent(Json.text(ticket, "assigneeId"));
        if (a == null) {
            return null;
        }
        return Json.obj()
                .put("id", a.id())
                .put("firstName", a.firstName())
                .put("lastName", a.lastName())
                .putNull("photoURL")
                .put(emailKey, a.email());
    }

    static ObjectNode department() {
        return Json.obj().put("id", DeskTickets.DEPARTMENT_ID).put("name", DeskTickets.DEPARTMENT_NAME);
    }

    // ------------------------------------------------------------------------------------------ writes

    private SandboxResponse create(SandboxRequest req) {
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        DeskTickets.Write w =
                tickets.create((JsonNode) b, true, tickets.runtimeIds(), tickets.runtimeIds(), desk.nextMillis());
        return written(w);
    }

    private SandboxResponse patch(SandboxRequest req, long key) {
        Object b = DeskApi.body(req, Set.of("disableClosureNotification"));
        if (b instanceof SandboxResponse r) {
            return r;
        }
        return written(tickets.update(key, (JsonNode) b, true, desk.nextMillis()));
    }

    private SandboxResponse written(DeskTickets.Write w) {
        if (!w.errors().isEmpty()) {
            return DeskApi.invalidData(w.errors());
        }
        desk.store().commit();
        return SandboxResponse.of(200, tickets.wire(w.ticket()));
    }

    /** {@code POST /tickets/moveToTrash {"ticketIds":[...]}}: 204. */
    private SandboxResponse moveToTrash(SandboxRequest req) {
        return bulk(req, "ticketIds", tickets::trash, 204);
    }

    /** {@code POST /closeTickets {"ids":[...]}}: each ticket gets the org's first Closed status; 200, no body. */
    private SandboxResponse close(SandboxRequest req) {
        return bulk(req, "ids", tickets::close, 200);
    }

    /** Apply {@code action} at one time to every ticket listed in {@code field}, all or none; {@code status}, no body. */
    private SandboxResponse bulk(
            SandboxRequest req, String field, java.util.function.ObjLongConsumer<List<Long>> action, int status) {
        Object keys = ticketIds(req, field);
        if (keys instanceof SandboxResponse r) {
            return r;
        }
        @SuppressWarnings("unchecked")
        List<Long> ids = (List<Long>) keys;
        action.accept(ids, desk.nextMillis());
        desk.store().commit();
        return SandboxResponse.empty(status);
    }

    /** The ticket ids of a bulk body (all or nothing), or the 422 naming the field. */
    private Object ticketIds(SandboxRequest req, String field) {
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        JsonNode ids = ((JsonNode) b).get(field);
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            return DeskApi.invalidData(List.of(
                    DeskSimulator.fieldError(field, "missing", field + " must be a non-empty array of ticket ids")));
        }
        List<Long> keys = new ArrayList<>();
        for (int i : IntStream.range(0, ids.size()).toArray()) {
            JsonNode n = ids.get(i);
            Long key = n.isValueNode() ? CrmSimulator.parseId(n.asText()) : null;
            if (key == null || tickets.tickets.meta(key) == null) {
                return DeskApi.invalidData(List.of(
                        DeskSimulator.fieldError(field + "/" + i, "invalid", "No ticket with id " + n.asText())));
            }
            keys.add(key);
        }
        return keys;
    }
}
