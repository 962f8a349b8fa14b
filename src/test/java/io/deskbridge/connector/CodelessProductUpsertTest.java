package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.push.CrmWrites;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 4 of issue 15: a Desk product without a code, upserted again after a crash lost its link, is the same
 * CRM product, not a second one: it is upserted by its name, the key it is matched by.
 */
class CodelessProductUpsertTest {

    final ZohoConnectorsTest sandbox = new ZohoConnectorsTest();
    ZohoCrmClient crm;

    @BeforeEach
    void start() throws Exception {
        sandbox.start();
        crm = sandbox.crm(sandbox.oauth("1000.test.refresh"));
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.stop();
    }

    WriteResult upsertAsCrmWritesDoes(ObjectNode body) {
        List<String> key = CrmWrites.upsertKey(ModuleSpec.PRODUCTS.matchKeys(), body);
        return crm.upsert("Products", List.of(body.deepCopy()), key).get(0);
    }

    @Test
    void aCodelessProductSentTwiceIsOneCrmProduct() {
        ObjectNode codeless = ZohoConnectorsTest.JSON.createObjectNode().put("Product_Name", "Wireless Mouse");
        assertEquals(List.of("Product_Name"), CrmWrites.upsertKey(ModuleSpec.PRODUCTS.matchKeys(), codeless));

        WriteResult first = upsertAsCrmWritesDoes(codeless);
        WriteResult again = upsertAsCrmWritesDoes(codeless);

        assertTrue(first.success() && again.success(), first + " " + again);
        assertEquals(first.id(), again.id(), "the second upsert found the first product: " + again);
        assertEquals(
                1, crm.findByKey("Products", "Product_Name", "Wireless Mouse").size());
    }

    @Test
    void aProductWithACodeIsStillUpsertedByItsCode() {
        ObjectNode coded = ZohoConnectorsTest.JSON
                .createObjectNode()
                .put("Product_Name", "Keyboard")
                .put("Product_Code", "KB-1");
        assertEquals(List.of("Product_Code"), CrmWrites.upsertKey(ModuleSpec.PRODUCTS.matchKeys(), coded));
        WriteResult first = upsertAsCrmWritesDoes(coded);
        WriteResult renamed = upsertAsCrmWritesDoes(coded.deepCopy().put("Product_Name", "Keyboard II"));
        assertEquals(first.id(), renamed.id(), "a new name under the same code is the same product");
        assertEquals(
                List.of("Email"),
                CrmWrites.upsertKey(ModuleSpec.CONTACTS.matchKeys(), ZohoConnectorsTest.JSON.createObjectNode()),
                "contacts keep their key");
    }
}
