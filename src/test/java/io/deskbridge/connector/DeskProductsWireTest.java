package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohodesk.DeskDepartments;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.model.ProductKey;
import io.deskbridge.sandbox.RequestLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Desk products wire (issue 15, item 4) over real HTTP against the sandbox, which enforces Product.json. */
class DeskProductsWireTest {

    static final String SUPPORT = "1892000000006907";
    static final String SALES = "1892000000006915";

    final ZohoConnectorsTest sandbox = new ZohoConnectorsTest();
    ZohoDeskClient desk;

    @BeforeEach
    void start() throws Exception {
        sandbox.start();
        desk = sandbox.desk(sandbox.oauth("1000.test.refresh"), "777001");
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.stop();
    }

    ObjectNode product(String name, String code, String department) {
        ObjectNode p = ZohoConnectorsTest.JSON
                .createObjectNode()
                .put("productName", name)
                .put("productCode", code);
        p.putArray("departmentIds").add(department);
        return sandbox.server.sandbox.deskProducts().insert(p);
    }

    List<ObjectNode> read(Instant since) {
        List<ObjectNode> out = new ArrayList<>();
        desk.readChanges("products", List.of("unitPrice"), since, page -> out.addAll(page.records()));
        return out;
    }

    @Test
    void departmentsResolveByNameOrIdAndAnUnknownOneIsNamedWithTheDesksList() {
        DeskDepartments known = desk.productDepartments(List.of(" sales ", SUPPORT));
        assertEquals(List.of(SALES, SUPPORT), known.resolve().ids());
        assertTrue(known.resolve().problems().isEmpty());

        List<String> problems =
                desk.productDepartments(List.of("Sales", "Marketing")).resolve().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains("'Marketing'")
                        && problems.get(0).contains("'Support' (" + SUPPORT + ")")
                        && problems.get(0).contains("'Sales' (" + SALES + ")"),
                problems.get(0));

        String empty = desk.productDepartments(List.of()).resolve().problems().get(0);
        assertTrue(empty.contains(DeskDepartments.KEY) && empty.contains("'Sales'"), empty);
    }

    @Test
    void readsOnlyTheChosenDepartmentsNewestFirstAndStopsAtTheWatermark() throws Exception {
        desk.productDepartments(List.of("Sales"));
        ObjectNode a = product("Alpha", "A-1", SALES);
        product("Other", "O-1", SUPPORT);
        Thread.sleep(5);
        ObjectNode b = product("Beta", "B-1", SALES);

        List<ObjectNode> all = read(null);
        assertEquals(
                List.of(b.get("id").asText(), a.get("id").asText()),
                all.stream().map(p -> p.get("id").asText()).toList(),
                "Sales only, newest first (review finding 5: pages are handed over as read): " + all);
        assertTrue(desk.readsNewestFirst("products") && !desk.readsNewestFirst("contacts"));
        assertTrue(all.stream().allMatch(p -> p.has("modifiedTime") && p.has("unitPrice")), all.toString());

        sandbox.server.sandbox.requests().clear();
        List<ObjectNode> since = read(Instant.parse(b.get("modifiedTime").asText()));
        assertEquals(
                List.of(b.get("id").asText()),
                since.stream().map(p -> p.get("id").asText()).toList());
        List<RequestLog.Entry> lists = sandbox.requests("desk").stream()
                .filter(e -> e.path().endsWith("/products"))
                .toList();
        assertEquals(1, lists.size(), "one page reaches the watermark: " + lists);
        assertTrue(
                lists.get(0).query().contains("departmentId=" + SALES)
                        && lists.get(0).query().contains("sortBy=-modifiedTime"),
                lists.get(0).query());
    }

    @Test
    void createSendsTheChosenDepartmentsAndTheSandboxRefusesAProductWithout() throws Exception {
        desk.productDepartments(List.of("Sales", "Support"));
        ObjectNode body = ZohoConnectorsTest.JSON
                .createObjectNode()
                .put("productName", "Gamma")
                .put("productCode", "G");
        WriteResult made = desk.create("products", List.of(body)).get(0);
        assertTrue(made.success(), made.toString());
        assertEquals(
                List.of(SALES, SUPPORT),
                ZohoConnectorsTest.JSON.convertValue(((ObjectNode) made.details()).get("departmentIds"), List.class));

        assertEquals(
                422,
                sandbox.server
                        .desk("POST", "/products", "{\"productName\":\"No departments\"}")
                        .status());

        WriteResult changed = desk.update(
                        "products",
                        List.of(ZohoConnectorsTest.JSON
                                .createObjectNode()
                                .put("id", made.id())
                                .put("unitPrice", "9")))
                .get(0);
        assertTrue(changed.success(), changed.toString());
    }

    @Test
    void findByKeyMatchesACodeOrANormalisedNameAndTrashTakesTheDepartment() {
        desk.productDepartments(List.of("Sales"));
        ObjectNode x = product("  Wireless   Mouse ", null, SALES);
        ObjectNode y = product("Keyboard", "KB-1", SALES);
        assertEquals(
                List.of(x.get("id").asText()),
                desk
                        .findByKey(
                                "products",
                                "productName",
                                ProductKey.name("wireless mouse").value())
                        .stream()
                        .map(p -> p.get("id").asText())
                        .toList());
        assertEquals(
                List.of(y.get("id").asText()),
                desk
                        .findByKey(
                                "products",
                                "productCode",
                                ProductKey.code(" kb-1").value())
                        .stream()
                        .map(p -> p.get("id").asText())
                        .toList());

        desk.delete("products", List.of(y.get("id").asText()));
        assertTrue(desk.findByKey(
                        "products", "productCode", ProductKey.code("KB-1").value())
                .isEmpty());
        assertFalse(desk.readDeleted("products", null, page -> {}).calls() > 0, "the bin is not read for products");
    }

    /** Review finding 5: a page is handed over as soon as it is read, never the department's whole set at once. */
    @Test
    void eachPageIsHandedOverAsItIsRead() {
        desk.productDepartments(List.of("Sales"));
        for (int i = 0; i < 150; i++) {
            product("Bulk " + i, "BULK-" + i, SALES);
        }
        desk.readChanges("products", List.of(), null, page -> {}); // resolves the departments
        sandbox.server.sandbox.requests().clear();
        List<Integer> listCallsAtEachPage = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        ReadSummary s = desk.readChanges("products", List.of(), null, page -> {
            listCallsAtEachPage.add((int) sandbox.requests("desk").stream()
                    .filter(e -> e.path().endsWith("/products"))
                    .count());
            sizes.add(page.records().size());
        });
        assertEquals(List.of(1, 2), listCallsAtEachPage, "the first page before the second is asked for");
        assertEquals(List.of(100, 51), sizes, "pages overlap by one record");
        assertEquals(1 + 2, s.calls());
    }

    /**
     * Review finding 5: a product trashed above the read's offset moves the others up; the overlapping record is
     * missing from the next page, and the department is read again, so no product is stepped over.
     */
    @Test
    void aProductTrashedDuringTheReadStepsOverNothing() {
        desk.productDepartments(List.of("Sales"));
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            live.add(product("Bulk " + i, "BULK-" + i, SALES).get("id").asText());
        }
        String newest = live.remove(live.size() - 1);
        java.util.Set<String> handed = new java.util.HashSet<>();
        desk.readChanges("products", List.of(), null, page -> {
            if (handed.isEmpty()) {
                desk.delete("products", List.of(newest));
            }
            page.records().forEach(p -> handed.add(p.get("id").asText()));
        });
        assertTrue(
                handed.containsAll(live),
                "every product still live is read; not read: "
                        + live.stream().filter(id -> !handed.contains(id)).toList());
        assertTrue(
                sandbox.requests("desk").stream()
                                .filter(e -> e.path().endsWith("/products")
                                        && e.query().contains("from=0"))
                                .count()
                        >= 2,
                "read again from the top");
    }

    /** Review finding 6: a code has no search, so every page of every chosen department's list is a call, counted. */
    @Test
    void findByKeyCountsEveryCallItMakes() {
        desk.productDepartments(List.of("Sales", "Support"));
        for (int i = 0; i < 101; i++) {
            product("Bulk " + i, "BULK-" + i, SALES);
        }
        desk.readChanges("products", List.of(), null, page -> {}); // resolves the departments
        sandbox.server.sandbox.requests().clear();
        int[] counted = {0};
        List<ObjectNode> found = desk.findByKey(
                "products", "productCode", ProductKey.code("BULK-7").value(), n -> counted[0] += n);
        assertEquals(1, found.size(), found.toString());
        assertEquals(3, sandbox.requests("desk").size(), "two pages of Sales, one of Support");
        assertEquals(sandbox.requests("desk").size(), counted[0]);

        counted[0] = 0;
        desk.findByKey("products", "productName", ProductKey.name("bulk 7").value(), n -> counted[0] += n);
        assertEquals(1, counted[0], "a name is one search");
    }

    /** Review finding 11: one moveToTrash per chosen department the product is in, so it leaves every one. */
    @Test
    void aProductInTwoChosenDepartmentsIsTrashedInBoth() {
        desk.productDepartments(List.of("Sales", "Support"));
        ObjectNode both = product("Headset", "HS-1", SALES);
        sandbox.server.sandbox.deskProducts().update(both.get("id").asText(), (ObjectNode) ZohoConnectorsTest.JSON
                .createObjectNode()
                .set("departmentIds", ZohoConnectorsTest.JSON.valueToTree(List.of(SALES, SUPPORT))));
        sandbox.server.sandbox.requests().clear();
        int[] counted = {0};

        desk.delete("products", List.of(both.get("id").asText()), n -> counted[0] += n);

        List<Integer> trashCalls = sandbox.requests("desk").stream()
                .filter(e -> e.path().endsWith("/moveToTrash"))
                .map(RequestLog.Entry::status)
                .toList();
        assertEquals(List.of(204, 204), trashCalls, "one a department (the sandbox refuses a department it is not in)");
        assertEquals(3, counted[0], "the read of its departments and two trash calls");
        assertTrue(read(null).isEmpty(), "in neither department's list any more");
        assertTrue(sandbox.server
                .sandbox
                .deskProducts()
                .all()
                .get(0)
                .path("isDeleted")
                .asBoolean());
    }

    /** Review finding 10: only products read epoch milliseconds; the other Desk modules keep their ISO times. */
    @Test
    void changedAtReadsEpochMillisForProductsOnly() {
        ObjectNode millis = ZohoConnectorsTest.JSON.createObjectNode().put("modifiedTime", "1700000000000");
        assertEquals(Instant.ofEpochMilli(1700000000000L), desk.changedAt("products", millis));
        assertNull(desk.changedAt("contacts", millis), "a contact's time is ISO-8601 only");
        ObjectNode iso = ZohoConnectorsTest.JSON.createObjectNode().put("modifiedTime", "2026-11-29T01:02:03.004Z");
        assertEquals(Instant.parse("2026-11-29T01:02:03.004Z"), desk.changedAt("accounts", iso));
        assertEquals(Instant.parse("2026-11-29T01:02:03.004Z"), desk.changedAt("products", iso));
    }

    @Test
    void anUnknownDepartmentStopsARead() {
        desk.productDepartments(List.of("Marketing"));
        ApiException e = assertThrows(ApiException.class, () -> read(null));
        assertTrue(e.getMessage().contains("'Marketing'"), e.getMessage());
    }
}
