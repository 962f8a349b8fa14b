package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tickets on deals (issue 15, item 3) over real HTTP against the sandbox, on Zoho CRM (module Deals) and on Bigin
 * (module Pipelines): a deal's tickets are those linked to it, its figures are theirs, and a ticket opened from a deal
 * is its related contact's (Contact_Name), linked to the deal; a deal without a contact, or whose contact has no valid
 * email, is refused with 422 and nothing is written. The module names are the product's: the other product's are 400.
 */
class DealTicketsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = RunningDeskbridge.TOKEN;
    /** Seeded deals (Bigin: pipeline records) of Mary Major and of Ken Tanaka. */
    static final String DEAL_MARY = "5725767000000414001";

    static final String DEAL_KEN = "5725767000000414002";
    static final String CRM_MARY = "5725767000000412010";
    /** Seeded CRM contact 高橋 三郎, who has no email. */
    static final String CRM_NO_EMAIL = "5725767000000412007";
    /** Seeded tickets #104 and #105 of Ken Tanaka. */
    static final String T104 = "1892000000143004";

    static final String T105 = "1892000000143005";

    @Nested
    class OnZohoCrm extends Flow {
        OnZohoCrm() {
            super(CrmProduct.ZOHO_CRM);
        }
    }

    /** The same against the sandbox's Bigin, whose deals are Pipelines records. */
    @Nested
    class OnBigin extends Flow {
        OnBigin() {
            super(CrmProduct.BIGIN);
        }

        /** The seeded pipeline record "Takahashi onboarding", whose contact 高橋 三郎 has no email. */
        @Test
        void theSeededPipelineWhoseContactHasNoEmailIsRefused() throws Exception {
            int tickets = app.sandbox().desk().tickets().count();
            HttpResponse<String> r = create("Pipelines", "5725767000000414003");
            assertEquals(422, r.statusCode(), r.body());
            assertEquals(
                    "Bigin Pipelines record 5725767000000414003's related contact: CRM Contacts record " + CRM_NO_EMAIL
                            + " has no Email (NO_EMAIL): the Desk needs one, so nothing was written",
                    message(r));
            assertEquals(tickets, app.sandbox().desk().tickets().count());
            assertTrue(
                    app.sandbox().requests().entries().stream()
                            .anyMatch(e -> e.method().equals("GET")
                                    && e.path().contains("/bigin/v2/Pipelines/5725767000000414003")),
                    "the pipeline record was read from Bigin");
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Flow {

        final CrmProduct product;
        /** Deals, or Bigin's Pipelines. */
        final String deals;

        RunningDeskbridge app;

        Flow(CrmProduct product) {
            this.product = product;
            this.deals = product.dealsModule();
        }

        @BeforeAll
        void start(@TempDir Path dir) throws Exception {
            // The deal link's figures are mapped under the product's name for deals.
            Path statsMap = dir.resolve("deals.statsmap.yaml");
            Files.writeString(statsMap, "modules:\n  " + deals + ":\n    total: Desk_Tickets_Total\n");
            Map<String, String> p = RunningDeskbridge.defaults(dir, product);
            p.put("deskbridge.tickets.statsmap", "file:" + statsMap);
            p.put("deskbridge.signals.uri", "mock:signals");
            app = RunningDeskbridge.start(p);
            app.runAndWait("accounts");
            app.runAndWait("contacts");
            app.runAndWait("tickets");
        }

        @AfterAll
        void stop() throws Exception {
            app.close();
        }

        @Test
        void aDealsTicketsAreThoseLinkedToItWithTheirFigures() throws Exception {
            HttpResponse<String> linked = app.callWithBody(
                    "PUT", "/api/tickets/" + T105 + "/deal", "{\"crmDealId\":\"" + DEAL_KEN + "\"}", TOKEN);
            assertEquals(200, linked.statusCode(), linked.body());
            JsonNode list = app.get("/api/crm/" + deals + "/" + DEAL_KEN + "/tickets");
            assertEquals(deals, list.path("module").asText());
            assertEquals(List.of(T105), list.path("items").findValuesAsText("ticketId"));
            JsonNode stats = app.get("/api/crm/" + deals + "/" + DEAL_KEN + "/stats");
            assertEquals(deals, stats.path("module").asText());
            assertEquals(1, stats.path("total").asInt(), stats.toString());

            HttpResponse<String> noDeal = app.callWithBody(
                    "PUT", "/api/tickets/" + T105 + "/deal", "{\"crmDealId\":\"5725767000000419999\"}", TOKEN);
            assertEquals(422, noDeal.statusCode(), noDeal.body());
            assertEquals(
                    product.label() + " has no " + deals + " record 5725767000000419999 to link to", message(noDeal));
        }

        @Test
        void aDealsFiguresAreWrittenIntoTheProductsDealsModule() throws Exception {
            String deal = deal("Figures", CRM_MARY);
            app.sandbox().requests().clear();
            HttpResponse<String> linked = app.callWithBody(
                    "PUT", "/api/tickets/" + T104 + "/deal", "{\"crmDealId\":\"" + deal + "\"}", TOKEN);
            assertEquals(200, linked.statusCode(), linked.body());
            JsonNode run = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(
                    1,
                    app.sandbox()
                            .crm()
                            .get(deals, deal)
                            .orElseThrow()
                            .path("Desk_Tickets_Total")
                            .asInt(),
                    "the deal's figure in " + product.label());
            assertTrue(
                    app.sandbox().requests().entries().stream()
                            .anyMatch(e -> e.system().equals("crm")
                                    && e.method().equals("PUT")
                                    && e.path().endsWith("/" + deals)),
                    "written through " + deals);
        }

        @Test
        void aDealsSignalNamesTheProductsDealsModule() throws Exception {
            HttpResponse<String> r = create(deals, DEAL_KEN);
            assertEquals(201, r.statusCode(), r.body());
            String ticketId =
                    JSON.readTree(r.body()).path("ticket").path("ticketId").asText();
            assertEquals("SUCCEEDED", app.runAndWait("tickets").path("status").asText());
            app.context().createProducerTemplate().sendBody("direct:signals-drain", null);
            JsonNode signal = null;
            for (var e : app.context()
                    .getEndpoint("mock:signals", org.apache.camel.component.mock.MockEndpoint.class)
                    .getExchanges()) {
                JsonNode body = JSON.readTree(e.getMessage().getBody(String.class));
                if (body.path("kind").asText().equals("NEW_TICKET")
                        && body.path("ticketId").asText().equals(ticketId)) {
                    signal = body;
                }
            }
            assertTrue(signal != null, "the new ticket's signal reached the endpoint");
            assertEquals(deals, signal.path("crmModule").asText());
            assertEquals(DEAL_KEN, signal.path("crmId").asText());
        }

        @Test
        void anotherProductsModuleIs400NamingThisProductsModules() throws Exception {
            String other = product == CrmProduct.BIGIN ? "Deals" : "Pipelines";
            String allowed = "[Contacts, Accounts, " + deals + "]";
            for (String path : List.of("/tickets", "/stats")) {
                HttpResponse<String> r = app.call("GET", "/api/crm/" + other + "/" + DEAL_KEN + path, TOKEN);
                assertEquals(400, r.statusCode(), r.body());
                assertEquals(
                        "unknown module '" + other + "' for " + product.label() + ": expected one of " + allowed,
                        message(r));
            }
            int tickets = app.sandbox().desk().tickets().count();
            HttpResponse<String> create = create(other, DEAL_KEN);
            assertEquals(400, create.statusCode(), create.body());
            assertEquals(
                    "unknown module '" + other + "' for " + product.label() + ": expected one of [Contacts, " + deals
                            + "]",
                    message(create));
            assertEquals(tickets, app.sandbox().desk().tickets().count());
        }

        /** Review findings 15 and 12: a module the product has is refused with why; Bigin has no Leads module. */
        @Test
        void aModuleWhoseRecordsHaveNoTicketsIsRefusedSayingWhy() throws Exception {
            int tickets = app.sandbox().desk().tickets().count();
            HttpResponse<String> account = create("Accounts", "5725767000000413002");
            assertEquals(400, account.statusCode(), account.body());
            assertEquals(
                    "Accounts records cannot open tickets: a ticket is created for a contact, or for a " + deals
                            + " record's related contact: expected one of [Contacts, " + deals + "]",
                    message(account));
            assertEquals(tickets, app.sandbox().desk().tickets().count());

            String allowed = "[Contacts, Accounts, " + deals + "]";
            HttpResponse<String> leads = app.call("GET", "/api/crm/Leads/L1/tickets", TOKEN);
            assertEquals(400, leads.statusCode(), leads.body());
            assertEquals(
                    product == CrmProduct.ZOHO_CRM
                            ? "Leads records have no tickets: a lead gets sales signals only: expected one of "
                                    + allowed
                            : "unknown module 'Leads' for Bigin: expected one of " + allowed,
                    message(leads));
        }

        @Test
        void aTicketOpenedFromADealIsItsContactsAndLinkedToIt() throws Exception {
            Sandbox sandbox = app.sandbox();
            String maryDesk = app.get("/admin/syncs/contacts/links?crmId=" + CRM_MARY)
                    .path("items")
                    .path(0)
                    .path("deskId")
                    .asText();
            assertFalse(maryDesk.isEmpty(), "Mary Major is linked by the contacts sync");
            HttpResponse<String> r = create(deals, DEAL_MARY);
            assertEquals(201, r.statusCode(), r.body());
            JsonNode made = JSON.readTree(r.body());
            assertEquals(maryDesk, made.path("deskContactId").asText());
            assertEquals("linked", made.path("deskContact").asText());
            assertEquals(CRM_MARY, made.path("ticket").path("crmContactId").asText());
            assertEquals(DEAL_MARY, made.path("ticket").path("crmDealId").asText());
            String ticketId = made.path("ticket").path("ticketId").asText();
            ObjectNode inDesk = sandbox.desk().tickets().ticket(ticketId).orElseThrow();
            assertEquals(maryDesk, inDesk.path("contactId").asText(), "on the contact's Desk contact");
            assertEquals("Renewal: 20 more seats", inDesk.path("subject").asText());
            assertEquals(
                    DEAL_MARY,
                    app.get("/api/tickets/" + ticketId)
                            .path("ticket")
                            .path("crmDealId")
                            .asText());

            app.runAndWait("tickets");
            assertTrue(
                    app.get("/api/crm/" + deals + "/" + DEAL_MARY + "/tickets")
                            .path("items")
                            .findValuesAsText("ticketId")
                            .contains(ticketId),
                    "listed on the deal");
            assertTrue(
                    app.get("/api/crm/Contacts/" + CRM_MARY + "/tickets")
                            .path("items")
                            .findValuesAsText("ticketId")
                            .contains(ticketId),
                    "and on its contact");
            assertEquals(
                    "ticket " + ticketId + " for " + deals + " record " + DEAL_MARY + " through CRM contact " + CRM_MARY
                            + ", linked to it, Desk contact " + maryDesk + " (linked)",
                    auditOf("crm/" + deals + "/" + DEAL_MARY).path("detail").asText());
        }

        @Test
        void aDealWithoutAContactOrWhoseContactHasNoEmailIs422AndNothingIsWritten() throws Exception {
            String noContact = deal("No contact yet", null);
            String noEmail = deal("Contact without email", CRM_NO_EMAIL);
            int tickets = app.sandbox().desk().tickets().count();
            int contacts = app.sandbox().desk().contactCount();
            int writes = writes();

            HttpResponse<String> none = create(deals, noContact);
            assertEquals(422, none.statusCode(), none.body());
            assertEquals(
                    product.label() + " " + deals + " record " + noContact + " has no related contact (Contact_Name):"
                            + " a ticket is opened for a contact, so nothing was written",
                    message(none));
            HttpResponse<String> withoutEmail = create(deals, noEmail);
            assertEquals(422, withoutEmail.statusCode(), withoutEmail.body());
            assertEquals(
                    product.label() + " " + deals + " record " + noEmail + "'s related contact: CRM Contacts record "
                            + CRM_NO_EMAIL + " has no Email (NO_EMAIL): the Desk needs one, so nothing was written",
                    message(withoutEmail));

            assertEquals(tickets, app.sandbox().desk().tickets().count(), "no ticket");
            assertEquals(contacts, app.sandbox().desk().contactCount(), "no Desk contact");
            assertEquals(writes, writes(), "no write reached the Desk or the CRM");
            assertEquals(
                    0,
                    app.get("/api/crm/" + deals + "/" + noEmail + "/tickets")
                            .path("items")
                            .size());
            assertEquals(
                    422, auditOf("crm/" + deals + "/" + noEmail).path("status").asInt());

            HttpResponse<String> unknown = create(deals, "5725767000000419999");
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertEquals(product.label() + " has no " + deals + " record 5725767000000419999", message(unknown));

            String gone = app.sandbox()
                    .crm()
                    .insert(
                            "Contacts",
                            JSON.createObjectNode().put("Last_Name", "Gone").put("Email", "gone@example.org"))
                    .path("id")
                    .asText();
            String contactGone = deal("Contact deleted since", gone);
            app.sandbox().crm().delete("Contacts", gone);
            HttpResponse<String> noContactInCrm = create(deals, contactGone);
            assertEquals(
                    422, noContactInCrm.statusCode(), "the deal exists, its contact not: " + noContactInCrm.body());
            assertEquals(
                    product.label() + " " + deals + " record " + contactGone + "'s related contact: " + product.label()
                            + " has no Contacts record " + gone,
                    message(noContactInCrm));
        }

        /** A deal (a pipeline record) in the sandbox's CRM, for the contact given or none. */
        String deal(String name, String contactId) {
            ObjectNode fields = JSON.createObjectNode()
                    .put("Deal_Name", name)
                    .put("Stage", "Qualification")
                    .put("Closing_Date", "2026-12-31");
            if (product == CrmProduct.BIGIN) {
                fields.put("Sub_Pipeline", "Sales Pipeline Standard");
            }
            if (contactId != null) {
                fields.putObject("Contact_Name").put("id", contactId);
            }
            return app.sandbox().crm().insert(deals, fields).path("id").asText();
        }

        HttpResponse<String> create(String module, String crmId) throws Exception {
            return app.callWithBody(
                    "POST",
                    "/api/crm/" + module + "/" + crmId + "/tickets",
                    "{\"subject\":\"Renewal: 20 more seats\"}",
                    TOKEN);
        }

        /** The requests that may write (anything but GET) the sandbox has served so far, to the Desk or the CRM. */
        int writes() {
            return (int) app.sandbox().requests().entries().stream()
                    .filter(e -> !e.system().equals("oauth") && !e.method().equals("GET"))
                    .count();
        }

        /** The newest audit entry of a ticket create on this target. */
        JsonNode auditOf(String target) throws Exception {
            for (JsonNode e : app.get("/admin/audit?limit=200").path("items")) {
                if (e.path("action").asText().equals("create ticket")
                        && e.path("target").asText().equals(target)) {
                    return e;
                }
            }
            throw new AssertionError("no audit entry of a create on " + target);
        }

        static String message(HttpResponse<String> r) throws Exception {
            return JSON.readTree(r.body()).path("message").asText();
        }
    }
}
