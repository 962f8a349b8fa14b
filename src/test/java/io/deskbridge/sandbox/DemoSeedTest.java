package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo seed holds the hard cases and is reproducible. */
class DemoSeedTest {

    private static String email(Sandbox sb, String id) {
        JsonNode e = sb.crm().get("Contacts", id).orElseThrow().get("Email");
        return e.isNull() ? null : e.asText();
    }

    @Test
    void seedHasTheHardCases() {
        try (Sandbox sb = new Sandbox(SandboxServer.settings(null, true))) {
            assertEquals(14, sb.crm().count("Contacts"));
            assertEquals(3, sb.crm().count("Accounts"));
            ObjectNode taro = sb.crm().get("Contacts", "5725767000000412001").orElseThrow();
            assertEquals("太郎", taro.get("First_Name").asText());
            assertEquals("山田", taro.get("Last_Name").asText());
            assertEquals("株式会社サンプル", taro.get("Account_Name").get("name").asText());
            assertEquals("Taro.Yamada@Example.JP", email(sb, "5725767000000412001"));
            assertEquals("  hanako.sato@example.jp  ", email(sb, "5725767000000412002"));
            assertEquals("ｊｉｒｏ．ｓｕｚｕｋｉ＠ｅｘａｍｐｌｅ．ｊｐ", email(sb, "5725767000000412003"));
            assertEquals(
                    "０３－１２３４－５６７８",
                    sb.crm()
                            .get("Contacts", "5725767000000412003")
                            .orElseThrow()
                            .get("Phone")
                            .asText());
            ObjectNode ken = sb.crm().get("Contacts", "5725767000000412004").orElseThrow();
            assertEquals("ken@oldmail.example", ken.get("Secondary_Email").asText());
            List<ObjectNode> shared = sb.crm().list("Contacts").stream()
                    .filter(c -> "info@shared.example".equals(c.get("Email").asText(null)))
                    .collect(Collectors.toList());
            assertEquals(2, shared.size());
            assertNull(email(sb, "5725767000000412007"));
            assertEquals("not-an-email", email(sb, "5725767000000412008"));
            assertEquals("foo@@bar.example", email(sb, "5725767000000412009"));
            assertEquals("2026-01-05T01:00:00+00:00", taro.get("Created_Time").asText());
            assertEquals("2026-01-12T01:00:00+00:00", taro.get("Modified_Time").asText());

            // Desk side of the hard cases
            assertEquals(4, sb.desk().contactCount());
            List<ObjectNode> old = sb.desk().contactsWithEmail("ken@oldmail.example");
            assertEquals(1, old.size());
            assertEquals("1892000000042032", old.get(0).get("id").asText());
            assertEquals(1, sb.desk().contactsWithEmail(" info@SHARED.example").size());
            List<ObjectNode> mary = sb.desk().contactsWithEmail("mary.major@acme.example");
            assertEquals("Mary.Major@ACME.example", mary.get(0).get("email").asText());
            assertNotEquals(
                    sb.crm()
                            .get("Contacts", "5725767000000412010")
                            .orElseThrow()
                            .get("Phone")
                            .asText(),
                    mary.get(0).get("phone").asText());
            assertEquals(
                    1, sb.desk().contactsWithEmail("desk.only@support.example").size());
            assertEquals(
                    0, sb.desk().contactsWithEmail("k.watanabe@nomatch.example").size());
            assertEquals(2, sb.desk().accounts().size());
            List<String> crmAccounts = sb.crm().list("Accounts").stream()
                    .map(a -> a.get("Account_Name").asText())
                    .collect(Collectors.toList());
            assertTrue(sb.desk().accounts().stream()
                    .anyMatch(a -> crmAccounts.contains(a.get("accountName").asText())));
            assertEquals(
                    "2026-01-03T00:00:00.000Z", old.get(0).get("createdTime").asText());
        }
    }

    @Test
    void seedIsReproducibleAndOptional() {
        try (Sandbox a = new Sandbox(SandboxServer.settings(null, true));
                Sandbox b = new Sandbox(SandboxServer.settings(" ", true));
                Sandbox none = new Sandbox(SandboxServer.settings(null, false))) {
            assertEquals(a.crm().list("Contacts"), b.crm().list("Contacts"));
            assertEquals(a.desk().contacts(), b.desk().contacts());
            assertEquals(0, none.crm().count("Contacts"));
            assertEquals(0, none.desk().contactCount());
        }
    }
}
