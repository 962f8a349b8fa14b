package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.MVMap;

/**
 * The simulated Desk's products and departments (zoho/zohodesk-oas v1.0/Product.json, Department.json):
 * <pre>
 * GET   /products?departmentId&amp;from(0-based)&amp;limit(1-100)&amp;sortBy&amp;fields&amp;include&amp;viewId&amp;ownerId
 * POST  /products                      departmentIds required (422 without), 200 with the product
 * GET   /products/{id}?include=departments
 * PATCH /products/{id}
 * GET   /products/searchDuplicates?productName (required, at most 200 characters)
 * POST  /products/moveToTrash          {"productIds":[at most 50],"departmentId"}, 204: out of that department,
 *                                      to the trash from the last one
 * </pre>
 * List items are {@code id, productName, productCode, unitPrice, departmentIds} unless {@code fields} names others
 * (modifiedTime among them). Two departments: the tickets' Support and {@link #SALES_ID} Sales.
 */
public final class DeskProductsApi {

    static final String SALES_ID = "1892000000006915";
    static final String SALES_NAME = "Sales";
    static final long FIRST_ID = 1892000002000001L;
    static final Set<String> SORTS = Set.of("productName", "productCode", "unitPrice", "createdTime", "modifiedTime");
    static final Set<String> WRITABLE = Set.of(
            "productName",
            "productCode",
            "unitPrice",
            "description",
            "productCategory",
            "manufacturer",
            "ownerId",
            "layoutId",
            "cf",
            "departmentIds");
    private static final List<String> LIST_ITEM = List.of("productName", "productCode", "unitPrice", "departmentIds");

    private final DeskSimulator desk;
    private final SandboxStore store;
    private final MVMap<Long, String> products;

    DeskProductsApi(DeskSimulator desk, SandboxStore store) {
        this.desk = desk;
        this.store = store;
        this.products = store.map("desk.products");
    }

    static boolean serves(String segment) {
        return segment.equals("products");
    }

    /** The departments as {@code GET /departments} lists them: Support first (the default), then Sales. */
    static List<ObjectNode> departments(ObjectNode support) {
        ObjectNode sales = support.deepCopy()
                .put("id", SALES_ID)
                .put("name", SALES_NAME)
                .put("isDefault", false)
                .put("nameInCustomerPortal", SALES_NAME)
                .put("sanitizedName", SALES_NAME.toLowerCase(Locale.ROOT));
        return List.of(support, sales);
    }

    static Set<String> departmentIds() {
        return Set.of(DeskTickets.DEPARTMENT_ID, SALES_ID);
    }

    // ------------------------------------------------------------------------------------------ Java API

    /** Every product, trashed ones included, in id order. */
    public List<ObjectNode> all() {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            products.values().forEach(v -> out.add(Json.parseStored(v)));
            return out;
        }
    }

    /** Adds a product as the API would (no checks), with a new id and times now. */
    public ObjectNode insert(ObjectNode fields) {
        synchronized (store.lock) {
            long now = desk.nextMillis();
            long id = store.nextId("desk.products.id", FIRST_ID);
            ObjectNode p = Json.obj().put("id", Long.toString(id));
            for (String f : List.of(
                    "productName", "productCode", "unitPrice", "description", "productCategory", "manufacturer")) {
                p.putNull(f);
            }
            p.setAll(fields);
            p.put("isDeleted", false);
            p.put("createdTime", Times.desk(now));
            p.put("modifiedTime", Times.desk(now));
            products.put(id, Json.write(p));
            store.commit();
            return p;
        }
    }

    /** Changes a product's fields; modifiedTime moves. */
    public ObjectNode update(String id, ObjectNode fields) {
        synchronized (store.lock) {
            long key = Long.parseLong(id);
            ObjectNode p = Json.parseStored(products.get(key));
            p.setAll(fields);
            p.put("modifiedTime", Times.desk(desk.nextMillis()));
            products.put(key, Json.write(p));
            store.commit();
            return p;
        }
    }

    boolean isEmpty() {
        return products.isEmpty();
    }

    // ------------------------------------------------------------------------------------------ HTTP

    SandboxResponse handle(SandboxRequest req) {
        List<String> seg = req.segments();
        String method = req.method();
        if (seg.size() == 1) {
            return switch (method) {
                case "GET" -> list(req);
                case "POST" -> create(req);
                default -> DeskApi.notAllowed();
            };
        }
        if (seg.size() != 2) {
            return DeskApi.notFound();
        }
        return switch (seg.get(1)) {
            case "searchDuplicates" -> method.equals("GET") ? searchDuplicates(req) : DeskApi.notAllowed();
            case "moveToTrash" -> method.equals("POST") ? moveToTrash(req) : DeskApi.notAllowed();
            default ->
                switch (method) {
                    case "GET" -> getOne(seg.get(1));
                    case "PATCH" -> patch(req, seg.get(1));
                    default -> DeskApi.notAllowed();
                };
        };
    }

    private SandboxResponse list(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(
                req, Set.of("from", "limit", "sortBy", "departmentId", "fields", "include", "viewId", "ownerId"));
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_FROM, 10, DeskApi.MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        String sortBy = req.param("sortBy") == null ? "createdTime" : req.param("sortBy");
        boolean desc = sortBy.startsWith("-");
        String key = desc ? sortBy.substring(1) : sortBy;
        if (!SORTS.contains(key)) {
            return DeskApi.unprocessable("The value passed for 'sortBy' is invalid. Allowed values are " + SORTS + ".");
        }
        String department = req.param("departmentId");
        if (department != null && !department.equals("0") && !departmentIds().contains(department)) {
            return DeskApi.unprocessable("No department with id " + department);
        }
        List<String> fields = req.param("fields") == null ? LIST_ITEM : csv(req.param("fields"));
        if (fields.size() > 30) {
            return DeskApi.unprocessable("At most 30 fields may be given in 'fields'.");
        }
        Comparator<ObjectNode> order = Comparator.comparing((ObjectNode p) -> sortKey(p, key))
                .thenComparing(p -> Long.parseLong(p.get("id").asText()));
        List<ObjectNode> items = live().stream()
                .filter(p -> department == null || department.equals("0") || inDepartment(p, department))
                .sorted(desc ? order.reversed() : order)
                .map(p -> item(p, fields))
                .toList();
        return ((DeskPaging) paging).page(items);
    }

    private static String sortKey(ObjectNode p, String key) {
        JsonNode v = p.get(key);
        String s = v == null || v.isNull() ? "" : v.asText();
        return key.endsWith("Time") ? s : s.toLowerCase(Locale.ROOT);
    }

    private static ObjectNode item(ObjectNode p, List<String> fields) {
        ObjectNode out = Json.obj().put("id", p.get("id").asText());
        for (String f : fields) {
            out.set(f, p.has(f) ? p.get(f) : Json.F.nullNode());
        }
        return out;
    }

    private SandboxResponse create(SandboxRequest req) {
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        ObjectNode input = (ObjectNode) b;
        List<ObjectNode> errs = check(input);
        JsonNode departments = input.get("departmentIds");
        if (departments == null || !departments.isArray() || departments.isEmpty()) {
            errs.add(DeskSimulator.fieldError("departmentIds", "missing", "departmentIds is required"));
        }
        if (input.path("productName").asText("").isBlank()) {
            errs.add(DeskSimulator.fieldError("productName", "missing", "productName is required"));
        }
        if (!errs.isEmpty()) {
            return DeskApi.invalidData(errs);
        }
        return SandboxResponse.of(200, insert(input));
    }

    private SandboxResponse patch(SandboxRequest req, String id) {
        if (find(id) == null) {
            return DeskApi.notFound();
        }
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        List<ObjectNode> errs = check((ObjectNode) b);
        if (!errs.isEmpty()) {
            return DeskApi.invalidData(errs);
        }
        return SandboxResponse.of(200, update(id, (ObjectNode) b));
    }

    private static List<ObjectNode> check(ObjectNode input) {
        List<ObjectNode> errs = new ArrayList<>();
        input.fieldNames().forEachRemaining(f -> {
            if (!WRITABLE.contains(f)) {
                errs.add(DeskSimulator.fieldError(f, "invalid", "Unknown field " + f));
            }
        });
        JsonNode departments = input.get("departmentIds");
        if (departments != null && departments.isArray()) {
            departments.forEach(d -> {
                if (!departmentIds().contains(d.asText())) {
                    errs.add(DeskSimulator.fieldError(
                            "departmentIds", "invalid", "No department with id " + d.asText()));
                }
            });
        }
        return errs;
    }

    private SandboxResponse getOne(String id) {
        ObjectNode p = find(id);
        return p == null ? DeskApi.notFound() : SandboxResponse.of(200, p);
    }

    private SandboxResponse searchDuplicates(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("productName", "from", "limit"));
        if (bad != null) {
            return bad;
        }
        String name = req.param("productName");
        if (name == null || name.isBlank() || name.length() > 200) {
            return DeskApi.unprocessable("productName is required, at most 200 characters");
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_FROM, 10, DeskApi.MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        // A keyword search on the real Desk; here: the same name, case and runs of white space aside.
        String wanted = collapsed(name);
        List<ObjectNode> same = live().stream()
                .filter(p -> wanted.equals(collapsed(p.path("productName").asText(""))))
                .map(p -> item(p, List.of("productName", "productCode", "unitPrice")))
                .toList();
        return ((DeskPaging) paging).page(same);
    }

    private SandboxResponse moveToTrash(SandboxRequest req) {
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        JsonNode ids = ((ObjectNode) b).get("productIds");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 50) {
            return DeskApi.unprocessable("productIds must list 1 to 50 product ids");
        }
        String department = ((ObjectNode) b).path("departmentId").asText(null);
        for (JsonNode id : ids) {
            ObjectNode p = find(id.asText());
            if (p == null) {
                return DeskApi.unprocessable("No product with id " + id.asText());
            }
            if (department != null && !inDepartment(p, department)) {
                return DeskApi.unprocessable("Product " + id.asText() + " is not in department " + department);
            }
        }
        for (JsonNode id : ids) {
            update(id.asText(), trashedFrom(find(id.asText()), department));
        }
        return SandboxResponse.empty(204);
    }

    /**
     * The change that trashes {@code p} in {@code department}: it leaves that department, and the trash when it was
     * its last one (or when no department is named). [U] the real Desk's behaviour for a product in several.
     */
    private static ObjectNode trashedFrom(ObjectNode p, String department) {
        ArrayNode left = Json.arr();
        p.path("departmentIds").forEach(d -> {
            if (!d.asText().equals(department)) {
                left.add(d);
            }
        });
        ObjectNode change = Json.obj();
        if (department == null || left.isEmpty()) {
            return change.put("isDeleted", true);
        }
        change.set("departmentIds", left);
        return change;
    }

    private List<ObjectNode> live() {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : all()) {
            if (!p.path("isDeleted").asBoolean()) {
                out.add(p);
            }
        }
        return out;
    }

    private ObjectNode find(String id) {
        Long key = CrmSimulator.parseId(id);
        String v = key == null ? null : products.get(key);
        ObjectNode p = v == null ? null : Json.parseStored(v);
        return p == null || p.path("isDeleted").asBoolean() ? null : p;
    }

    private static String collapsed(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static boolean inDepartment(ObjectNode p, String department) {
        for (JsonNode d : p.path("departmentIds")) {
            if (d.asText().equals(department)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> csv(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ seed

    /**
     * Two products in each department, and CRM products: one with a Desk product's code under another name (they
     * link), one with a Desk product's name and no code (they link by name), one the Desk has not.
     */
    void seed(CrmSimulator crm) {
        Map<String, String[]> desk = new LinkedHashMap<>();
        desk.put("Laptop Pro 14", new String[] {"LP-14", "1299", SALES_ID});
        desk.put("Docking Station", new String[] {"DK-1", "199", SALES_ID});
        desk.put("Support Plan Gold", new String[] {"SUP-G", "499", DeskTickets.DEPARTMENT_ID});
        desk.put("Onsite Visit", new String[] {null, "150", DeskTickets.DEPARTMENT_ID});
        desk.forEach((name, v) -> {
            ObjectNode p =
                    Json.obj().put("productName", name).put("productCode", v[0]).put("unitPrice", v[1]);
            ArrayNode d = p.putArray("departmentIds");
            d.add(v[2]);
            insert(p);
        });
        crm.insert(
                "Products",
                Json.obj()
                        .put("Product_Name", "Laptop Pro 14 (2026)")
                        .put("Product_Code", "LP-14")
                        .put("Unit_Price", 1299));
        crm.insert("Products", Json.obj().put("Product_Name", "onsite  visit").put("Unit_Price", 150));
        crm.insert(
                "Products",
                Json.obj()
                        .put("Product_Name", "Extended Warranty")
                        .put("Product_Code", "EW-3")
                        .put("Unit_Price", 89));
    }
}
