package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.connector.zohodesk.DeskDepartments;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review finding 2 of issue 15: the sandbox's department names are the products sync's default only while the
 * sandbox is on; against real accounts an unset key leaves the sync disabled with its reason.
 */
class ProductDepartmentsDefaultTest {

    @TempDir
    Path dir;

    @Test
    void withTheSandboxOffAnUnsetKeyDisablesTheProductsSyncNamingTheKey() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.enabled", "false");
        String unused = "http://127.0.0.1:" + RunningDeskbridge.freePort() + "/";
        p.put("deskbridge.crm.api-url", unused + "crm");
        p.put("deskbridge.crm.accounts-url", unused + "accounts");
        p.put("deskbridge.desk.api-url", unused + "desk");
        p.put("deskbridge.desk.accounts-url", unused + "accounts");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode products = app.get("/admin/syncs/products");
            assertEquals("DISABLED", products.path("state").asText(), products.toString());
            assertTrue(products.toString().contains(DeskDepartments.KEY), "the state says why: " + products);
        }
    }

    @Test
    void withTheSandboxOnAnUnsetKeyIsTheSandboxsDepartments() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            assertEquals(
                    "ACTIVE", app.get("/admin/syncs/products").path("state").asText());
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/products/pause", RunningDeskbridge.TOKEN)
                            .statusCode());
            var activate = app.call("POST", "/admin/syncs/products/activate", RunningDeskbridge.TOKEN);
            assertTrue(activate.statusCode() < 300, "Support and Sales pass: " + activate.body());
        }
    }
}
