package io.deskbridge.sync.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.model.CrmProduct;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 15, item 1: each CRM product's syncs, and Bigin's own default field maps. */
class ModuleSpecsTest {

    @Test
    void zohoCrmKeepsTheSpecsItAlwaysHad() {
        assertSame(ModuleSpec.ALL, ModuleSpecs.of(CrmProduct.ZOHO_CRM));
        assertEquals("contacts.fieldmap.yaml", ModuleSpecs.fieldMapFile(ModuleSpec.CONTACTS));
    }

    @Test
    void biginHasTheSameSyncsInTheSameOrderWithItsOwnCrmFields() {
        List<ModuleSpec> bigin = ModuleSpecs.of(CrmProduct.BIGIN);
        assertEquals(
                ModuleSpec.ALL.stream().map(ModuleSpec::id).toList(),
                bigin.stream().map(ModuleSpec::id).toList());
        ModuleSpec contacts = bigin.get(1);
        assertSame(ModuleSpecs.BIGIN_CONTACTS, contacts);
        assertEquals(ModuleSpec.CONTACTS.deskFields(), contacts.deskFields(), "the Desk side does not change");
        assertEquals(ModuleSpec.CONTACTS.lookups(), contacts.lookups());
        assertFalse(contacts.crmFields().contains("Secondary_Email"), "Bigin's contacts have no secondary email");
        assertNull(contacts.matchKeys().crmSecondary());
        assertEquals("bigin/contacts.fieldmap.yaml", ModuleSpecs.fieldMapFile(contacts));
        assertEquals("bigin/accounts.fieldmap.yaml", ModuleSpecs.fieldMapFile(bigin.get(0)));
        assertSame(ModuleSpecs.BIGIN_PRODUCTS, bigin.get(2));
        assertFalse(bigin.get(2).crmFields().contains("Manufacturer"), "Bigin's products have no manufacturer");
        assertEquals(ModuleSpec.PRODUCTS.matchKeys(), bigin.get(2).matchKeys());
        assertEquals("bigin/products.fieldmap.yaml", ModuleSpecs.fieldMapFile(bigin.get(2)));
        assertEquals("tickets.fieldmap.yaml", ModuleSpecs.fieldMapFile(bigin.get(3)), "the others are shared");
    }

    @Test
    void biginsDefaultFieldMapsLoadAgainstItsSpecs() throws Exception {
        for (ModuleSpec spec :
                List.of(ModuleSpecs.BIGIN_CONTACTS, ModuleSpecs.BIGIN_ACCOUNTS, ModuleSpecs.BIGIN_PRODUCTS)) {
            Path file = Path.of("routes", ModuleSpecs.fieldMapFile(spec));
            try (InputStream in = Files.newInputStream(file)) {
                FieldMap map = new FieldMapLoader().load(file.toString(), in, spec);
                assertTrue(spec.crmFields().containsAll(map.crmFields()), file + ": " + map.crmFields());
            }
        }
    }
}
