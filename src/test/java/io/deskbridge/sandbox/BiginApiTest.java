package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.model.CrmProduct;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 15, item 6: the sandbox serving Bigin under {@code /bigin/v2}, in the CRM's envelopes. */
class BiginApiTest {

    static final String BIGIN = "/sandbox/zoho/bigin/v2/";
    static SandboxServer s;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        s = SandboxServer.start(SandboxServer.settings(null, true).withCrmProduct(SimulatedCrm.BIGIN));
        token = s.token();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void pipelinesCarryTheirContactAndCompanyAsLookups() throws Exception {
        SandboxServer.Resp r = s.get(
                BIGIN + "Pipelines?fields=Deal_Name,Stage,Sub_Pipeline,Closing_Date,Amount,Contact_Name,Account_Name"
                        + "&sort_by=id&sort_order=asc",
                token);
        assertEquals(200, r.status(), r.body());
        JsonNode data = r.json().path("data");
        assertEquals(3, data.size(), r.body());
        JsonNode acme = data.get(0);
        assertEquals("Acme renewal 2026", acme.path("Deal_Name").asText());
        assertEquals("Sales Pipeline Standard", acme.path("Sub_Pipeline").asText());
        assertEquals("2026-03-31", acme.path("Closing_Date").asText());
        assertEquals(48000, acme.path("Amount").asInt());
        assertEquals("Mary Major", acme.path("Contact_Name").path("name").asText());
        assertEquals("5725767000000412010", acme.path("Contact_Name").path("id").asText());
        assertEquals("Acme Corporation", acme.path("Account_Name").path("name").asText());
        assertTrue(r.json().path("info").has("more_records"), "the CRM's list envelope: " + r.body());

        JsonNode noEmail = s.get(BIGIN + "Pipelines/5725767000000414003", token)
                .json()
                .path("data")
                .get(0);
        String contactId = noEmail.path("Contact_Name").path("id").asText();
        assertEquals("5725767000000412007", contactId);
        JsonNode contact = s.get(BIGIN + "Contacts/" + contactId, token)
                .json()
                .path("data")
                .get(0);
        assertTrue(contact.path("Email").isNull(), "the pipeline whose contact has no email: " + contact);
    }

    @Test
    void biginHasNoLeadsNoDealsAndNoCrmPath() throws Exception {
        for (String module : List.of("Leads", "Deals")) {
            SandboxServer.Resp r = s.get(BIGIN + module + "?fields=id", token);
            assertEquals(400, r.status(), module + ": " + r.body());
            assertEquals("INVALID_MODULE", r.json().path("code").asText(), r.body());
        }
        SandboxServer.Resp crm = s.get("/sandbox/zoho/crm/v8/Contacts?fields=Email", token);
        assertEquals(404, crm.status(), crm.body());
        assertEquals("INVALID_URL_PATTERN", crm.json().path("code").asText());
    }

    @Test
    void contactsAndCompaniesAreWrittenAndSearchedAsInTheCrm() throws Exception {
        SandboxServer.Resp created = s.send(
                "POST",
                BIGIN + "Contacts",
                token,
                "{\"data\":[{\"Last_Name\":\"Bigin\",\"Email\":\"new.bigin@example.com\","
                        + "\"Account_Name\":{\"id\":\"5725767000000413002\"}}]}");
        assertEquals(201, created.status(), created.body());
        JsonNode item = created.json().path("data").get(0);
        assertEquals("SUCCESS", item.path("code").asText(), created.body());
        String id = item.path("details").path("id").asText();
        SandboxServer.Resp found =
                s.get(BIGIN + "Contacts/search?criteria=(Email:equals:new.bigin@example.com)", token);
        assertEquals(200, found.status(), found.body());
        assertEquals(id, found.json().path("data").get(0).path("id").asText());
        assertEquals(
                "Acme Corporation",
                found.json()
                        .path("data")
                        .get(0)
                        .path("Account_Name")
                        .path("name")
                        .asText());

        SandboxServer.Resp noSecondary = s.get(BIGIN + "Contacts?fields=Email,Secondary_Email", token);
        assertEquals(400, noSecondary.status(), "Bigin's contacts have no Secondary_Email: " + noSecondary.body());

        List<String> companies = new ArrayList<>();
        s.get(BIGIN + "Accounts?fields=Account_Name", token)
                .json()
                .path("data")
                .forEach(a -> companies.add(a.path("Account_Name").asText()));
        assertTrue(companies.contains("Acme Corporation"), companies.toString());
    }

    /** The sandbox keeps its own copy of the product choice; it must read as the runtime's does. */
    @Test
    void theSandboxsProductsAreTheRuntimes() {
        for (CrmProduct product : CrmProduct.values()) {
            SimulatedCrm simulated = SimulatedCrm.valueOf(product.name());
            assertEquals(product.key(), simulated.key());
            assertEquals(product.label(), simulated.label());
            assertEquals(product.dealsModule(), simulated.dealsModule());
        }
        assertEquals(CrmProduct.values().length, SimulatedCrm.values().length);
    }

    @Test
    void productsAreAModuleOfBigin() throws Exception {
        SandboxServer.Resp created = s.send(
                "POST",
                BIGIN + "Products",
                token,
                "{\"data\":[{\"Product_Name\":\"Widget\",\"Product_Code\":\"W-1\"}]}");
        assertEquals(201, created.status(), created.body());
        assertEquals(
                "Widget",
                s.get(BIGIN + "Products?fields=Product_Name,Product_Code", token)
                        .json()
                        .path("data")
                        .get(0)
                        .path("Product_Name")
                        .asText());
    }
}
