package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The products sync (issue 15, item 4) end to end: the real runtime against its sandbox over HTTP, its main flow on
 * Zoho CRM and on Bigin. The sandbox seeds
 * Desk products in Sales (Laptop Pro 14 LP-14, Docking Station DK-1) and Support (Support Plan Gold SUP-G, Onsite
 * Visit), and CRM products "Laptop Pro 14 (2026)" LP-14, "onsite  visit" (no code) and Extended Warranty EW-3.
 */
class ProductsSyncTest {

    static final String SUPPORT = "1892000000006907";
    static final String SALES = "1892000000006915";

    @TempDir
    Path dir;

    RunningDeskbridge start(String... keysAndValues) throws Exception {
        return start(CrmProduct.ZOHO_CRM, keysAndValues);
    }

    /** The runtime with the sandbox serving {@code product} as the CRM: Zoho CRM's Products or Bigin's (issue 15). */
    RunningDeskbridge start(CrmProduct product, String... keysAndValues) throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir, product);
        p.put("deskbridge.sync.products.departments", "Sales");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return RunningDeskbridge.start(p);
    }

    static ObjectNode deskProduct(Sandbox s, String name, String code, String department) {
        ObjectNode p = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("productName", name);
        if (code != null) {
            p.put("productCode", code);
        }
        p.putArray("departmentIds").add(department);
        return s.deskProducts().insert(p);
    }

    static ObjectNode crmProduct(Sandbox s, String name, String code) {
        ObjectNode p = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("Product_Name", name);
        if (code != null) {
            p.put("Product_Code", code);
        }
        return s.crm().insert("Products", p);
    }

    static List<ObjectNode> deskWithCode(Sandbox s, String code) {
        return s.deskProducts().all().stream()
                .filter(p -> !p.path("isDeleted").asBoolean()
                        && code.equals(p.path("productCode").asText(null)))
                .toList();
    }

    static List<ObjectNode> crmWithCode(Sandbox s, String code) {
        return s.crm().list("Products").stream()
                .filter(p -> code.equals(p.path("Product_Code").asText(null)))
                .toList();
    }

    static List<ObjectNode> deskNamed(Sandbox s, String name) {
        return s.deskProducts().all().stream()
                .filter(p -> name.equals(p.path("productName").asText(null)))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void syncsOnlyTheChosenDepartmentsAndMatchesByCodeThenName(CrmProduct product) throws Exception {
        try (RunningDeskbridge app = start(product)) {
            Sandbox s = app.sandbox();
            String supportBefore = s.deskProducts().all().stream()
                    .filter(p -> p.path("departmentIds").toString().contains(SUPPORT))
                    .toList()
                    .toString();
            ObjectNode mouse = deskProduct(s, "  Wireless   Mouse ", null, SALES);
            ObjectNode crmMouse = crmProduct(s, "wireless mouse", null);
            ObjectNode deskHeadset = deskProduct(s, "Headset", "H-2", SALES);
            ObjectNode crmHeadset = crmProduct(s, "headset", "H-1");
            deskProduct(s, "Cable A", "DUP-1", SALES);
            deskProduct(s, "Cable B", "DUP-1", SALES);
            crmProduct(s, "Cable", "DUP-1");
            ObjectNode nameless = s.deskProducts()
                    .insert(new com.fasterxml.jackson.databind.ObjectMapper()
                            .createObjectNode()
                            .put("unitPrice", "5"));
            nameless.withArray("departmentIds").add(SALES);
            s.deskProducts().update(nameless.get("id").asText(), nameless);
            s.requests().clear();

            JsonNode run = app.runAndWait("products");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());

            // The same code under another name links: one Desk LP-14, one CRM LP-14, and a link between them.
            assertEquals(1, deskWithCode(s, "LP-14").size(), "linked, not duplicated");
            assertEquals(1, crmWithCode(s, "LP-14").size(), "linked, not duplicated");
            String crmLaptop = crmWithCode(s, "LP-14").get(0).get("id").asText();
            JsonNode links =
                    app.get("/admin/syncs/products/links?crmId=" + crmLaptop).path("items");
            assertEquals(1, links.size(), links.toString());
            assertEquals(
                    deskWithCode(s, "LP-14").get(0).get("id").asText(),
                    links.get(0).path("deskId").asText());
            assertEquals("code:lp-14", links.get(0).path("key").asText());

            // No code on either side: linked by the normalised name.
            JsonNode mouseLink = app.get("/admin/syncs/products/links?crmId="
                            + crmMouse.get("id").asText())
                    .path("items");
            assertEquals(
                    mouse.get("id").asText(), mouseLink.get(0).path("deskId").asText(), mouseLink.toString());

            // Two codes, one name: different products, never linked by their name.
            JsonNode headsetLinks = app.get("/admin/syncs/products/links?crmId="
                            + crmHeadset.get("id").asText())
                    .path("items");
            assertTrue(
                    StreamSupport.stream(headsetLinks.spliterator(), false)
                            .noneMatch(l -> l.path("deskId")
                                    .asText()
                                    .equals(deskHeadset.get("id").asText())),
                    headsetLinks.toString());
            assertEquals(1, deskWithCode(s, "H-2").size(), "the Desk's H-2 keeps its code");

            // Sales products flow both ways; Support's are neither read nor written.
            assertEquals(1, crmWithCode(s, "DK-1").size(), "the Sales Docking Station reached the CRM");
            assertTrue(crmWithCode(s, "SUP-G").isEmpty(), "the Support product did not reach the CRM");
            ObjectNode warranty = deskWithCode(s, "EW-3").get(0);
            assertEquals(List.of(SALES), texts(warranty.get("departmentIds")), "created in the chosen department");
            List<ObjectNode> onsite = deskNamed(s, "onsite  visit");
            assertEquals(1, onsite.size(), "the CRM's Onsite Visit is created in Sales: Support's is not seen");
            assertEquals(List.of(SALES), texts(onsite.get(0).get("departmentIds")));
            String supportAfter = s.deskProducts().all().stream()
                    .filter(p -> p.path("departmentIds").toString().contains(SUPPORT))
                    .toList()
                    .toString();
            assertEquals(supportBefore, supportAfter, "Support's products are unchanged");
            List<String> lists = s.requests().entries().stream()
                    .filter(e -> e.system().equals("desk") && e.path().endsWith("/products"))
                    .map(e -> e.method() + " " + e.query())
                    .toList();
            assertFalse(lists.isEmpty());
            assertTrue(
                    lists.stream().filter(l -> l.startsWith("GET")).allMatch(l -> l.contains("departmentId=" + SALES)),
                    lists.toString());

            // Two Desk products with one code: a conflict, nothing written for it.
            assertEquals(2, deskWithCode(s, "DUP-1").size());
            assertEquals(1, crmWithCode(s, "DUP-1").size());
            JsonNode conflicts =
                    app.get("/admin/syncs/products/errors?kind=CONFLICT").path("items");
            assertTrue(conflicts.toString().contains("code:dup-1"), conflicts.toString());
            // Neither a code nor a name: excluded with the reason.
            JsonNode excluded =
                    app.get("/admin/syncs/products/errors?kind=EXCLUDED").path("items");
            assertTrue(
                    StreamSupport.stream(excluded.spliterator(), false)
                            .anyMatch(i -> i.path("recordId")
                                            .asText()
                                            .equals(nameless.get("id").asText())
                                    && i.path("reasonCode").asText().equals("NO_CODE_OR_NAME")),
                    excluded.toString());

            // A second run with nothing new writes nothing.
            JsonNode again = app.runAndWait("products");
            assertEquals("SUCCEEDED", again.path("status").asText(), again.toString());
            assertEquals(
                    0, again.path("created").asInt() + again.path("updated").asInt(), again.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void crmToDeskWritesNothingToTheCrmAndFollowsTheLifecycle(CrmProduct product) throws Exception {
        try (RunningDeskbridge app = start(product, "deskbridge.sync.products.direction", "crm-to-desk")) {
            Sandbox s = app.sandbox();
            int crmBefore = s.crm().count("Products");
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/products/pause", RunningDeskbridge.TOKEN)
                            .statusCode());
            assertEquals(
                    409,
                    app.call("POST", "/admin/syncs/products/run", RunningDeskbridge.TOKEN)
                            .statusCode());
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/products/activate", RunningDeskbridge.TOKEN)
                            .statusCode());

            JsonNode run = app.runAndWait("products");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(crmBefore, s.crm().count("Products"), "crm-to-desk writes nothing to the CRM");
            assertTrue(crmWithCode(s, "DK-1").isEmpty());
            assertTrue(s.requests().entries().stream()
                    .noneMatch(e -> e.system().equals("crm")
                            && !e.method().equals("GET")
                            && e.path().contains("Products")));
            assertEquals(1, deskWithCode(s, "EW-3").size(), "the CRM's products reach the Desk");
        }
    }

    /**
     * Direction none (issue 15, item 2) on products: the seeded pairs are linked, Laptop Pro 14 by its code and Onsite
     * Visit (no code on either side) by its normalised name, and nothing is written to either side.
     */
    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void aNoneRunLinksByCodeAndByNameAndWritesNothing(CrmProduct product) throws Exception {
        try (RunningDeskbridge app = start(
                product,
                "deskbridge.sync.products.direction",
                "none",
                "deskbridge.sync.products.departments",
                "Sales, Support")) {
            Sandbox s = app.sandbox();
            String deskBefore = s.deskProducts().all().toString();
            String crmBefore = s.crm().list("Products").toString();
            s.requests().clear();

            JsonNode run = app.runAndWait("products");

            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(2, run.path("linked").asInt(), run.toString());
            for (String counter :
                    List.of("created", "updated", "unchanged", "excluded", "failed", "conflicts", "deleted")) {
                assertEquals(0, run.path(counter).asInt(), counter + " stays 0 under direction none: " + run);
            }
            assertEquals(
                    List.of(),
                    s.requests().entries().stream()
                            .filter(e ->
                                    !e.system().equals("oauth") && !e.method().equals("GET"))
                            .toList(),
                    "nothing is written to either system");
            assertEquals(deskBefore, s.deskProducts().all().toString());
            assertEquals(crmBefore, s.crm().list("Products").toString());

            JsonNode byCode = app.get("/admin/syncs/products/links?crmId="
                            + crmWithCode(s, "LP-14").get(0).get("id").asText())
                    .path("items");
            assertEquals(
                    deskWithCode(s, "LP-14").get(0).get("id").asText(),
                    byCode.get(0).path("deskId").asText(),
                    byCode.toString());
            String crmOnsite = s.crm().list("Products").stream()
                    .filter(p -> p.path("Product_Name").asText().equals("onsite  visit"))
                    .findFirst()
                    .orElseThrow()
                    .get("id")
                    .asText();
            JsonNode byName =
                    app.get("/admin/syncs/products/links?crmId=" + crmOnsite).path("items");
            assertEquals(
                    deskNamed(s, "Onsite Visit").get(0).get("id").asText(),
                    byName.get(0).path("deskId").asText(),
                    byName.toString());

            JsonNode again = app.runAndWait("products");
            assertEquals(0, again.path("linked").asInt() + again.path("created").asInt(), again.toString());
        }
    }

    @Test
    void anUnknownDepartmentIsRefusedAtActivationNamingItAndTheDesksDepartments() throws Exception {
        try (RunningDeskbridge app = start("deskbridge.sync.products.departments", "Sales, Marketing")) {
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/products/pause", RunningDeskbridge.TOKEN)
                            .statusCode());
            HttpResponse<String> r = app.call("POST", "/admin/syncs/products/activate", RunningDeskbridge.TOKEN);
            assertEquals(422, r.statusCode(), r.body());
            assertTrue(
                    r.body().contains("'Marketing'")
                            && r.body().contains("'Support' (" + SUPPORT + ")")
                            && r.body().contains("'Sales' (" + SALES + ")"),
                    r.body());
            assertEquals(
                    "PAUSED", app.get("/admin/syncs/products").path("state").asText());
        }
    }

    @Test
    void noDepartmentsDisablesTheSyncAtStartAndRefusesItsActivationNamingTheKey() throws Exception {
        try (RunningDeskbridge app = start("deskbridge.sync.products.departments", "")) {
            JsonNode status = app.get("/admin/syncs/products");
            assertEquals("DISABLED", status.path("state").asText(), status.toString());
            HttpResponse<String> r = app.call("POST", "/admin/syncs/products/activate", RunningDeskbridge.TOKEN);
            assertEquals(422, r.statusCode(), r.body());
            assertTrue(r.body().contains("deskbridge.sync.products.departments is empty"), r.body());
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
