package io.deskbridge.connector.zohodesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.model.ProductKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Desk products ({@code /api/v1/products}, zoho/zohodesk-oas v1.0/Product.json) for the chosen departments only.
 * <ul>
 *   <li>Changes: the list has no time filter, so each chosen department is listed ({@code departmentId}) newest
 *       change first ({@code sortBy=-modifiedTime}), 100 a page, until a page reaches a record changed before the
 *       watermark. Each page is handed over as it is read, so no department's changes are held at once; a product
 *       in two departments is handed over once for each (records are kept by id). Newest first means a record not
 *       handed over yet is older than those that were, so the watermark may not follow the pages: the connector
 *       says so ({@link ZohoDeskClient#readsNewestFirst}), and the pull keeps the old watermark until the read has
 *       got to its end; a read cut short is read again from there. {@code fields} asks for the mapped fields and
 *       {@code modifiedTime} (list items carry neither by default); an item without {@code modifiedTime} cannot
 *       stop the read, which then goes to the end of the list.</li>
 *   <li>Create: {@code departmentIds} (required) are the chosen departments; the Desk answers 200.</li>
 *   <li>A record by key: {@code searchDuplicates?productName=} for a name; the chosen departments' lists for a code,
 *       which has no search.</li>
 *   <li>Trash: {@code moveToTrash} with {@code productIds} (50 a call), once for each chosen department a product
 *       is in ({@link #delete}).</li>
 * </ul>
 */
final class DeskProducts {

    static final String MODULE = "products";
    static final int PAGE_SIZE = 100;
    static final int TRASH_BATCH = 50;

    private final DeskCalls desk;
    private final DeskDepartments departments;
    /** The chosen departments' ids as the last read resolved them; writes of the same run use them. */
    private volatile List<String> departmentIds;

    DeskProducts(DeskCalls desk, DeskDepartments departments) {
        this.desk = desk;
        this.departments = departments;
    }

    /**
     * Streams each chosen department's changes, newest first, a page as it is read (see the class comment). The
     * pages of one department overlap by one record: when the last record of a page is not on the next one, records
     * above it left the list (trashed, or moved out of the department) while it was read, the offsets moved up and one
     * may have been stepped over, so that department is read again from the top ({@link DeskCalls#MAX_RESTARTS} times,
     * then the read fails and the next run reads it again from the same watermark). A record changed while it is
     * read moves to the top and pushes the others down: one is read twice, which is harmless.
     */
    ReadSummary readChanges(List<String> fields, Instant since, Page.Handler handler) {
        List<String> ids = departments.ids();
        departmentIds = ids;
        int calls = 1; // the departments
        int records = 0;
        Instant firstServerTime = null;
        String wanted = fieldsParam(fields);
        for (String department : ids) {
            String last = null;
            int restarts = 0;
            int from = 0;
            while (true) {
                ApiResponse r = desk.get(MODULE + "?departmentId=" + DeskCalls.enc(department)
                        + "&sortBy=-modifiedTime&from=" + from + "&limit=" + PAGE_SIZE + "&fields=" + wanted);
                calls++;
                List<ObjectNode> page = desk.page(r, "GET " + MODULE);
                if (DeskCalls.steppedOver(page, last)) {
                    if (++restarts > DeskCalls.MAX_RESTARTS) {
                        throw ApiException.of(
                                desk.system(),
                                r.status(),
                                "PRODUCTS_MOVING",
                                "the Desk products of department " + department + " lost records above offset " + from
                                        + " during " + restarts + " reads in a row (trashed or moved while read); the"
                                        + " next run reads them again");
                    }
                    last = null;
                    from = 0;
                    continue;
                }
                // Every page carries the clock of the read's first call: what changed after it may be on no page.
                firstServerTime = firstServerTime == null ? Json.serverTime(r) : firstServerTime;
                List<ObjectNode> changed =
                        page.stream().filter(p -> !changedBefore(p, since)).toList();
                if (!changed.isEmpty()) {
                    handler.page(new Page(changed, firstServerTime));
                    records += changed.size();
                }
                if (changed.size() < page.size() || page.size() < PAGE_SIZE) {
                    break;
                }
                last = page.get(page.size() - 1).path("id").asText();
                from += PAGE_SIZE - 1;
            }
        }
        if (records == 0) {
            handler.page(new Page(List.of(), Objects.requireNonNullElseGet(firstServerTime, Instant::now)));
        }
        return new ReadSummary(calls, records, records == 0);
    }

    /** An item without {@code modifiedTime} cannot stop the read: it counts as changed. */
    private static boolean changedBefore(JsonNode product, Instant since) {
        Instant at = modifiedTime(product);
        return since != null && at != null && at.isBefore(since);
    }

    private static String fieldsParam(List<String> fields) {
        List<String> out = new ArrayList<>(List.of("productName", "productCode", "modifiedTime"));
        for (String f : fields) {
            if (!out.contains(f) && !f.equals("id") && out.size() < 30) {
                out.add(f);
            }
        }
        return DeskCalls.enc(String.join(",", out));
    }

    ObjectNode create(ObjectNode record) {
        ObjectNode body = record.deepCopy();
        body.putArray("departmentIds").addAll(ids().stream().map(body::textNode).toList());
        return desk.record(desk.send("POST", MODULE, body, false), "POST " + MODULE);
    }

    /**
     * The products whose code or name ({@code field}) normalises to {@code value}, a {@link ProductKey} value
     * ({@code code:...} or {@code name:...}).
     */
    List<ObjectNode> findByKey(String value, IntConsumer calls) {
        boolean byName = value.startsWith("name:");
        List<ObjectNode> candidates = new ArrayList<>();
        if (byName) {
            String name = value.substring("name:".length());
            candidates.addAll(desk.all(
                    MODULE + "/searchDuplicates?productName=" + DeskCalls.enc(name),
                    PAGE_SIZE,
                    "GET " + MODULE + "/searchDuplicates",
                    calls));
        } else {
            for (String department : ids()) {
                candidates.addAll(desk.all(
                        MODULE + "?departmentId=" + DeskCalls.enc(department) + "&fields=" + fieldsParam(List.of()),
                        PAGE_SIZE,
                        "GET " + MODULE,
                        calls));
            }
        }
        Map<String, ObjectNode> same = new LinkedHashMap<>();
        for (ObjectNode p : candidates) {
            ProductKey key = ProductKey.of(
                    p.path("productCode").asText(null), p.path("productName").asText(null));
            if (value.equals(key.value())) {
                same.putIfAbsent(p.path("id").asText(), p);
            }
        }
        return List.copyOf(same.values());
    }

    /**
     * To the trash in every chosen department each product belongs to ({@code GET products/{id}?include=departments},
     * a call a product), one {@code moveToTrash} per department, 50 products a call: the API names one department a
     * call, and one call may leave the product in the others. A product in none of them (moved since it was read) is
     * trashed with the first chosen department, as the API needs one. [U] whether the Desk trashes a product from every
     * department at the first call; if it does, the later calls find it gone and the deletion is reported, not retried.
     */
    void delete(List<String> ids, IntConsumer calls) {
        List<String> chosen = ids();
        Map<String, List<String>> byDepartment = new LinkedHashMap<>();
        for (String id : ids) {
            ObjectNode product = desk.record(
                    desk.get(MODULE + "/" + DeskCalls.enc(id) + "?include=departments"), "GET " + MODULE + "/{id}");
            calls.accept(1);
            List<String> in = chosen.stream().filter(d -> belongsTo(product, d)).toList();
            for (String department : in.isEmpty() ? chosen.subList(0, 1) : in) {
                byDepartment.computeIfAbsent(department, d -> new ArrayList<>()).add(id);
            }
        }
        String path = MODULE + "/moveToTrash";
        byDepartment.forEach((department, inIt) -> {
            for (int i = 0; i < inIt.size(); i += TRASH_BATCH) {
                ObjectNode body = desk.json.createObjectNode();
                inIt.subList(i, Math.min(i + TRASH_BATCH, inIt.size())).forEach(body.putArray("productIds")::add);
                body.put("departmentId", department);
                desk.done(desk.send("POST", path, body, true), "POST " + path, 200, 204);
                calls.accept(1);
            }
        });
    }

    private static boolean belongsTo(JsonNode product, String department) {
        for (JsonNode d : product.path("departmentIds")) {
            if (d.asText().equals(department)) {
                return true;
            }
        }
        return false;
    }

    private List<String> ids() {
        List<String> ids = departmentIds;
        if (ids == null) {
            ids = departments.ids();
            departmentIds = ids;
        }
        return ids;
    }

    /** ISO-8601 as the schema gives it, or epoch milliseconds as the OpenAPI example shows. */
    static Instant modifiedTime(JsonNode record) {
        JsonNode t = record.path("modifiedTime");
        if (t.isNumber() || t.asText("").matches("\\d{10,}")) {
            return Instant.ofEpochMilli(t.asLong());
        }
        return DeskCalls.modifiedTime(record);
    }
}
