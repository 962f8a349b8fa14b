package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.SyncStates;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.sync.run.SyncRuns;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A contact's account, whatever the order of the runs (issue 10, item 8): a contact whose account is not linked
 * yet waits for it, and is completed by the first contacts run after the accounts sync links it. On Zoho CRM and on
 * Bigin, whose accounts are its "Companies" (issue 15).
 */
class AccountAssociationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TARO = "5725767000000412001";
    static final String HANAKO = "5725767000000412002";
    static final String KEN = "5725767000000412004";
    static final String KEN_DESK = "1892000000042032";
    static final String CRM_SAMPLE = "5725767000000413001";
    static final String CRM_NEWCORP = "5725767000000413003";
    static final String DESK_PARTNERS = "1892000000975383";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void contactsRunBeforeAccountsAreCompletedOnceTheAccountsAreLinked(CrmProduct product) throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir, product))) {
            Sandbox s = app.sandbox();
            // A Desk-only contact of a Desk-only account: the other way round.
            s.desk()
                    .createContact(JSON.createObjectNode()
                            .put("lastName", "Partner")
                            .put("email", "p.partner@partners.example")
                            .put("accountId", DESK_PARTNERS));
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/accounts/pause", RunningDeskbridge.TOKEN)
                            .statusCode());

            JsonNode first = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", first.path("status").asText(), first.toString());
            assertTrue(
                    first.path("message").asText().contains("wait for their accounts to be linked"), first.toString());
            JsonNode taroLink = app.get("/admin/syncs/contacts/links?crmId=" + TARO)
                    .path("items")
                    .get(0);
            assertEquals(
                    CRM_SAMPLE, taroLink.path("waitingFor").get(0).path("id").asText(), taroLink.toString());
            // Still waiting: a run without the accounts linked changes nothing and keeps them waiting.
            JsonNode again = app.runAndWait("contacts");
            assertTrue(again.path("message").asText().contains("wait for their accounts"), again.toString());

            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/accounts/activate", RunningDeskbridge.TOKEN)
                            .statusCode());
            assertEquals("SUCCEEDED", app.runAndWait("accounts").path("status").asText());
            JsonNode completing = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", completing.path("status").asText(), completing.toString());
            assertTrue(completing.path("message").isNull(), "nothing waits any more: " + completing);

            assertEquals(
                    1,
                    s.crm().list("Contacts").stream()
                            .filter(c -> c.path("Email").asText().equals("p.partner@partners.example"))
                            .count());
            assertAccountsOnBothSides(s, product);
            assertEquals(
                    0,
                    app.get("/admin/syncs/contacts/links?crmId=" + TARO)
                            .path("items")
                            .get(0)
                            .path("waitingFor")
                            .size());
            JsonNode quiet = app.runAndWait("contacts");
            assertEquals(
                    0,
                    quiet.path("created").asInt()
                            + quiet.path("updated").asInt()
                            + quiet.path("linked").asInt(),
                    "completing the accounts does not echo: " + quiet);
            assertAccountsOnBothSides(s, product);
        }
    }

    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void runNowOfContactsWhileAccountsRunsSaysSoAndEndsRightWhateverTheTiming(CrmProduct product) throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir, product))) {
            SyncRuns runs = app.context().getRegistry().lookupByNameAndType("syncRuns", SyncRuns.class);
            SyncStates.Claim accounts = runs.claim("accounts", "test");
            HttpResponse<String> contacts = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
            assertEquals(202, contacts.statusCode(), contacts.body());
            JsonNode answer = JSON.readTree(contacts.body());
            assertTrue(
                    answer.path("note").asText().contains("accounts run " + accounts.runId() + " is still running"),
                    answer.toString());
            awaitRun(app, "contacts", answer.path("runId").asLong());
            // The accounts run that held the lease goes through now, after the contacts run.
            app.context()
                    .createProducerTemplate()
                    .send(
                            "direct:sync-accounts",
                            e -> e.setProperty(
                                    RunContext.PROPERTY, runs.context("accounts", accounts.runId(), "test")));
            app.runAndWait("contacts");
            assertAccountsOnBothSides(app.sandbox(), product);

            // The README's quick start: accounts, then contacts right away, overlapping.
            app.sandbox()
                    .crm()
                    .update("Contacts", HANAKO, JSON.createObjectNode().put("Phone", "03-0000-0002"));
            long accountsRun = JSON.readTree(app.call("POST", "/admin/syncs/accounts/run", RunningDeskbridge.TOKEN)
                            .body())
                    .path("runId")
                    .asLong();
            long contactsRun = JSON.readTree(app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN)
                            .body())
                    .path("runId")
                    .asLong();
            awaitRun(app, "accounts", accountsRun);
            awaitRun(app, "contacts", contactsRun);
            app.runAndWait("contacts");
            assertAccountsOnBothSides(app.sandbox(), product);
        }
    }

    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void theQuickStartOrderOnAFreshStartEndsWithEveryContactsAccount(CrmProduct product) throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir, product))) {
            long accountsRun = JSON.readTree(app.call("POST", "/admin/syncs/accounts/run", RunningDeskbridge.TOKEN)
                            .body())
                    .path("runId")
                    .asLong();
            long contactsRun = JSON.readTree(app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN)
                            .body())
                    .path("runId")
                    .asLong();
            awaitRun(app, "accounts", accountsRun);
            awaitRun(app, "contacts", contactsRun);
            app.runAndWait("contacts");
            assertAccountsOnBothSides(app.sandbox(), product);
        }
    }

    private static void assertAccountsOnBothSides(Sandbox s, CrmProduct product) {
        String sample = deskAccount(s, "株式会社サンプル");
        String newCorp = deskAccount(s, "NewCorp Ltd");
        assertEquals(
                sample,
                s.desk()
                        .contactsWithEmail("taro.yamada@example.jp")
                        .get(0)
                        .path("accountId")
                        .asText(null),
                "Taro");
        assertEquals(
                sample,
                s.desk()
                        .contactsWithEmail("hanako.sato@example.jp")
                        .get(0)
                        .path("accountId")
                        .asText(null),
                "Hanako");
        // Bigin's contacts have no secondary email: its Ken is not the Desk's Ken of his old address, but a new one.
        ObjectNode kenOnDesk = product == CrmProduct.BIGIN
                ? s.desk().contactsWithEmail("ken.tanaka@newcorp.example").get(0)
                : s.desk().contact(KEN_DESK).orElseThrow();
        assertEquals(newCorp, kenOnDesk.path("accountId").asText(null), "Ken");
        assertEquals(CRM_SAMPLE, crmAccountOf(s, TARO), "the CRM keeps Taro's account");
        assertEquals(CRM_SAMPLE, crmAccountOf(s, HANAKO));
        assertEquals(CRM_NEWCORP, crmAccountOf(s, KEN));
        s.crm().list("Contacts").stream()
                .filter(c -> c.path("Email").asText().equals("p.partner@partners.example"))
                .findFirst()
                .ifPresent(partner -> {
                    String partners = s.crm().list("Accounts").stream()
                            .filter(a -> a.path("Account_Name").asText().equals("Support Partners KK"))
                            .findFirst()
                            .orElseThrow()
                            .path("id")
                            .asText();
                    assertEquals(
                            partners,
                            partner.path("Account_Name").path("id").asText(null),
                            "the Desk-only contact's account");
                });
    }

    private static String crmAccountOf(Sandbox s, String contactId) {
        return s.crm()
                .get("Contacts", contactId)
                .orElseThrow()
                .path("Account_Name")
                .path("id")
                .asText(null);
    }

    private static String deskAccount(Sandbox s, String name) {
        return s.desk().accounts().stream()
                .filter(a -> a.path("accountName").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Desk account " + name))
                .path("id")
                .asText();
    }

    private static JsonNode awaitRun(RunningDeskbridge app, String sync, long runId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = app.get("/admin/syncs/" + sync + "/runs/" + runId);
            if (!"RUNNING".equals(run.path("status").asText())) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(sync + " run " + runId + " did not finish");
    }
}
