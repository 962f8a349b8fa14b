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

    /** The figures DemoSeed's comment states, recomputed from the seeded tickets one by one. */
    @Test
    void seededTicketsGiveTheDocumentedFigures() {
        try (Sandbox sb = new Sandbox(SandboxServer.settings(null, true))) {
            DeskTickets tickets = sb.desk().tickets();
            assertEquals(8, tickets.count());
            assertEquals(
                    "1892000000143009",
                    tickets.ticket("1892000000143009").orElseThrow().get("id").asText());
            assertTrue(tickets.ticket("1892000000143009")
                    .orElseThrow()
                    .get("isTrashed")
                    .asBoolean());
            assertEquals(List.of("3 2 1 1 2 90 24 GOOD"), figures(tickets, DemoSeed.DESK_MARY));
            assertEquals(List.of("2 1 0 0 0 135 48 BAD"), figures(tickets, DemoSeed.DESK_KEN));
            assertEquals(List.of("2 2 0 0 0 45 - -"), figures(tickets, DemoSeed.DESK_INFO));
            assertEquals(List.of("1 0 0 0 1 10 1 OK"), figures(tickets, DemoSeed.DESK_ONLY));
            assertEquals(
                    List.of("Open", "On Hold", "Escalated", "Waiting on customer", "Closed"),
                    tickets.statuses().stream()
                            .map(x -> x.get("value").asText())
                            .toList());
            ObjectNode deal = sb.crm().get("Deals", "5725767000000414001").orElseThrow();
            assertEquals("Mary Major", deal.get("Contact_Name").get("name").asText());
        }
    }

    /**
     * "tickets notClosed overdue escalated highPriority avgFirstResponseMinutes avgResolutionHours ratings" of one
     * Desk contact's tickets.
     */
    private static List<String> figures(DeskTickets tickets, String contactId) {
        List<ObjectNode> mine = tickets.all().stream()
                .filter(t -> contactId.equals(t.get("contactId").asText()))
                .toList();
        long open = mine.stream()
                .filter(t -> !t.get("statusType").asText().equals("Closed"))
                .count();
        long overdue = mine.stream().filter(t -> t.get("isOverDue").asBoolean()).count();
        long escalated =
                mine.stream().filter(t -> t.get("isEscalated").asBoolean()).count();
        long high = mine.stream()
                .filter(t -> "High".equals(t.get("priority").asText()))
                .count();
        List<Long> firstResponses = new java.util.ArrayList<>();
        List<Long> resolutions = new java.util.ArrayList<>();
        for (ObjectNode t : mine) {
            long created = Times.parseDesk(t.get("createdTime").asText());
            tickets.threads(t.get("id").asText()).stream()
                    .filter(th -> th.get("direction").asText().equals("out"))
                    .findFirst()
                    .ifPresent(th -> firstResponses.add(
                            (Times.parseDesk(th.get("createdTime").asText()) - created) / 60_000));
            if (!t.get("closedTime").isNull()) {
                resolutions.add((Times.parseDesk(t.get("closedTime").asText()) - created) / 3_600_000);
            }
        }
        String ratings = tickets.ratings().stream()
                .filter(r -> contactId.equals(r.get("contactId").asText()))
                .map(r -> r.get("rating").asText())
                .collect(Collectors.joining(","));
        return List.of(mine.size() + " " + open + " " + overdue + " " + escalated + " " + high + " "
                + average(firstResponses) + " " + average(resolutions) + " " + (ratings.isEmpty() ? "-" : ratings));
    }

    private static String average(List<Long> values) {
        return values.isEmpty()
                ? "-"
                : Long.toString(values.stream().mapToLong(Long::longValue).sum() / values.size());
    }

    @Test
    void seedIsReproducibleAndOptional() {
        try (Sandbox a = new Sandbox(SandboxServer.settings(null, true));
                Sandbox b = new Sandbox(SandboxServer.settings(" ", true));
                Sandbox none = new Sandbox(SandboxServer.settings(null, false))) {
            assertEquals(a.crm().list("Contacts"), b.crm().list("Contacts"));
            assertEquals(a.desk().contacts(), b.desk().contacts());
            assertEquals(a.desk().tickets().all(), b.desk().tickets().all());
            assertEquals(a.desk().tickets().ratings(), b.desk().tickets().ratings());
            assertEquals(a.crm().list("Deals"), b.crm().list("Deals"));
            assertEquals(0, none.desk().tickets().count());
            assertEquals(5, none.desk().tickets().statuses().size(), "statuses are the org's, seeded or not");
            assertEquals(0, none.crm().count("Contacts"));
            assertEquals(0, none.desk().contactCount());
        }
    }
}
