package io.deskbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * HTTP side of the simulated Zoho Desk v1 API under {@code /sandbox/desk/api/v1}: contacts, accounts and the recycle
 * bin here, tickets and what surrounds them in {@link TicketsApi}.
 */
final class DeskApi {

    /** The lists' {@code from} bound. */
    static final int MAX_FROM = 4999;
    /** Every search's {@code from} goes from 0 to 999 (zohodesk-oas Search.json: tickets, contacts and accounts). */
    static final int MAX_SEARCH_FROM = 999;

    static final int MAX_LIMIT = 100;
    static final Set<String> LIST_PARAMS = Set.of("from", "limit", "sortBy", "include", "viewId", "fields");
    static final Set<String> CONTACT_SEARCH_PARAMS = Set.of(
            "from",
            "limit",
            "sortBy",
            "email",
            "firstName",
            "lastName",
            "fullName",
            "phone",
            "modifiedTimeRange",
            "createdTimeRange");
    static final Set<String> ACCOUNT_SEARCH_PARAMS =
            Set.of("from", "limit", "sortBy", "accountName", "email", "phone", "modifiedTimeRange", "createdTimeRange");
    static final Set<String> CONTACT_LIST_SORTS =
            Set.of("firstName", "lastName", "phone", "email", "account", "createdTime", "modifiedTime");
    static final Set<String> ACCOUNT_LIST_SORTS =
            Set.of("accountName", "email", "phone", "website", "createdTime", "modifiedTime");
    static final Set<String> SEARCH_SORTS = Set.of("relevance", "modifiedTime", "createdTime");

    private final DeskSimulator desk;
    private final OAuthSimulator oauth;
    private final String orgId;
    private final TicketsApi tickets;
    private final DeskProductsApi products;
    private final DeskAgentsApi agents;

    DeskApi(DeskSimulator desk, OAuthSimulator oauth, String orgId) {
        this.desk = desk;
        this.oauth = oauth;
        this.orgId = orgId;
        this.tickets = new TicketsApi(desk);
        this.products = new DeskProductsApi(desk, desk.store());
        this.agents = new DeskAgentsApi(desk);
    }

    /** The products and their departments (issue 15). */
    DeskProductsApi products() {
        return products;
    }

    static SandboxResponse error(int status, String code, String message) {
        return SandboxResponse.of(status, Json.obj().put("errorCode", code).put("message", message));
    }

    static SandboxResponse unprocessable(String message) {
        return error(422, "UNPROCESSABLE_ENTITY", message);
    }

    static SandboxResponse invalidData(List<ObjectNode> errors) {
        ObjectNode b = Json.obj()
                .put("errorCode", "INVALID_DATA")
                .put("message", "An invalid value has been passed in the input.");
        ArrayNode a = b.putArray("errors");
        errors.forEach(a::add);
        return SandboxResponse.of(422, b);
    }

    static SandboxResponse notFound() {
        return error(404, "URL_NOT_FOUND", "The URL you requested could not be found on the server.");
    }

    static SandboxResponse notAllowed() {
        return error(405, "METHOD_NOT_ALLOWED", "The requested method is not allowed for this resource.");
    }

    SandboxResponse handle(SandboxRequest req) {
        if (!oauth.authorized(req.header("Authorization"))) {
            return error(401, "INVALID_OAUTH", "The OAuth Token you provided is invalid.");
        }
        String org = req.header("orgId");
        if (org == null || org.isBlank()) {
            return unprocessable("orgId is missing in the request header");
        }
        if (!org.strip().equals(orgId)) {
            return error(
                    403,
                    "OAUTH_ORG_MISMATCH",
                    "The OAuth Token you provided is not valid for the organization specified in the orgId header.");
        }
        List<String> seg = req.segments();
        if (DeskAgentsApi.serves(seg)) {
            synchronized (desk.store().lock) {
                return agents.handle(req);
            }
        }
        if (!seg.isEmpty() && TicketsApi.serves(seg.get(0))) {
            synchronized (desk.store().lock) {
                return tickets.handle(req);
            }
        }
        if (!seg.isEmpty() && DeskProductsApi.serves(seg.get(0))) {
            synchronized (desk.store().lock) {
                return products.handle(req);
            }
        }
        if (seg.isEmpty() || seg.size() > 2) {
            return notFound();
        }
        if (seg.size() == 1 && seg.get(0).equals("recycleBin")) {
            synchronized (desk.store().lock) {
                return req.method().equals("GET") ? recycleBin(req) : notAllowed();
            }
        }
        DeskSimulator.Kind kind =
                switch (seg.get(0)) {
                    case "contacts" -> DeskSimulator.Kind.CONTACT;
                    case "accounts" -> DeskSimulator.Kind.ACCOUNT;
                    default -> null;
                };
        if (kind == null) {
            return notFound();
        }
        String method = req.method();
        synchronized (desk.store().lock) {
            if (seg.size() == 1) {
                return switch (method) {
                    case "GET" -> list(req, kind);
                    case "POST" -> create(req, kind);
                    default -> notAllowed();
                };
            }
            String sub = seg.get(1);
            if (sub.equals("search")) {
                return method.equals("GET") ? search(req, kind) : notAllowed();
            }
            if (sub.equals("moveToTrash") && kind == DeskSimulator.Kind.CONTACT) {
                return method.equals("POST") ? moveToTrash(req) : notAllowed();
            }
            return switch (method) {
                case "GET" -> getOne(req, kind, sub);
                case "PATCH" -> patch(req, kind, sub);
                default -> notAllowed();
            };
        }
    }

    static SandboxResponse extraParam(SandboxRequest req, Set<String> allowed) {
        for (String p : req.query().keySet()) {
            if (!allowed.contains(p)) {
                return unprocessable("Extra query parameter '" + p + "' is present in the input.");
            }
        }
        return null;
    }

    /** Parse an int param; null result with an error response via the holder. */
    static Object intParam(SandboxRequest req, String name, int dflt, int min, int max) {
        String s = req.param(name);
        if (s == null) {
            return dflt;
        }
        Integer v = CrmApi.parseInt(s);
        if (v == null) {
            return unprocessable("The value passed for '" + name + "' is invalid. It must be a number.");
        }
        if (v < min || v > max) {
            return unprocessable("The value passed for '" + name + "' exceeds the range of '" + min + "-" + max + "'.");
        }
        return v;
    }

    private ObjectNode listItem(ObjectNode rec) {
        rec.remove("modifiedTime");
        return rec;
    }

    // ------------------------------------------------------------------------------------------ list

    private SandboxResponse list(SandboxRequest req, DeskSimulator.Kind kind) {
        SandboxResponse bad = extraParam(req, LIST_PARAMS);
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 1, MAX_FROM, 10, MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        String sortBy = req.param("sortBy") == null ? "createdTime" : req.param("sortBy");
        boolean desc = sortBy.startsWith("-");
        String key = desc ? sortBy.substring(1) : sortBy;
        Set<String> sorts = kind == DeskSimulator.Kind.CONTACT ? CONTACT_LIST_SORTS : ACCOUNT_LIST_SORTS;
        if (!sorts.contains(key)) {
            return unprocessable("The value passed for 'sortBy' is invalid. Allowed values are " + sorts + ".");
        }
        RecordTable t = desk.table(kind);
        int offset = Math.max(((DeskPaging) paging).from(), 1) - 1;
        int lim = ((DeskPaging) paging).limit();
        List<ObjectNode> page = new ArrayList<>();
        if (key.equals("createdTime") || key.equals("modifiedTime")) {
            NavigableSet<RecordTable.Meta> s = key.equals("createdTime") ? t.byCreated() : t.byModified();
            int i = 0;
            for (RecordTable.Meta m : desc ? s.descendingSet() : s) {
                if (i++ < offset) {
                    continue;
                }
                if (page.size() >= lim) {
                    break;
                }
                page.add(t.get(m.id()));
            }
        } else {
            String field = key.equals("account") ? "accountId" : key;
            List<ObjectNode> all = new ArrayList<>();
            for (RecordTable.Meta m : t.byId(true)) {
                all.add(t.get(m.id()));
            }
            Comparator<ObjectNode> c =
                    Comparator.comparing(r -> sortKey(r, field), Comparator.nullsLast(Comparator.naturalOrder()));
            if (desc) {
                c = Comparator.comparing(
                        (ObjectNode r) -> sortKey(r, field), Comparator.nullsLast(Comparator.<String>reverseOrder()));
            }
            all.sort(c.thenComparing(r -> Long.parseLong(r.get("id").asText())));
            page.addAll(all.subList(Math.min(offset, all.size()), Math.min(offset + lim, all.size())));
        }
        if (page.isEmpty()) {
            return SandboxResponse.empty(204);
        }
        ObjectNode body = Json.obj();
        ArrayNode data = body.putArray("data");
        page.forEach(r -> data.add(listItem(r)));
        return SandboxResponse.of(200, body);
    }

    private static String sortKey(ObjectNode r, String field) {
        String s = Json.text(r, field);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------ search

    private SandboxResponse search(SandboxRequest req, DeskSimulator.Kind kind) {
        boolean contact = kind == DeskSimulator.Kind.CONTACT;
        SandboxResponse bad = extraParam(req, contact ? CONTACT_SEARCH_PARAMS : ACCOUNT_SEARCH_PARAMS);
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, MAX_SEARCH_FROM, 10, MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        String sortBy = req.param("sortBy") == null ? "relevance" : req.param("sortBy");
        boolean desc = sortBy.startsWith("-");
        String sortKey = desc ? sortBy.substring(1) : sortBy;
        if (!SEARCH_SORTS.contains(sortKey) || (desc && sortKey.equals("relevance"))) {
            return unprocessable("The value passed for 'sortBy' is invalid. Allowed values are relevance, "
                    + "modifiedTime, -modifiedTime, createdTime, -createdTime.");
        }
        long[] modRange = null;
        long[] createdRange = null;
        if (req.param("modifiedTimeRange") != null) {
            modRange = range(req.param("modifiedTimeRange"));
            if (modRange == null) {
                return unprocessable("The value passed for 'modifiedTimeRange' is invalid. Use "
                        + "yyyy-MM-ddTHH:mm:ss.SSSZ,yyyy-MM-ddTHH:mm:ss.SSSZ.");
            }
        }
        if (req.param("createdTimeRange") != null) {
            createdRange = range(req.param("createdTimeRange"));
            if (createdRange == null) {
                return unprocessable("The value passed for 'createdTimeRange' is invalid. Use "
                        + "yyyy-MM-ddTHH:mm:ss.SSSZ,yyyy-MM-ddTHH:mm:ss.SSSZ.");
            }
        }
        List<Predicate<ObjectNode>> recordFilters = new ArrayList<>();
        String emailKey = null;
        String nameKey = null;
        for (String p : req.query().keySet()) {
            if (Set.of("from", "limit", "sortBy", "modifiedTimeRange", "createdTimeRange")
                    .contains(p)) {
                continue;
            }
            String value = req.param(p);
            if (p.equals("email")) {
                emailKey = Json.norm(value);
            }
            if (p.equals("accountName") && value != null && !value.endsWith("*")) {
                nameKey = Json.norm(value);
            }
            recordFilters.add(matcher(p, value));
        }
        if (recordFilters.isEmpty() && modRange == null && createdRange == null) {
            return unprocessable("At least one search criteria is required.");
        }
        RecordTable t = desk.table(kind);
        Iterable<RecordTable.Meta> candidates;
        boolean presorted = true;
        if (emailKey != null || nameKey != null) {
            List<RecordTable.Meta> metas = new ArrayList<>();
            List<Long> ids =
                    emailKey != null ? (contact ? t.lookup("email", emailKey) : List.of()) : t.lookup("name", nameKey);
            if (emailKey != null && !contact) {
                for (RecordTable.Meta m : t.byId(true)) {
                    metas.add(m);
                }
            } else {
                ids.forEach(id -> metas.add(t.meta(id)));
            }
            candidates = metas;
            presorted = false;
        } else if (sortKey.equals("modifiedTime") || (sortKey.equals("relevance") && modRange != null)) {
            NavigableSet<RecordTable.Meta> s =
                    modRange == null ? t.byModified() : t.modifiedRange(modRange[0], modRange[1]);
            candidates = desc ? s.descendingSet() : s;
        } else {
            NavigableSet<RecordTable.Meta> s =
                    createdRange == null ? t.byCreated() : t.createdRange(createdRange[0], createdRange[1]);
            candidates = desc ? s.descendingSet() : s;
            presorted = !sortKey.equals("modifiedTime");
        }
        final long[] mr = modRange;
        final long[] cr = createdRange;
        Predicate<RecordTable.Meta> metaFilter = m -> (mr == null || (m.modified() >= mr[0] && m.modified() <= mr[1]))
                && (cr == null || (m.created() >= cr[0] && m.created() <= cr[1]));
        int offset = ((DeskPaging) paging).from();
        int lim = ((DeskPaging) paging).limit();
        List<ObjectNode> page = new ArrayList<>();
        int count = 0;
        if (presorted) {
            for (RecordTable.Meta m : candidates) {
                if (!metaFilter.test(m)) {
                    continue;
                }
                boolean inPage = count >= offset && page.size() < lim;
                if (recordFilters.isEmpty()) {
                    if (inPage) {
                        page.add(t.get(m.id()));
                    }
                    count++;
                    continue;
                }
                ObjectNode rec = t.get(m.id());
                if (recordFilters.stream().allMatch(f -> f.test(rec))) {
                    if (inPage) {
                        page.add(rec);
                    }
                    count++;
                }
            }
        } else {
            List<RecordTable.Meta> hits = new ArrayList<>();
            for (RecordTable.Meta m : candidates) {
                if (m != null && m.visible() && metaFilter.test(m)) {
                    ObjectNode rec = t.get(m.id());
                    if (recordFilters.stream().allMatch(f -> f.test(rec))) {
                        hits.add(m);
                    }
                }
            }
            Comparator<RecordTable.Meta> c =
                    sortKey.equals("modifiedTime") ? RecordTable.BY_MODIFIED : RecordTable.BY_CREATED;
            hits.sort(desc ? c.reversed() : c);
            count = hits.size();
            for (int i = offset; i < hits.size() && page.size() < lim; i++) {
                page.add(t.get(hits.get(i).id()));
            }
        }
        if (page.isEmpty()) {
            return SandboxResponse.empty(204);
        }
        ObjectNode body = Json.obj();
        ArrayNode data = body.putArray("data");
        page.forEach(data::add);
        body.put("count", count);
        return SandboxResponse.of(200, body);
    }

    static Predicate<ObjectNode> matcher(String param, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        boolean prefix = v.endsWith("*");
        String needle = prefix ? v.substring(0, v.length() - 1) : v;
        return rec -> {
            String actual = param.equals("fullName")
                    ? join(Json.text(rec, "firstName"), Json.text(rec, "lastName"))
                    : Json.text(rec, param);
            if (actual == null) {
                return false;
            }
            String a = actual.strip().toLowerCase(Locale.ROOT);
            return prefix ? a.startsWith(needle) : a.equals(needle);
        };
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null ? a : a + " " + b;
    }

    static long[] range(String s) {
        String[] p = s.split(",");
        if (p.length != 2) {
            return null;
        }
        Long a = Times.tryParseDesk(p[0]);
        Long b = Times.tryParseDesk(p[1]);
        return a == null || b == null ? null : new long[] {a, b};
    }

    // ------------------------------------------------------------------------------------------ single records

    private SandboxResponse getOne(SandboxRequest req, DeskSimulator.Kind kind, String id) {
        SandboxResponse bad = extraParam(req, Set.of("include"));
        if (bad != null) {
            return bad;
        }
        Long key = CrmSimulator.parseId(id);
        ObjectNode rec = key == null ? null : desk.table(kind).get(key);
        if (rec == null) {
            return notFound();
        }
        return SandboxResponse.of(200, rec);
    }

    /**
     * The JSON object body of a write whose query may hold only {@code params}, or the answer refusing it: 422 for
     * an extra query parameter or an empty or non-object body, 400 for malformed JSON.
     */
    static Object body(SandboxRequest req, Set<String> params) {
        SandboxResponse bad = extraParam(req, params);
        return bad != null ? bad : body(req);
    }

    /** Parse a write body: must be a non-empty JSON object. Returns the object or an error response. */
    static Object body(SandboxRequest req) {
        if (req.body() == null || req.body().isBlank()) {
            return error(422, "EMPTY_PAYLOAD", "The request body is empty. Send a JSON object.");
        }
        JsonNode n;
        try {
            n = Json.parse(req.body());
        } catch (JsonProcessingException e) {
            return error(400, "BAD_REQUEST", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            return error(422, "INVALID_DATA", "The request body must be a JSON object.");
        }
        return n;
    }

    private SandboxResponse create(SandboxRequest req, DeskSimulator.Kind kind) {
        Object b = body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        ObjectNode rec = DeskSimulator.blank(kind, null);
        List<ObjectNode> errs = desk.apply(kind, (JsonNode) b, rec, true);
        if (!errs.isEmpty()) {
            return invalidData(errs);
        }
        long now = desk.nextMillis();
        ObjectNode out = desk.insert(kind, null, rec, now, now);
        desk.store().commit();
        return SandboxResponse.of(200, out);
    }

    private SandboxResponse patch(SandboxRequest req, DeskSimulator.Kind kind, String id) {
        Long key = CrmSimulator.parseId(id);
        RecordTable t = desk.table(kind);
        if (key == null || t.meta(key) == null) {
            return notFound();
        }
        Object b = body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        ObjectNode rec = t.get(key);
        List<ObjectNode> errs = desk.apply(kind, (JsonNode) b, rec, true);
        if (!errs.isEmpty()) {
            return invalidData(errs);
        }
        rec.put("modifiedTime", Times.desk(desk.nextMillis()));
        t.put(key, rec);
        desk.store().commit();
        return SandboxResponse.of(200, rec);
    }

    /**
     * {@code GET /recycleBin?module=contacts&sortBy=-deletedTime&from=0&limit=100}: trashed records as
     * {@code {"data":[{"id","type","displayName","deletedTime","deletedById","departmentId"}]}}, 204 when the
     * page is empty. The parameters and item shape follow Zoho's published Desk API collection ("List deleted
     * resources", mirrored at developers.qodex.ai): {@code sortBy} is one of name, type, department, deletedBy,
     * deletedTime, ascending unless prefixed with {@code -}; the sandbox sorts only by deletedTime (the default,
     * oldest first), equal times by id. The 204 on an empty page and the 4,999 offset cap are the sandbox's
     * assumptions, as on the other Desk lists.
     */
    private SandboxResponse recycleBin(SandboxRequest req) {
        SandboxResponse bad = extraParam(req, Set.of("module", "from", "limit", "sortBy", "departmentId", "include"));
        if (bad != null) {
            return bad;
        }
        String module = req.param("module");
        if (!Set.of("contacts", "accounts", "tickets").contains(module)) {
            return unprocessable("module must be contacts, accounts or tickets");
        }
        String sortBy = req.param("sortBy") == null ? "deletedTime" : req.param("sortBy");
        if (!sortBy.equals("deletedTime") && !sortBy.equals("-deletedTime")) {
            return unprocessable(
                    "The value passed for 'sortBy' is invalid. The sandbox allows deletedTime or -deletedTime.");
        }
        Object paging = DeskPaging.read(req, 0, MAX_FROM, 10, MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        // Accounts cannot be trashed in the sandbox, so their recycle bin is always empty.
        List<ObjectNode> trashed =
                switch (module) {
                    case "contacts" -> desk.trashedContacts();
                    case "tickets" -> trashedTickets();
                    default -> new ArrayList<>();
                };
        if (sortBy.startsWith("-")) {
            java.util.Collections.reverse(trashed);
        }
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode c : trashed) {
            boolean ticket = module.equals("tickets");
            String name = ticket
                    ? c.path("subject").asText("")
                    : (c.path("firstName").asText("") + " " + c.path("lastName").asText("")).trim();
            ObjectNode item = Json.obj()
                    .put("id", c.path("id").asText())
                    .put("type", ticket ? "Tickets" : "Contacts")
                    .put("displayName", name)
                    .put("deletedTime", c.path("modifiedTime").asText())
                    .put("deletedById", DeskSimulator.AGENT_ID);
            if (ticket) {
                item.put("departmentId", c.path("departmentId").asText());
            } else {
                item.putNull("departmentId");
            }
            items.add(item);
        }
        return ((DeskPaging) paging).page(items);
    }

    /** Trashed tickets, the longest trashed first (a trashed ticket's modifiedTime is its deletedTime). */
    private List<ObjectNode> trashedTickets() {
        List<ObjectNode> out = new ArrayList<>();
        RecordTable t = desk.tickets().tickets;
        for (Long key : t.keys()) {
            ObjectNode r = t.get(key);
            if (r.path("isTrashed").asBoolean(false)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(
                        (ObjectNode r) -> Times.parseDesk(r.path("modifiedTime").asText()))
                .thenComparingLong(r -> Long.parseLong(r.path("id").asText())));
        return out;
    }

    private SandboxResponse moveToTrash(SandboxRequest req) {
        Object b = body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        JsonNode ids = ((JsonNode) b).get("contactIds");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            return invalidData(List.of(DeskSimulator.fieldError(
                    "contactIds", "missing", "contactIds must be a non-empty array of contact ids")));
        }
        List<Long> keys = new ArrayList<>();
        for (JsonNode n : ids) {
            Long key = n.isValueNode() ? CrmSimulator.parseId(n.asText()) : null;
            if (key == null || desk.contacts.meta(key) == null) {
                return invalidData(
                        List.of(DeskSimulator.fieldError("contactIds", "invalid", "No contact with id " + n.asText())));
            }
            keys.add(key);
        }
        desk.trash(keys);
        desk.store().commit();
        return SandboxResponse.empty(204);
    }
}
