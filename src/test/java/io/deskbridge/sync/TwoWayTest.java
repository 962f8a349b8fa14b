package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two-way contacts and accounts over the sandbox: what each side changes reaches the other, once; on Zoho CRM and on
 * Bigin (issue 15).
 */
class TwoWayTest {

    static final String TARO = "5725767000000412001";
    static final String MARY = "5725767000000412010";
    static final String MARY_DESK = "1892000000042034";
    static final String CRM_ACME = "5725767000000413002";
    static final String DESK_ACME = "1892000000975382";

    /** Accounts, then contacts: the order the schedule keeps when both are due. */
    static void syncAll(RunningDeskbridge app) throws Exception {
        assertEquals("SUCCEEDED", app.runAndWait("accounts").path("status").asText());
        JsonNode contacts = app.runAndWait("contacts");
        assertEquals("SUCCEEDED", contacts.path("status").asText(), contacts.toString());
    }

    static long writes(Sandbox s) {
        return s.requests().entries().stream()
                .filter(e -> !e.system().equals("oauth") && !e.method().equals("GET"))
                .count();
    }

    @Nested
    class OnZohoCrm extends Flow {
        OnZohoCrm() {
            super(CrmProduct.ZOHO_CRM);
        }
    }

    /** The same flow against the sandbox's Bigin (issue 15). */
    @Nested
    class OnBigin extends Flow {
        OnBigin() {
            super(CrmProduct.BIGIN);
        }
    }

    abstract static class Flow {

        final CrmProduct product;

        Flow(CrmProduct product) {
            this.product = product;
        }

        final ObjectMapper json = new ObjectMapper();

        @TempDir
        Path dir;

        RunningDeskbridge start(String... extra) throws Exception {
            Map<String, String> p = RunningDeskbridge.defaults(dir, product);
            for (int i = 0; i < extra.length; i += 2) {
                p.put(extra[i], extra[i + 1]);
            }
            return RunningDeskbridge.start(p);
        }

        @Test
        void deskOnlyRecordsReachTheCrmOnceAndTheRunAfterwardWritesNothing() throws Exception {
            try (RunningDeskbridge app = start()) {
                Sandbox s = app.sandbox();
                syncAll(app);
                List<ObjectNode> inCrm = s.crm().list("Contacts").stream()
                        .filter(c -> c.path("Email").asText().equals("desk.only@support.example"))
                        .toList();
                assertEquals(1, inCrm.size());
                assertEquals(
                        1,
                        s.crm().list("Accounts").stream()
                                .filter(a -> a.path("Account_Name").asText().equals("Support Partners KK"))
                                .count());
                for (int run = 0; run < 2; run++) {
                    s.requests().clear();
                    syncAll(app);
                    assertEquals(
                            0,
                            writes(s),
                            "run " + (run + 2) + " wrote: " + s.requests().entries());
                }
                assertEquals(
                        1,
                        s.crm().list("Contacts").stream()
                                .filter(c -> c.path("Email").asText().equals("desk.only@support.example"))
                                .count());
            }
        }

        @Test
        void changesOnEitherSideReachTheOtherAndThreeRunsLaterNothingMoves() throws Exception {
            try (RunningDeskbridge app = start()) {
                Sandbox s = app.sandbox();
                syncAll(app);
                s.crm().update("Contacts", MARY, json.createObjectNode().put("Phone", "+1 555 7777"));
                String taroDesk = s.desk()
                        .contactsWithEmail("taro.yamada@example.jp")
                        .get(0)
                        .path("id")
                        .asText();
                s.desk().updateContact(taroDesk, json.createObjectNode().put("mobile", "090-1111-2222"));

                JsonNode run = app.runAndWait("contacts");
                assertEquals(2, run.path("updated").asInt(), run.toString());
                assertEquals(
                        "+1 555 7777",
                        s.desk().contact(MARY_DESK).orElseThrow().path("phone").asText());
                assertEquals(
                        "090-1111-2222",
                        s.crm()
                                .get("Contacts", TARO)
                                .orElseThrow()
                                .path("Mobile")
                                .asText());

                s.requests().clear();
                JsonNode second = app.runAndWait("contacts");
                JsonNode third = app.runAndWait("contacts");
                assertEquals(0, writes(s), "echoes came back: " + s.requests().entries());
                assertEquals(0, third.path("read").asInt(), third.toString());
                assertEquals(
                        0,
                        second.path("updated").asInt() + second.path("created").asInt());
            }
        }

        @ParameterizedTest
        @CsvSource({"crm-wins,+1 555 1000", "desk-wins,+1 555 2000", "latest-wins,+1 555 2000"})
        void aFieldChangedOnBothSidesFollowsThePolicy(String policy, String expectedPhone) throws Exception {
            try (RunningDeskbridge app = start("deskbridge.sync.contacts.conflict", policy)) {
                Sandbox s = app.sandbox();
                syncAll(app);
                s.crm()
                        .update(
                                "Contacts",
                                MARY,
                                json.createObjectNode()
                                        .put("Phone", "+1 555 1000")
                                        .put("First_Name", "Maria"));
                Thread.sleep(1100);
                s.desk()
                        .updateContact(
                                MARY_DESK,
                                json.createObjectNode()
                                        .put("phone", "+1 555 2000")
                                        .put("mobile", "+1 555 3000"));

                JsonNode run = app.runAndWait("contacts");
                assertEquals(1, run.path("conflicts").asInt(), run.toString());
                ObjectNode crm = s.crm().get("Contacts", MARY).orElseThrow();
                ObjectNode desk = s.desk().contact(MARY_DESK).orElseThrow();
                assertEquals(expectedPhone, crm.path("Phone").asText());
                assertEquals(expectedPhone, desk.path("phone").asText());
                assertEquals("Maria", desk.path("firstName").asText(), "changed in the CRM only");
                assertEquals("+1 555 3000", crm.path("Mobile").asText(), "changed in the Desk only");

                JsonNode conflicts = app.get(
                        "/admin/syncs/contacts/runs/" + run.path("runId").asLong() + "/conflicts");
                JsonNode c = conflicts.path("items").get(0);
                assertEquals("phone", c.path("field").asText());
                assertEquals("+1 555 1000", c.path("crmValue").asText());
                assertEquals("+1 555 2000", c.path("deskValue").asText());
                assertEquals(policy, c.path("policy").asText());
            }
        }

        @Test
        void anEmptiedFieldDoesNotWipeTheOtherSide() throws Exception {
            try (RunningDeskbridge app = start()) {
                Sandbox s = app.sandbox();
                syncAll(app);
                s.desk().updateContact(MARY_DESK, json.createObjectNode().putNull("phone"));
                app.runAndWait("contacts");
                assertEquals(
                        "+1 555 0101",
                        s.crm()
                                .get("Contacts", MARY)
                                .orElseThrow()
                                .path("Phone")
                                .asText());
            }
        }

        @Test
        void aContactsAccountIsTheSameAccountOnBothSides() throws Exception {
            try (RunningDeskbridge app = start()) {
                Sandbox s = app.sandbox();
                syncAll(app);
                ObjectNode mary = s.desk().contact(MARY_DESK).orElseThrow();
                assertEquals(DESK_ACME, mary.path("accountId").asText());
                ObjectNode taroDesk =
                        s.desk().contactsWithEmail("taro.yamada@example.jp").get(0);
                String sampleDesk = s.desk().accounts().stream()
                        .filter(a -> a.path("accountName").asText().equals("株式会社サンプル"))
                        .findFirst()
                        .orElseThrow()
                        .path("id")
                        .asText();
                assertEquals(
                        sampleDesk,
                        taroDesk.path("accountId").asText(),
                        "the CRM account was created in the Desk and used");

                // Move Taro to Acme in the Desk: the CRM contact follows, through the account link.
                s.desk()
                        .updateContact(
                                taroDesk.path("id").asText(),
                                json.createObjectNode().put("accountId", DESK_ACME));
                app.runAndWait("contacts");
                assertEquals(
                        CRM_ACME,
                        s.crm()
                                .get("Contacts", TARO)
                                .orElseThrow()
                                .path("Account_Name")
                                .path("id")
                                .asText());
            }
        }

        @Test
        void aCrmDeletionIsReportedAndTheDeskRecordKeptByDefault() throws Exception {
            try (RunningDeskbridge app = start()) {
                Sandbox s = app.sandbox();
                syncAll(app);
                s.crm().delete("Contacts", MARY);
                JsonNode run = app.runAndWait("contacts");
                assertEquals(1, run.path("deleted").asInt(), run.toString());
                assertTrue(s.desk().contact(MARY_DESK).isPresent(), "the Desk contact is left alone");
                JsonNode issue = app.get("/admin/syncs/contacts/errors?kind=DELETED")
                        .path("items")
                        .get(0);
                assertEquals(MARY, issue.path("recordId").asText());
                assertTrue(issue.path("reason").asText().contains("left as it is"), issue.toString());

                s.desk().updateContact(MARY_DESK, json.createObjectNode().put("phone", "+1 555 4444"));
                app.runAndWait("contacts");
                assertTrue(
                        s.crm().list("Contacts").stream()
                                .noneMatch(c -> c.path("Email").asText().equals("mary.major@acme.example")),
                        "a change to the Desk record does not bring the deleted CRM record back");
            }
        }

        @Test
        void aDeskRecordMovedToTheTrashIsNoticedAndTheCrmRecordKept() throws Exception {
            try (RunningDeskbridge app = start()) {
                Sandbox s = app.sandbox();
                syncAll(app);
                s.desk().trashContacts(List.of(MARY_DESK));
                JsonNode run = app.runAndWait("contacts");
                assertEquals(1, run.path("deleted").asInt(), run.toString());
                assertTrue(s.crm().get("Contacts", MARY).isPresent());
                JsonNode issue = app.get("/admin/syncs/contacts/errors?kind=DELETED")
                        .path("items")
                        .get(0);
                assertEquals(MARY_DESK, issue.path("recordId").asText(), issue.toString());
                assertEquals("desk", issue.path("system").asText());

                s.crm().update("Contacts", MARY, json.createObjectNode().put("Phone", "+1 555 9999"));
                JsonNode after = app.runAndWait("contacts");
                assertEquals(0, after.path("created").asInt(), "the trashed contact is not created again: " + after);
                assertEquals(0, app.runAndWait("contacts").path("deleted").asInt(), "reported once");
            }
        }

        @Test
        void aDeskRecordDeletedForGoodIsNoticedWhenItsUpdateFindsItGone() throws Exception {
            try (RunningDeskbridge app = start()) {
                Sandbox s = app.sandbox();
                syncAll(app);
                // Emptied from the recycle bin too: only the update of its pair can tell.
                s.desk().purgeContacts(List.of(MARY_DESK));
                s.crm().update("Contacts", MARY, json.createObjectNode().put("Phone", "+1 555 8888"));
                JsonNode run = app.runAndWait("contacts");
                assertEquals(1, run.path("deleted").asInt(), run.toString());
                assertEquals(0, run.path("failed").asInt(), run.toString());
                assertEquals(0, run.path("created").asInt(), "the deleted contact is not created again: " + run);
                JsonNode issue = app.get("/admin/syncs/contacts/errors?kind=DELETED")
                        .path("items")
                        .get(0);
                assertEquals(MARY_DESK, issue.path("recordId").asText(), issue.toString());
                assertTrue(s.crm().get("Contacts", MARY).isPresent());
            }
        }

        @Test
        void withDeletesPropagateTheDeskRecordIsTrashedToo() throws Exception {
            try (RunningDeskbridge app = start("deskbridge.sync.contacts.deletes", "propagate")) {
                Sandbox s = app.sandbox();
                syncAll(app);
                s.crm().delete("Contacts", MARY);
                app.runAndWait("contacts");
                assertTrue(s.desk()
                        .contact(MARY_DESK)
                        .map(c -> c.path("isTrashed").asBoolean())
                        .orElse(true));
            }
        }

        @Test
        void anotherDeskOrgDissociatesTheOldLinksAndStartsClean() throws Exception {
            Map<String, String> p = RunningDeskbridge.defaults(dir, product);
            p.put("deskbridge.sandbox.data-dir", dir.resolve("data/sandbox").toString());
            int deskContacts;
            try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
                syncAll(app);
                assertTrue(app.get("/admin/syncs/contacts")
                                .path("records")
                                .path("inSync")
                                .asInt()
                        > 0);
                deskContacts = app.sandbox().desk().contactCount();
            }
            p.put("deskbridge.sandbox.desk-org-id", "600000777");
            try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
                JsonNode status = app.get("/admin/syncs/contacts");
                assertEquals(
                        0,
                        status.path("records").path("inSync").asInt(),
                        "the old org's links are not used: " + status);
                assertEquals(
                        0, app.get("/admin/syncs/contacts/errors").path("items").size(), "nor its issues");
                JsonNode run = app.runAndWait("contacts");
                assertTrue(run.path("read").asInt() > 10, "everything is read again for the new org: " + run);
                assertEquals(
                        deskContacts, app.sandbox().desk().contactCount(), "matched again by email, not duplicated");
            }
            p.put("deskbridge.sandbox.desk-org-id", "600000001");
            try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
                assertTrue(
                        app.get("/admin/syncs/contacts")
                                        .path("records")
                                        .path("inSync")
                                        .asInt()
                                > 0,
                        "back on the first org, its links are used again");
                app.sandbox().requests().clear();
                app.runAndWait("contacts");
                assertEquals(
                        0,
                        writes(app.sandbox()),
                        "and nothing is rewritten: " + app.sandbox().requests().entries());
            }
        }

        @Test
        void aSecondaryEmailMatchKeepsTheCrmEmailsWhateverThePolicy() throws Exception {
            assumeTrue(product != CrmProduct.BIGIN, "Bigin's contacts have no secondary email");
            try (RunningDeskbridge app = start("deskbridge.sync.contacts.conflict", "desk-wins")) {
                Sandbox s = app.sandbox();
                syncAll(app);
                ObjectNode kenCrm = s.crm().list("Contacts").stream()
                        .filter(c -> c.path("Last_Name").asText().equals("Tanaka"))
                        .findFirst()
                        .orElseThrow();
                assertEquals("ken.tanaka@newcorp.example", kenCrm.path("Email").asText());
                assertEquals(
                        "ken@oldmail.example", kenCrm.path("Secondary_Email").asText());
                ObjectNode kenDesk = s.desk().contact("1892000000042032").orElseThrow();
                assertEquals("ken.tanaka@newcorp.example", kenDesk.path("email").asText());
                assertEquals("03-5555-0004", kenCrm.path("Phone").asText(), "other fields follow desk-wins");
            }
        }

        @Test
        void propagatingADeletionThatHappenedOnBothSidesDoesNotStopTheSync() throws Exception {
            try (RunningDeskbridge app = start("deskbridge.sync.contacts.deletes", "propagate")) {
                Sandbox s = app.sandbox();
                syncAll(app);
                s.crm().delete("Contacts", MARY);
                s.desk().trashContacts(List.of(MARY_DESK));
                JsonNode run = app.runAndWait("contacts");
                assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
                assertEquals(1, run.path("deleted").asInt(), run.toString());
                assertEquals(
                        "SUCCEEDED", app.runAndWait("contacts").path("status").asText());
            }
        }

        @Test
        void whenBothAreDueAccountsRunBeforeContacts() throws Exception {
            java.time.ZonedDateTime at =
                    java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(4);
            String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?";
            try (RunningDeskbridge app = start(
                    "deskbridge.sync.contacts.cron",
                    cron,
                    "deskbridge.sync.accounts.cron",
                    cron,
                    "camel.main.name",
                    "order-test")) {
                JsonNode contacts = null;
                for (int i = 0;
                        i < 200
                                && (contacts == null
                                        || contacts.isNull()
                                        || "RUNNING"
                                                .equals(contacts.path("status").asText()));
                        i++) {
                    Thread.sleep(100);
                    contacts = app.get("/admin/syncs/contacts").path("lastRun");
                }
                JsonNode accounts = app.get("/admin/syncs/accounts").path("lastRun");
                assertEquals("schedule", contacts.path("trigger").asText(), contacts.toString());
                assertTrue(
                        java.time.Instant.parse(contacts.path("startedAt").asText())
                                .isAfter(java.time.Instant.parse(
                                                accounts.path("finishedAt").asText())
                                        .minusMillis(1)),
                        "contacts " + contacts + " started after accounts " + accounts);
                assertEquals(
                        DESK_ACME,
                        app.sandbox()
                                .desk()
                                .contact(MARY_DESK)
                                .orElseThrow()
                                .path("accountId")
                                .asText());
            }
        }
    }
}
