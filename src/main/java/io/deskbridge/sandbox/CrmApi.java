package io.deskbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * HTTP side of the simulated Zoho CRM v8 API under {@code /sandbox/zoho/crm/v8}, or of Bigin v2 under
 * {@code /sandbox/zoho/bigin/v2} (the same envelopes, paging, search and writes; see {@link BiginModules}).
 */
final class CrmApi {

    static final int MAX_FIELDS = 50;
    static final int MAX_PER_PAGE = 200;
    static final int DISCRETE_LIMIT = 2000;
    static final int MAX_WRITE = 100;
    static final long TOKEN_TTL_SEC = 24 * 3600;
    /** Upper bound of record ids retained by page-token snapshots (8 bytes each). */
    static final long SNAPSHOT_BUDGET = 8_000_000;

    /** The matching id list of a page_token walk, captured when its first token was issued. */
    private static final class Snapshot {
        final String module;
        final List<String> fields;
        final String sortBy;
        final String sortOrder;
        final Long since;
        long[] ids;
        final boolean truncated;

        Snapshot(
                String module,
                List<String> fields,
                String sortBy,
                String sortOrder,
                Long since,
                long[] ids,
                boolean truncated) {
            this.module = module;
            this.fields = fields;
            this.sortBy = sortBy;
            this.sortOrder = sortOrder;
            this.since = since;
            this.ids = ids;
            this.truncated = truncated;
        }
    }

    private record TokenState(Snapshot snapshot, int position, long expiresSec) {}

    private final CrmSimulator crm;
    private final OAuthSimulator oauth;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, TokenState> tokens = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenState> eldest) {
            return size() > 50_000;
        }
    };
    private final ArrayDeque<Snapshot> snapshots = new ArrayDeque<>();
    private long snapshotIds;

    private final SignalsApi signals;

    CrmApi(CrmSimulator crm, OAuthSimulator oauth, SignalsApi signals) {
        this.crm = crm;
        this.oauth = oauth;
        this.signals = signals;
    }

    // ------------------------------------------------------------------------------------------ errors

    static ObjectNode errorBody(String code, String message, ObjectNode details) {
        ObjectNode n = Json.obj();
        n.put("code", code);
        n.set("details", details == null ? Json.obj() : details);
        n.put("message", message);
        n.put("status", "error");
        return n;
    }

    static SandboxResponse error(int status, String code, String message, ObjectNode details) {
        return SandboxResponse.of(status, errorBody(code, message, details));
    }

    /** Zoho's answer to a URL it does not know. */
    static SandboxResponse unknownUrl() {
        return error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", null);
    }

    static SandboxResponse paramError(String code, String message, String param) {
        return error(400, code, message, Json.obj().put("param_name", param));
    }

    /** Per-record error item; {@code field} may be null. */
    static ObjectNode itemError(String code, String message, String field, int index) {
        ObjectNode d = Json.obj();
        if (field != null) {
            d.put("api_name", field);
            if (index >= 0) {
                d.put("json_path", "$.data[" + index + "]." + field);
            }
        } else if (index >= 0) {
            d.put("json_path", "$.data[" + index + "]");
        }
        return errorBody(code, message, d);
    }

    // ------------------------------------------------------------------------------------------ dispatch

    /**
     * The API of {@code product} (issue 15): the CRM's under {@code /crm/v8}, Bigin's under {@code /bigin/v2}. An org
     * has the product the sandbox serves; the other's path is answered as a URL Zoho does not know.
     */
    java.util.function.Function<SandboxRequest, SandboxResponse> servedAs(SimulatedCrm product) {
        return req -> crm.product() == product
                ? handle(req)
                : error(
                        404,
                        "INVALID_URL_PATTERN",
                        "Please check if the URL trying to access is a correct one (this sandbox serves "
                                + crm.product().label() + ")",
                        null);
    }

    SandboxResponse handle(SandboxRequest req) {
        if (!oauth.authorized(req.header("Authorization"))) {
            return error(401, "INVALID_TOKEN", "invalid oauth token", null);
        }
        List<String> seg = req.segments();
        if (SignalsApi.isSettings(seg)) {
            return signals.settings(req);
        }
        if (seg.equals(List.of("settings", "fields"))) {
            return req.method().equals("GET") ? fieldsOf(req) : notAllowed();
        }
        if (seg.isEmpty() || seg.size() > 2) {
            return unknownUrl();
        }
        CrmSimulator.Module m = crm.moduleOrNull(seg.get(0));
        if (m == null) {
            return error(
                    400,
                    "INVALID_MODULE",
                    "the module name given seems to be invalid",
                    Json.obj().put("resource_path_index", 0));
        }
        String method = req.method();
        synchronized (crm.store().lock) {
            if (seg.size() == 1) {
                return switch (method) {
                    case "GET" -> list(req, m);
                    case "POST" -> write(req, m, Mode.INSERT, null);
                    case "PUT" -> write(req, m, Mode.UPDATE, null);
                    case "DELETE" -> delete(m, csv(req.param("ids")));
                    default -> notAllowed();
                };
            }
            String sub = seg.get(1);
            if (sub.equals("upsert")) {
                return method.equals("POST") ? write(req, m, Mode.UPSERT, null) : notAllowed();
            }
            if (sub.equals("deleted") && !crm.servesDeletedList()) {
                return unknownUrl();
            }
            if (sub.equals("deleted")) {
                return method.equals("GET") ? deleted(req, m) : notAllowed();
            }
            if (sub.equals("search")) {
                return method.equals("GET") ? search(req, m) : notAllowed();
            }
            return switch (method) {
                case "GET" -> getOne(req, m, sub);
                case "PUT" -> write(req, m, Mode.UPDATE, sub);
                case "DELETE" -> delete(m, List.of(sub));
                default -> notAllowed();
            };
        }
    }

    /** {@code GET settings/fields?module=}: the module's field metadata, the custom fields included. */
    private SandboxResponse fieldsOf(SandboxRequest req) {
        String name = req.param("module");
        if (name == null || name.isBlank()) {
            return paramError("REQUIRED_PARAM_MISSING", "required param is missing", "module");
        }
        CrmSimulator.Module m = crm.moduleOrNull(name);
        if (m == null) {
            return paramError("INVALID_MODULE", "the module name given seems to be invalid", "module");
        }
        ObjectNode body = Json.obj();
        ArrayNode fields = body.putArray("fields");
        List<String> all = new ArrayList<>(m.fields);
        all.addAll(CrmSimulator.CUSTOM_FIELDS.keySet());
        for (String f : all) {
            ObjectNode field = fields.addObject()
                    .put("api_name", f)
                    .put("data_type", m.dataType(f))
                    .put("custom_field", CrmSimulator.CUSTOM_FIELDS.containsKey(f))
                    .put("read_only", CrmSimulator.READ_ONLY.contains(f));
            Integer length = CrmSimulator.CUSTOM_FIELD_LENGTHS.get(f);
            if (length != null) {
                field.put("length", length);
            }
        }
        return SandboxResponse.of(200, body);
    }

    private static SandboxResponse notAllowed() {
        return error(405, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one", null);
    }

    private static List<String> csv(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.strip());
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ reads

    private SandboxResponse getOne(SandboxRequest req, CrmSimulator.Module m, String id) {
        Long key = CrmSimulator.parseId(id);
        ObjectNode rec = key == null ? null : m.table.get(key);
        if (rec == null) {
            return error(400, "INVALID_DATA", "the related id given seems to be invalid", Json.obj());
        }
        List<String> fields = req.param("fields") == null ? null : csv(req.param("fields"));
        if (fields != null) {
            for (String f : fields) {
                if (!m.hasField(f)) {
                    return error(400, "INVALID_DATA", "invalid data", Json.obj().put("api_name", f));
                }
            }
        }
        ObjectNode body = Json.obj();
        body.putArray("data").add(crm.wire(m, key, rec, fields, new HashMap<>()));
        return SandboxResponse.of(200, body);
    }

    private SandboxResponse list(SandboxRequest req, CrmSimulator.Module m) {
        String token = req.param("page_token");
        String fieldsParam = req.param("fields");
        List<String> fields = null;
        if (fieldsParam != null) {
            Set<String> fs = new LinkedHashSet<>(csv(fieldsParam));
            if (fs.size() > MAX_FIELDS) {
                return error(
                        400,
                        "LIMIT_EXCEEDED",
                        "the maximum number of fields allowed is " + MAX_FIELDS,
                        Json.obj().put("param_name", "fields").put("limit", MAX_FIELDS));
            }
            for (String f : fs) {
                if (!m.hasField(f)) {
                    return error(
                            400,
                            "INVALID_DATA",
                            "invalid data",
                            Json.obj().put("api_name", f).put("param_name", "fields"));
                }
            }
            fields = fs.isEmpty() ? null : new ArrayList<>(fs);
        }
        if (fields == null && token == null) {
            return paramError("REQUIRED_PARAM_MISSING", "required param is missing", "fields");
        }
        int perPage = MAX_PER_PAGE;
        if (req.param("per_page") != null) {
            Integer pp = parseInt(req.param("per_page"));
            if (pp == null || pp < 1 || pp > MAX_PER_PAGE) {
                return paramError(
                        "INVALID_DATA", "invalid data: per_page must be between 1 and " + MAX_PER_PAGE, "per_page");
            }
            perPage = pp;
        }
        String sortBy = req.param("sort_by");
        if (sortBy != null && !Set.of("id", "Created_Time", "Modified_Time").contains(sortBy)) {
            return paramError(
                    "INVALID_DATA", "invalid data: sort_by must be id, Created_Time or Modified_Time", "sort_by");
        }
        String sortOrder = req.param("sort_order");
        if (sortOrder != null && !sortOrder.equals("asc") && !sortOrder.equals("desc")) {
            return paramError("INVALID_DATA", "invalid data: sort_order must be asc or desc", "sort_order");
        }
        String imsHeader = req.header("If-Modified-Since");
        Long since = null;
        if (imsHeader != null && !imsHeader.isBlank()) {
            since = Times.parseIfModifiedSince(imsHeader);
            if (since == null) {
                return error(
                        400,
                        "INVALID_DATA",
                        "invalid data: If-Modified-Since must be ISO-8601 with offset",
                        Json.obj().put("header_name", "If-Modified-Since"));
            }
        }
        if (token != null) {
            if (req.param("page") != null) {
                return error(
                        400,
                        "AMBIGUITY_DURING_PROCESSING",
                        "page and page_token cannot be used together",
                        Json.obj()
                                .<ObjectNode>set(
                                        "param_names", Json.arr().add("page").add("page_token")));
            }
            return listByToken(m, token, fields, sortBy, sortOrder, perPage);
        }
        int page = 1;
        if (req.param("page") != null) {
            Integer p = parseInt(req.param("page"));
            if (p == null || p < 1) {
                return paramError("INVALID_DATA", "invalid data: page must be a positive number", "page");
            }
            page = p;
        }
        if ((long) page * perPage > DISCRETE_LIMIT) {
            return error(
                    400,
                    "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
                    "You can only get the first " + DISCRETE_LIMIT + " records without using page_token param",
                    Json.obj().put("param_name", "page").put("limit", DISCRETE_LIMIT));
        }
        String sb = sortBy == null ? "id" : sortBy;
        String so = sortOrder == null ? "desc" : sortOrder;
        boolean asc = so.equals("asc");
        int offset = (page - 1) * perPage;
        Iterator<RecordTable.Meta> it = crm.iterate(m, sb, asc, since);
        for (int i = 0; i < offset && it.hasNext(); i++) {
            it.next();
        }
        List<Long> ids = new ArrayList<>(perPage);
        while (ids.size() < perPage && it.hasNext()) {
            ids.add(it.next().id());
        }
        boolean more = it.hasNext();
        if (ids.isEmpty()) {
            // 304 only when nothing at all was modified since the header's instant; a page past the end is 204
            boolean anyMatch = since != null && crm.iterate(m, sb, asc, since).hasNext();
            return SandboxResponse.empty(since != null && !anyMatch ? 304 : 204);
        }
        String next = null;
        if (more) {
            Snapshot snap = snapshot(m, fields, sb, so, since);
            next = newToken(snap, offset + perPage);
        }
        return page(m, ids, fields, perPage, page, sb, so, more, next);
    }

    private SandboxResponse listByToken(
            CrmSimulator.Module m, String token, List<String> fields, String sortBy, String sortOrder, int perPage) {
        TokenState st = tokens.get(token);
        if (st == null || !st.snapshot().module.equals(m.name)) {
            return paramError("INVALID_DATA", "invalid data: the page_token is invalid", "page_token");
        }
        Snapshot snap = st.snapshot();
        if (st.expiresSec() < crm.nowSec() || snap.ids == null) {
            return paramError("EXPIRED_VALUE", "the page_token has expired", "page_token");
        }
        if ((fields != null && !fields.equals(snap.fields))
                || (sortBy != null && !sortBy.equals(snap.sortBy))
                || (sortOrder != null && !sortOrder.equals(snap.sortOrder))) {
            return error(
                    400,
                    "TOKEN_BOUND_DATA_MISMATCH",
                    "the parameters do not match the ones the page_token was issued for",
                    Json.obj().put("param_name", "page_token"));
        }
        int limit = crm.pageTokenLimit();
        if (st.position() >= limit) {
            return paramError(
                    "PAGINATION_LIMIT_EXCEEDED",
                    "You can only get upto " + limit + " records using page_token param",
                    "page_token");
        }
        long[] all = snap.ids;
        List<Long> ids = new ArrayList<>(perPage);
        int pos = st.position();
        while (ids.size() < perPage && pos < all.length) {
            long id = all[pos++];
            if (m.table.meta(id) != null) {
                ids.add(id);
            }
        }
        boolean more = pos < all.length || snap.truncated;
        if (ids.isEmpty()) {
            return SandboxResponse.empty(204);
        }
        String next = more ? newToken(snap, pos) : null;
        int page = st.position() / perPage + 1;
        return page(m, ids, snap.fields, perPage, page, snap.sortBy, snap.sortOrder, more, next);
    }

    private SandboxResponse page(
            CrmSimulator.Module m,
            List<Long> ids,
            List<String> fields,
            int perPage,
            int page,
            String sortBy,
            String sortOrder,
            boolean more,
            String next) {
        ObjectNode body = Json.obj();
        ArrayNode data = body.putArray("data");
        Map<String, String> names = new HashMap<>();
        for (long id : ids) {
            data.add(crm.wire(m, id, m.table.get(id), fields, names));
        }
        ObjectNode info = body.putObject("info");
        info.put("call", false);
        info.put("per_page", perPage);
        info.put("next_page_token", next);
        info.put("count", ids.size());
        info.put("sort_by", sortBy);
        info.put("page", page);
        info.putNull("previous_page_token");
        info.put("page_token_expiry", next == null ? null : Times.crm(crm.nowSec() + TOKEN_TTL_SEC));
        info.put("sort_order", sortOrder);
        info.put("email", false);
        info.put("more_records", more);
        return SandboxResponse.of(200, body);
    }

    private Snapshot snapshot(CrmSimulator.Module m, List<String> fields, String sortBy, String sortOrder, Long since) {
        int limit = crm.pageTokenLimit();
        long[] buf = new long[Math.min(1024, limit)];
        int n = 0;
        Iterator<RecordTable.Meta> it = crm.iterate(m, sortBy, sortOrder.equals("asc"), since);
        while (n < limit && it.hasNext()) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, limit));
            }
            buf[n++] = it.next().id();
        }
        Snapshot s = new Snapshot(m.name, fields, sortBy, sortOrder, since, Arrays.copyOf(buf, n), it.hasNext());
        snapshots.addLast(s);
        snapshotIds += n;
        while (snapshotIds > SNAPSHOT_BUDGET && snapshots.size() > 1) {
            Snapshot old = snapshots.removeFirst();
            snapshotIds -= old.ids.length;
            old.ids = null;
        }
        return s;
    }

    private String newToken(Snapshot snap, int position) {
        byte[] b = new byte[20];
        random.nextBytes(b);
        StringBuilder sb = new StringBuilder(40);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        String t = sb.toString();
        tokens.put(t, new TokenState(snap, position, crm.nowSec() + TOKEN_TTL_SEC));
        return t;
    }

    /** {@code per_page} and {@code page} as {@code int[]{perPage, page}}, or the CRM's error answer. */
    private static Object paging(SandboxRequest req) {
        Object perPage = intParam(req, "per_page", MAX_PER_PAGE, MAX_PER_PAGE);
        if (perPage instanceof SandboxResponse) {
            return perPage;
        }
        Object page = intParam(req, "page", 1, Integer.MAX_VALUE);
        if (page instanceof SandboxResponse) {
            return page;
        }
        return new int[] {(Integer) perPage, (Integer) page};
    }

    /** A paging parameter from 1 to {@code max}, its default when absent, or the CRM's error answer. */
    private static Object intParam(SandboxRequest req, String name, int dflt, int max) {
        if (req.param(name) == null) {
            return dflt;
        }
        Integer v = parseInt(req.param(name));
        if (v == null || v < 1 || v > max) {
            return paramError("INVALID_DATA", "invalid data", name);
        }
        return v;
    }

    private SandboxResponse deleted(SandboxRequest req, CrmSimulator.Module m) {
        String type = req.param("type") == null ? "all" : req.param("type");
        if (!Set.of("all", "recycle", "permanent").contains(type)) {
            return paramError("INVALID_DATA", "invalid data: type must be all, recycle or permanent", "type");
        }
        Object paging = paging(req);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        int perPage = ((int[]) paging)[0];
        int page = ((int[]) paging)[1];
        String ims = req.header("If-Modified-Since");
        Long since = null;
        if (ims != null && !ims.isBlank()) {
            since = Times.parseIfModifiedSince(ims);
            if (since == null) {
                return error(400, "INVALID_DATA", "invalid data", Json.obj().put("header_name", "If-Modified-Since"));
            }
        }
        List<ObjectNode> all = type.equals("permanent") ? List.of() : crm.deletedEntries(m, since);
        int from = (int) Math.min((long) (page - 1) * perPage, all.size());
        int to = Math.min(from + perPage, all.size());
        if (from >= to) {
            return SandboxResponse.empty(since != null ? 304 : 204);
        }
        ObjectNode body = Json.obj();
        ArrayNode data = body.putArray("data");
        all.subList(from, to).forEach(data::add);
        ObjectNode info = body.putObject("info");
        info.put("per_page", perPage);
        info.put("count", to - from);
        info.put("page", page);
        info.put("more_records", to < all.size());
        return SandboxResponse.of(200, body);
    }

    /** {@code GET /{Module}/search} with email, phone, word or a single {@code (Field:equals:value)} criteria. */
    private SandboxResponse search(SandboxRequest req, CrmSimulator.Module m) {
        String field;
        String value;
        boolean contains = false;
        if (req.param("email") != null) {
            field = m.isContacts() ? "Email" : m.dupField;
            value = req.param("email");
        } else if (req.param("phone") != null) {
            field = "Phone";
            value = req.param("phone");
        } else if (req.param("criteria") != null) {
            String c = req.param("criteria").strip();
            while (c.startsWith("(") && c.endsWith(")")) {
                c = c.substring(1, c.length() - 1).strip();
            }
            String[] p = c.split(":", 3);
            if (p.length != 3 || !m.hasField(p[0]) || !(p[1].equals("equals") || p[1].equals("starts_with"))) {
                return paramError(
                        "INVALID_QUERY", "invalid query formed: only (Field:equals:value) is supported", "criteria");
            }
            field = p[0];
            value = p[2];
            contains = p[1].equals("starts_with");
        } else if (req.param("word") != null) {
            field = null;
            value = req.param("word");
            contains = true;
        } else {
            return paramError("REQUIRED_PARAM_MISSING", "required param is missing", "criteria");
        }
        Object paging = paging(req);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        int perPage = ((int[]) paging)[0];
        int page = ((int[]) paging)[1];
        if ((long) page * perPage > DISCRETE_LIMIT) {
            return error(
                    400,
                    "LIMIT_REACHED",
                    "search results are limited to " + DISCRETE_LIMIT + " records",
                    Json.obj().put("limit", DISCRETE_LIMIT));
        }
        List<String> fields = req.param("fields") == null ? null : csv(req.param("fields"));
        List<Long> ids;
        if (!contains) {
            ids = crm.findBy(m, field, value);
        } else {
            ids = new ArrayList<>();
            String needle = Json.norm(value);
            Map<String, String> names = new HashMap<>();
            for (RecordTable.Meta meta : m.table.byId(true)) {
                ObjectNode w = crm.wire(m, meta.id(), m.table.get(meta.id()), null, names);
                boolean hit = false;
                for (String f : field == null ? m.fields : List.of(field)) {
                    JsonNode v = w.get(f);
                    String s = v == null || v.isNull() ? null : v.isObject() ? Json.text(v, "name") : v.asText();
                    String ns = Json.norm(s);
                    if (ns != null && needle != null && (field == null ? ns.contains(needle) : ns.startsWith(needle))) {
                        hit = true;
                        break;
                    }
                }
                if (hit) {
                    ids.add(meta.id());
                }
            }
        }
        int from = Math.min((page - 1) * perPage, ids.size());
        int to = Math.min(from + perPage, ids.size());
        if (from >= to) {
            return SandboxResponse.empty(204);
        }
        ObjectNode body = Json.obj();
        ArrayNode data = body.putArray("data");
        Map<String, String> names = new HashMap<>();
        for (long id : ids.subList(from, to)) {
            data.add(crm.wire(m, id, m.table.get(id), fields, names));
        }
        ObjectNode info = body.putObject("info");
        info.put("per_page", perPage);
        info.put("count", to - from);
        info.put("page", page);
        info.put("more_records", to < ids.size());
        return SandboxResponse.of(200, body);
    }

    // ------------------------------------------------------------------------------------------ writes

    enum Mode {
        INSERT,
        UPDATE,
        UPSERT
    }

    private SandboxResponse write(SandboxRequest req, CrmSimulator.Module m, Mode mode, String pathId) {
        if (req.body() == null || req.body().isBlank()) {
            return error(400, "INVALID_DATA", "the request body is empty", Json.obj());
        }
        JsonNode root;
        try {
            root = Json.parse(req.body());
        } catch (JsonProcessingException e) {
            return error(400, "INVALID_DATA", "body is not a valid JSON: " + e.getOriginalMessage(), Json.obj());
        }
        if (root == null
                || !root.isObject()
                || !root.has("data")
                || !root.get("data").isArray()) {
            return error(
                    400,
                    "MANDATORY_NOT_FOUND",
                    "required field not found",
                    Json.obj().put("api_name", "data").put("json_path", "$.data"));
        }
        ArrayNode items = (ArrayNode) root.get("data");
        if (items.isEmpty()) {
            return error(
                    400,
                    "INVALID_DATA",
                    "the data array is empty",
                    Json.obj().put("api_name", "data").put("json_path", "$.data"));
        }
        if (items.size() > MAX_WRITE) {
            return error(
                    400,
                    "LIMIT_EXCEEDED",
                    "Records limit exceeded. You can add, update or upsert up to " + MAX_WRITE
                            + " records per API call",
                    Json.obj().put("limit", MAX_WRITE));
        }
        List<String> dupFields = List.of(m.dupField);
        if (mode == Mode.UPSERT) {
            JsonNode dcf = root.get("duplicate_check_fields");
            List<String> given = new ArrayList<>();
            if (dcf != null && dcf.isArray()) {
                dcf.forEach(x -> given.add(x.asText()));
            } else if (dcf != null && dcf.isTextual()) {
                given.addAll(csv(dcf.asText()));
            } else if (req.param("duplicate_check_fields") != null) {
                given.addAll(csv(req.param("duplicate_check_fields")));
            }
            for (String f : given) {
                if (!m.hasField(f)) {
                    return error(
                            400,
                            "INVALID_DATA",
                            "invalid data",
                            Json.obj().put("api_name", f).put("json_path", "$.duplicate_check_fields"));
                }
            }
            if (!given.isEmpty()) {
                dupFields = given;
            }
        }
        ArrayNode results = Json.arr();
        int ok = 0;
        long now = crm.nowSec();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            ObjectNode r =
                    switch (mode) {
                        case INSERT -> insertOne(m, item, i, now);
                        case UPDATE -> updateOne(m, item, i, now, pathId != null ? pathId : Json.text(item, "id"));
                        case UPSERT -> upsertOne(m, item, i, now, dupFields);
                    };
            if ("success".equals(r.path("status").asText())) {
                ok++;
            }
            results.add(r);
        }
        if (ok > 0) {
            crm.store().commit();
        }
        int status = ok == items.size() ? (mode == Mode.INSERT ? 201 : 200) : ok == 0 ? 400 : 207;
        ObjectNode body = Json.obj();
        body.set("data", results);
        return SandboxResponse.of(status, body);
    }

    private ObjectNode insertOne(CrmSimulator.Module m, JsonNode item, int i, long now) {
        ObjectNode stored = Json.obj();
        ObjectNode err = crm.applyFields(m, item, stored, i, true);
        if (err != null) {
            return err;
        }
        String missing = m.missingMandatory(stored);
        if (missing != null) {
            return itemError("MANDATORY_NOT_FOUND", "required field not found", missing, i);
        }
        long id = crm.insertStored(m, null, stored, now, now, CrmSimulator.ADMIN);
        return success(m, id, "insert", null, "record added");
    }

    private ObjectNode updateOne(CrmSimulator.Module m, JsonNode item, int i, long now, String id) {
        if (item == null || !item.isObject()) {
            return itemError("INVALID_DATA", "invalid data", null, i);
        }
        if (id == null || id.isBlank()) {
            return itemError("MANDATORY_NOT_FOUND", "required field not found", "id", i);
        }
        Long key = CrmSimulator.parseId(id);
        if (key == null || m.table.meta(key) == null) {
            ObjectNode err = itemError("INVALID_DATA", "the id given seems to be invalid", "id", i);
            ((ObjectNode) err.get("details")).put("id", id);
            return err;
        }
        return applyUpdate(m, key, item, i, now, null);
    }

    private ObjectNode applyUpdate(CrmSimulator.Module m, long key, JsonNode item, int i, long now, String dupField) {
        ObjectNode stored = m.table.get(key).deepCopy();
        ObjectNode err = crm.applyFields(m, item, stored, i, true);
        if (err != null) {
            return err;
        }
        String missing = m.missingMandatory(stored);
        if (missing != null) {
            return itemError("MANDATORY_NOT_FOUND", "required field not found", missing, i);
        }
        crm.updateStored(m, key, stored, now, CrmSimulator.ADMIN);
        return success(m, key, "update", dupField, "record updated");
    }

    private ObjectNode upsertOne(CrmSimulator.Module m, JsonNode item, int i, long now, List<String> dupFields) {
        if (item == null || !item.isObject()) {
            return itemError("INVALID_DATA", "invalid data", null, i);
        }
        for (String f : dupFields) {
            JsonNode v = item.get(f);
            String value = v == null || v.isNull() ? null : v.isObject() ? Json.text(v, "name") : v.asText();
            if (Json.norm(value) == null) {
                continue;
            }
            List<Long> hits = crm.findBy(m, f, value);
            if (hits.size() > 1) {
                ObjectNode err = itemError("DUPLICATE_DATA", "duplicate data", f, i);
                ObjectNode d = (ObjectNode) err.get("details");
                ObjectNode dup = d.putObject("duplicate_record");
                dup.put("id", Long.toString(hits.get(0)));
                ObjectNode rec = m.table.get(hits.get(0));
                CrmSimulator.User owner = CrmSimulator.USERS.getOrDefault(Json.text(rec, "Owner"), CrmSimulator.ADMIN);
                dup.set("Owner", owner.wire(false));
                dup.putObject("module").put("api_name", m.name);
                d.put("more_records", true);
                return err;
            }
            if (hits.size() == 1) {
                return applyUpdate(m, hits.get(0), item, i, now, f);
            }
        }
        return insertOne(m, item, i, now);
    }

    private ObjectNode success(CrmSimulator.Module m, long id, String action, String dupField, String message) {
        ObjectNode rec = m.table.get(id);
        ObjectNode r = Json.obj();
        r.put("code", "SUCCESS");
        r.put("duplicate_field", dupField);
        r.put("action", action);
        ObjectNode d = r.putObject("details");
        d.put("Modified_Time", Json.text(rec, "Modified_Time"));
        d.set("Modified_By", user(rec, "Modified_By"));
        d.put("Created_Time", Json.text(rec, "Created_Time"));
        d.put("id", Long.toString(id));
        d.set("Created_By", user(rec, "Created_By"));
        r.put("message", message);
        r.put("status", "success");
        return r;
    }

    private static ObjectNode user(ObjectNode rec, String field) {
        CrmSimulator.User u = CrmSimulator.USERS.getOrDefault(Json.text(rec, field), CrmSimulator.ADMIN);
        return u.wire(false);
    }

    private SandboxResponse delete(CrmSimulator.Module m, List<String> ids) {
        if (ids.isEmpty()) {
            return paramError("REQUIRED_PARAM_MISSING", "required param is missing", "ids");
        }
        if (ids.size() > MAX_WRITE) {
            return error(
                    400,
                    "LIMIT_EXCEEDED",
                    "you can delete up to " + MAX_WRITE + " records per API call",
                    Json.obj().put("limit", MAX_WRITE));
        }
        ArrayNode results = Json.arr();
        int ok = 0;
        long now = crm.nowSec();
        for (String id : ids) {
            Long key = CrmSimulator.parseId(id);
            if (key == null || m.table.meta(key) == null) {
                results.add(errorBody(
                        "INVALID_DATA",
                        "the id given seems to be invalid",
                        Json.obj().put("id", id)));
                continue;
            }
            crm.deleteStored(m, key, now, CrmSimulator.ADMIN);
            ok++;
            ObjectNode r = Json.obj().put("code", "SUCCESS");
            r.putObject("details").put("id", Objects.toString(key));
            r.put("message", "record deleted").put("status", "success");
            results.add(r);
        }
        if (ok > 0) {
            crm.store().commit();
        }
        ObjectNode body = Json.obj();
        body.set("data", results);
        return SandboxResponse.of(ok == ids.size() ? 200 : ok == 0 ? 400 : 207, body);
    }

    static Integer parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
