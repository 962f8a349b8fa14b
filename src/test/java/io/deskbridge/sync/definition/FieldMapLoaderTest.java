package io.deskbridge.sync.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FieldMapLoaderTest {

    final FieldMapLoader loader = new FieldMapLoader();

    FieldMap load(String yaml) {
        return loader.load(
                "test.fieldmap.yaml",
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                ModuleSpec.CONTACTS);
    }

    String problems(String yaml) {
        return assertThrows(FieldMapException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void theShippedContactsMapIsValidAndPreMapsTheStandardFields() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("routes/contacts.fieldmap.yaml"))) {
            FieldMap map = loader.load("routes/contacts.fieldmap.yaml", in, ModuleSpec.CONTACTS);
            assertEquals(
                    java.util.List.of("First_Name", "Last_Name", "Email", "Secondary_Email", "Phone", "Mobile"),
                    map.crmFields());
        }
    }

    @Test
    void mapsCrmRecordsToTheDeskShapeIncludingCustomFields() {
        FieldMap map = load("""
                fields:
                  - {crm: Email, desk: email}
                  - {crm: Last_Name, desk: lastName}
                  - {crm: Region, desk: cf.cf_region, custom: true}
                """);
        ObjectMapper json = new ObjectMapper();
        ObjectNode crm = json.createObjectNode()
                .put("Email", "a@example.com")
                .put("Last_Name", "山田")
                .put("Region", "関東");
        ObjectNode desk = FieldMap.deskBody(map.canonicalFromCrm(crm));
        assertEquals("山田", desk.path("lastName").asText());
        assertEquals("関東", desk.path("cf").path("cf_region").asText());
        assertTrue(desk.has("secondaryEmail"), "the secondary email is mapped automatically");
    }

    @Test
    void everyProblemIsReportedWithItsEntry() {
        String message = problems("""
                fields:
                  - {crm: Email, desk: email}
                  - {crm: Frist_Name, desk: firstName}
                  - {crm: Phone, desk: telephone}
                  - {crm: Mobile}
                  - {crm: Account_Name, desk: accountId}
                  - {crm: Region, desk: cf.Region, custom: true}
                  - {crm: Phone, desk: email, colour: red}
                """);
        assertTrue(message.startsWith("test.fieldmap.yaml: "), message);
        assertTrue(
                message.contains("entry 2 (crm: Frist_Name, desk: firstName): unknown CRM Contacts field 'Frist_Name'"),
                message);
        assertTrue(
                message.contains("entry 3 (crm: Phone, desk: telephone): unknown Desk contacts field 'telephone'"),
                message);
        assertTrue(message.contains("entry 4: needs both 'crm' and 'desk'"), message);
        assertTrue(message.contains("'Account_Name' is a lookup field"), message);
        assertTrue(message.contains("cf.cf_<name>"), message);
        assertTrue(message.contains("entry 7: unknown key 'colour'"), message);
        assertTrue(message.contains("Desk field 'email' is mapped more than once"), message);
    }

    @Test
    void theMatchKeyMustStayMapped() {
        assertTrue(problems("fields:\n  - {crm: Phone, desk: phone}\n").contains("Email -> email must stay mapped"));
    }

    @Test
    void brokenYamlAndAnUnknownTopLevelKeyAreNamed() {
        assertTrue(problems("fields: [ {crm: Email").contains("not valid YAML"));
        assertTrue(
                problems("fields:\n  - {crm: Email, desk: email}\nfeilds: []\n").contains("unknown key 'feilds'"));
        assertTrue(problems("- just a list").contains("expected a mapping"));
    }
}
