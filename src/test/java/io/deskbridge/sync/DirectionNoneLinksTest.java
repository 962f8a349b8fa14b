package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, item 2: with direction none a field-mapped sync writes nothing to either side, yet links the records that
 * exist on both (email, then secondary email), so that the tickets of a CRM record are shown. Its counters say
 * {@code linked} (and {@code read}) and nothing else. Records that would be created or updated are simply not written
 * (counted as nothing); conflicts and invalid emails are not reported, since a sync that writes nothing has nothing to
 * fix or replay. A later switch to two-way works from those links: it brings the pairs together and duplicates none.
 * <p>
 * The first test runs on Bigin too: there a none run is how a customer on both sides shows their tickets without a
 * sync. Bigin's contacts have no secondary email, so only Mary is linked there (Ken's Desk contact has his old
 * address).
 */
class DirectionNoneLinksTest {

    static final String KEN = "5725767000000412004";
    static final String MARY = "5725767000000412010";
    static final String KEN_DESK = "1892000000042032";
    static final String ACME = "5725767000000413002";
    static final String MARY_DESK = "1892000000042034";
    /** Mary's seeded deal (Bigin: pipeline record). */
    static final String MARY_DEAL = "5725767000000414001";
    /** Mary's seeded ticket #101. */
    static final String T101 = "1892000000143001";

    private static final List<String> OTHER_COUNTERS =
            List.of("created", "updated", "unchanged", "excluded", "failed", "conflicts", "deleted");

    @TempDir
    Path dir;

    private Map<String, String> none() {
        return none(CrmProduct.ZOHO_CRM);
    }

    private Map<String, String> none(CrmProduct product) {
        Map<String, String> p = RunningDeskbridge.defaults(dir, product);
        p.put("deskbridge.sandbox.data-dir", dir.resolve("data/sandbox").toString());
        p.put("deskbridge.sync.accounts.direction", "none");
        p.put("deskbridge.sync.contacts.direction", "none");
        p.put("deskbridge.sync.chats.direction", "none");
        return p;
    }

    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void aNoneRunLinksThePairsOnBothSidesWritesNothingAndCountsOnlyLinks(CrmProduct product) throws Exception {
        boolean secondaryEmails = product != CrmProduct.BIGIN;
        try (RunningDeskbridge app = RunningDeskbridge.start(none(product))) {
            Sandbox sandbox = app.sandbox();
            int crmContacts = sandbox.crm().count("Contacts");
            int crmAccounts = sandbox.crm().count("Accounts");
            int deskContacts = sandbox.desk().contactCount();
            int deskAccounts = sandbox.desk().accountCount();
            String kenOnDesk = sandbox.desk().contact(KEN_DESK).orElseThrow().toString();
            String maryOnDesk = sandbox.desk().contact(MARY_DESK).orElseThrow().toString();
            String maryInCrm = sandbox.crm().get("Contacts", MARY).orElseThrow().toString();
            sandbox.requests().clear();

            JsonNode accounts = app.runAndWait("accounts");
            assertOnlyLinked(accounts, 1, 4, "Acme Corporation is on both sides");
            JsonNode contacts = app.runAndWait("contacts");
            if (secondaryEmails) {
                assertOnlyLinked(contacts, 2, 16, "Mary by her email, Ken through his secondary email");
            } else {
                // Ken's CRM and Desk contacts are read apart: 17.
                assertOnlyLinked(contacts, 1, 17, "Mary by her email; Ken has no secondary email to match by");
            }
            assertTrue(contacts.path("message").asText().contains("direction none"), contacts.toString());

            List<RequestLog.Entry> writes = sandbox.requests().entries().stream()
                    .filter(e -> !e.system().equals("oauth") && !e.method().equals("GET"))
                    .toList();
            assertEquals(List.of(), writes, "nothing is written to either system");
            assertEquals(crmContacts, sandbox.crm().count("Contacts"));
            assertEquals(crmAccounts, sandbox.crm().count("Accounts"));
            assertEquals(deskContacts, sandbox.desk().contactCount());
            assertEquals(deskAccounts, sandbox.desk().accountCount());
            assertEquals(
                    kenOnDesk,
                    sandbox.desk().contact(KEN_DESK).orElseThrow().toString(),
                    "linked through the secondary email, the Desk contact keeps its own primary email");
            assertEquals(
                    maryOnDesk, sandbox.desk().contact(MARY_DESK).orElseThrow().toString());
            assertEquals(
                    maryInCrm, sandbox.crm().get("Contacts", MARY).orElseThrow().toString());

            assertEquals(
                    secondaryEmails,
                    app.get("/admin/syncs/contacts/links?crmId=" + KEN)
                            .toString()
                            .contains(KEN_DESK),
                    "Ken's pair is linked where the CRM has secondary emails");
            assertTrue(app.get("/admin/syncs/contacts/links?crmId=" + MARY)
                    .toString()
                    .contains(MARY_DESK));
            // The shared email, the missing and the invalid ones are not reported: nothing to fix or replay.
            JsonNode errors = app.get("/admin/syncs/contacts/errors");
            assertEquals(0, errors.path("items").size(), errors.toString());

            // The tickets of a linked CRM contact are listed once the tickets sync has run.
            JsonNode tickets = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", tickets.path("status").asText(), tickets.toString());
            JsonNode mary = app.get("/api/crm/Contacts/" + MARY + "/tickets");
            List<String> numbers = mary.path("items").findValuesAsText("ticketNumber");
            assertTrue(numbers.containsAll(List.of("101", "102", "103")), mary.toString());
            List<String> kens = app.get("/api/crm/Contacts/" + KEN + "/tickets")
                    .path("items")
                    .findValuesAsText("ticketNumber");
            assertEquals(
                    secondaryEmails ? List.of("105", "104") : List.of(),
                    kens,
                    "Ken's, linked through his secondary email, newest first");
            List<String> acme = app.get("/api/crm/Accounts/" + ACME + "/tickets")
                    .path("items")
                    .findValuesAsText("ticketNumber");
            assertTrue(acme.containsAll(List.of("101", "102", "103")), "the linked company's: " + acme);
            // A deal's (Bigin: a pipeline record's) tickets are those linked to it: linking writes to neither side.
            String deals = product.dealsModule();
            var link = app.callWithBody(
                    "PUT",
                    "/api/tickets/" + T101 + "/deal",
                    "{\"crmDealId\":\"" + MARY_DEAL + "\"}",
                    RunningDeskbridge.TOKEN);
            assertEquals(200, link.statusCode(), link.body());
            assertEquals(
                    List.of("101"),
                    app.get("/api/crm/" + deals + "/" + MARY_DEAL + "/tickets")
                            .path("items")
                            .findValuesAsText("ticketNumber"),
                    deals + " record " + MARY_DEAL);

            // A second none run finds nothing new and writes nothing.
            JsonNode again = app.runAndWait("contacts");
            assertOnlyLinked(again, 0, 0, "nothing changed");
        }
    }

    @Test
    void aLinkedRecordDeletedUnderNoneDeletesNothingEvenWithPropagate() throws Exception {
        Map<String, String> p = none();
        p.put("deskbridge.sync.contacts.deletes", "propagate");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox sandbox = app.sandbox();
            assertEquals(2, app.runAndWait("contacts").path("linked").asInt());
            sandbox.crm().delete("Contacts", MARY);
            sandbox.requests().clear();
            JsonNode run = app.runAndWait("contacts");
            assertOnlyLinked(run, 0, 0, "a deletion is not a change to link");
            assertTrue(sandbox.desk().contact(MARY_DESK).isPresent(), "the Desk contact stays");
            assertEquals(
                    List.of(),
                    sandbox.requests().entries().stream()
                            .filter(e ->
                                    !e.system().equals("oauth") && !e.method().equals("GET"))
                            .toList());
            assertEquals(
                    0, app.get("/admin/syncs/contacts/errors").path("items").size());
        }
    }

    @Test
    void aScheduledNoneRunLinksToo() throws Exception {
        Map<String, String> p = none();
        p.put("deskbridge.sync.accounts.cron", "0/2 * * * * ?");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
            JsonNode last = app.get("/admin/syncs/accounts").path("lastRun");
            while (!"SUCCEEDED".equals(last.path("status").asText())
                    && java.time.Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                last = app.get("/admin/syncs/accounts").path("lastRun");
            }
            // The first of them: later ones, two seconds apart, find nothing new.
            JsonNode runs = app.get("/admin/syncs/accounts/runs?limit=100").path("items");
            JsonNode run = runs.get(runs.size() - 1);
            assertEquals("schedule", run.path("trigger").asText(), run.toString());
            assertOnlyLinked(run, 1, 4, "Acme Corporation, by the schedule");
        }
    }

    @Test
    void runNowAndActivationWithDirectionNoneAreNoLongerRefused() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(none())) {
            for (String sync : List.of("accounts", "contacts")) {
                assertEquals(
                        200,
                        app.call("POST", "/admin/syncs/" + sync + "/pause", RunningDeskbridge.TOKEN)
                                .statusCode());
                var activated = app.call("POST", "/admin/syncs/" + sync + "/activate", RunningDeskbridge.TOKEN);
                assertEquals(200, activated.statusCode(), activated.body());
                var run = app.call("POST", "/admin/syncs/" + sync + "/run", RunningDeskbridge.TOKEN);
                assertEquals(202, run.statusCode(), run.body());
                long runId = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(run.body())
                        .path("runId")
                        .asLong();
                JsonNode done = app.runAndWaitFor(sync, runId);
                assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
                assertEquals(
                        "none",
                        app.get("/admin/syncs/" + sync).path("direction").asText());
            }
            // Chats keep no links: with direction none they have nothing to do, and their runs are still refused.
            var chats = app.call("POST", "/admin/syncs/chats/run", RunningDeskbridge.TOKEN);
            assertEquals(409, chats.statusCode(), chats.body());
            assertTrue(chats.body().contains("direction none"), chats.body());
        }
    }

    @Test
    void aLaterSwitchToTwoWayWorksFromTheLinksAndDuplicatesNothing() throws Exception {
        Map<String, String> none = none();
        try (RunningDeskbridge app = RunningDeskbridge.start(none)) {
            assertEquals(1, app.runAndWait("accounts").path("linked").asInt());
            assertEquals(2, app.runAndWait("contacts").path("linked").asInt());
            // An active sync keeps its direction until it is paused.
            app.call("POST", "/admin/integration/pause", RunningDeskbridge.TOKEN);
        }
        Map<String, String> twoWay = RunningDeskbridge.defaults(dir);
        twoWay.put("deskbridge.sandbox.data-dir", none.get("deskbridge.sandbox.data-dir"));
        // desk-wins: a pair matched through a secondary email still keeps the CRM's emails, as a new link does.
        twoWay.put("deskbridge.sync.contacts.conflict", "desk-wins");
        try (RunningDeskbridge app = RunningDeskbridge.start(twoWay)) {
            Sandbox sandbox = app.sandbox();
            int deskContacts = sandbox.desk().contactCount();
            int crmContacts = sandbox.crm().count("Contacts");
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/accounts/activate", RunningDeskbridge.TOKEN)
                            .statusCode());
            assertEquals(
                    200,
                    app.call("POST", "/admin/syncs/contacts/activate", RunningDeskbridge.TOKEN)
                            .statusCode());
            assertEquals(
                    "two-way",
                    app.get("/admin/syncs/contacts").path("direction").asText());

            JsonNode accounts = app.runAndWait("accounts");
            assertEquals(0, accounts.path("linked").asInt(), accounts.toString());
            JsonNode contacts = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", contacts.path("status").asText(), contacts.toString());
            assertEquals(0, contacts.path("linked").asInt(), "the pairs were linked already: " + contacts);
            assertEquals(2, contacts.path("updated").asInt(), "Mary and Ken brought together: " + contacts);
            assertEquals(8, contacts.path("created").asInt(), "what the none runs left: 7 in the Desk, 1 in the CRM");

            assertEquals(deskContacts + 7, sandbox.desk().contactCount(), "no second Desk contact for a pair");
            assertEquals(crmContacts + 1, sandbox.crm().count("Contacts"), "no second CRM contact for a pair");
            assertEquals(
                    1,
                    sandbox.desk().contactsWithEmail("mary.major@acme.example").size());
            assertEquals(
                    "+1 555 0199",
                    sandbox.crm()
                            .get("Contacts", MARY)
                            .orElseThrow()
                            .path("Phone")
                            .asText(),
                    "desk-wins, as for a new link");
            assertEquals(
                    "ken.tanaka@newcorp.example",
                    sandbox.crm()
                            .get("Contacts", KEN)
                            .orElseThrow()
                            .path("Email")
                            .asText(),
                    "the CRM's primary email is not overwritten by the Desk's, its secondary");
            JsonNode ken = sandbox.desk().contact(KEN_DESK).orElseThrow();
            assertEquals(
                    "ken.tanaka@newcorp.example",
                    ken.path("email").asText(),
                    "linked through the secondary email: the CRM's emails are kept, as for a new link");
            assertEquals(
                    1,
                    sandbox.desk()
                            .contactsWithEmail("ken.tanaka@newcorp.example")
                            .size());

            JsonNode quiet = app.runAndWait("contacts");
            assertEquals(
                    0,
                    quiet.path("created").asInt()
                            + quiet.path("updated").asInt()
                            + quiet.path("linked").asInt(),
                    "no echo: " + quiet);
        }
    }

    private static void assertOnlyLinked(JsonNode run, int linked, int read, String why) {
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(linked, run.path("linked").asInt(), why + ": " + run);
        assertEquals(read, run.path("read").asInt(), "both sides' changed records go through the router: " + run);
        for (String counter : OTHER_COUNTERS) {
            assertEquals(0, run.path(counter).asInt(), counter + " stays 0 under direction none: " + run);
        }
    }
}
