package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contacts flow, one way (CRM to Desk), end to end: the real runtime against its sandbox over HTTP, seeded with the
 * hard cases (mixed case, padding, full-width, secondary email, a shared email, no or invalid email), on Zoho CRM and
 * on Bigin (issue 15).
 */
class ContactsFlowTest {

    static final String KEN_DESK_ID = "1892000000042032";
    static final String SHARED_A = "5725767000000412005";
    static final String SHARED_B = "5725767000000412006";
    static final String NO_EMAIL = "5725767000000412007";
    static final String NOT_AN_EMAIL = "5725767000000412008";
    static final String DOUBLE_AT = "5725767000000412009";
    static final String MARY = "5725767000000412010";

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

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    abstract static class Flow {

        final CrmProduct product;

        Flow(CrmProduct product) {
            this.product = product;
        }

        RunningDeskbridge app;
        Sandbox sandbox;
        JsonNode firstRun;

        @BeforeAll
        void start(@TempDir Path dir) throws Exception {
            Map<String, String> p = RunningDeskbridge.defaults(dir, product);
            p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
            app = RunningDeskbridge.start(p);
            sandbox = app.sandbox();
            firstRun = app.runAndWait("contacts");
        }

        @AfterAll
        void stop() throws Exception {
            app.close();
        }

        @Test
        @Order(1)
        void firstRunLeavesOneDeskContactPerDistinctValidEmail() {
            assertEquals("SUCCEEDED", firstRun.path("status").asText(), firstRun.toString());
            Map<String, List<String>> deskByEmail = new HashMap<>();
            for (ObjectNode c : sandbox.desk().contacts()) {
                deskByEmail
                        .computeIfAbsent(normalise(c.path("email").asText("")), k -> new ArrayList<>())
                        .add(c.path("id").asText());
            }
            deskByEmail.forEach(
                    (email, ids) -> assertEquals(1, ids.size(), "Desk contacts with " + email + ": " + ids));

            Set<String> validCrmEmails = new HashSet<>();
            for (ObjectNode c : sandbox.crm().list("Contacts")) {
                String e = normalise(c.path("Email").asText(""));
                if (e.matches("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}")) {
                    validCrmEmails.add(e);
                }
            }
            assertTrue(
                    validCrmEmails.contains("jiro.suzuki@example.jp"),
                    "the full-width email normalises: " + validCrmEmails);
            for (String email : validCrmEmails) {
                assertEquals(1, deskByEmail.getOrDefault(email, List.of()).size(), "Desk contacts for " + email);
            }
            ObjectNode taro =
                    sandbox.desk().contactsWithEmail("taro.yamada@example.jp").get(0);
            assertEquals("山田", taro.path("lastName").asText());
            assertEquals("太郎", taro.path("firstName").asText());
            assertEquals("taro.yamada@example.jp", taro.path("email").asText(), "mixed case is written normalised");
        }

        @Test
        @Order(2)
        void secondaryEmailMatchLinksAndReplacesTheDeskPrimaryEmail() {
            if (product == CrmProduct.BIGIN) { // Bigin's contacts have no secondary email: Ken is a new Desk contact
                assertEquals(
                        "ken@oldmail.example",
                        sandbox.desk()
                                .contact(KEN_DESK_ID)
                                .orElseThrow()
                                .path("email")
                                .asText());
                assertEquals(
                        1,
                        sandbox.desk()
                                .contactsWithEmail("ken.tanaka@newcorp.example")
                                .size());
                return;
            }
            ObjectNode ken = sandbox.desk().contact(KEN_DESK_ID).orElseThrow();
            assertEquals("ken.tanaka@newcorp.example", ken.path("email").asText());
            assertEquals("ken@oldmail.example", ken.path("secondaryEmail").asText());
            assertEquals(
                    1,
                    sandbox.desk()
                            .contactsWithEmail("ken.tanaka@newcorp.example")
                            .size(),
                    "linked, not duplicated");
        }

        @Test
        @Order(3)
        void conflictsAndExclusionsAreListedWithTheirReasons() throws Exception {
            JsonNode errors = app.get("/admin/syncs/contacts/errors");
            Map<String, JsonNode> byRecord = new HashMap<>();
            errors.path("items").forEach(i -> byRecord.put(i.path("recordId").asText(), i));
            for (String shared : List.of(SHARED_A, SHARED_B)) {
                JsonNode i = byRecord.get(shared);
                assertEquals("CONFLICT", i.path("kind").asText(), errors.toString());
                assertTrue(
                        i.path("reason").asText().contains(SHARED_A)
                                && i.path("reason").asText().contains(SHARED_B),
                        i.toString());
            }
            assertEquals("NO_EMAIL", byRecord.get(NO_EMAIL).path("reasonCode").asText());
            assertEquals(
                    "INVALID_EMAIL",
                    byRecord.get(NOT_AN_EMAIL).path("reasonCode").asText());
            assertTrue(byRecord.get(DOUBLE_AT).path("reason").asText().contains("foo@@bar.example"));
            assertEquals(5, errors.path("items").size(), "only the five hard cases: " + errors);
            assertEquals(
                    1,
                    sandbox.desk().contactsWithEmail("info@shared.example").size(),
                    "nothing written for the shared email");
        }

        @Test
        @Order(4)
        void theRunsCountersAddUp() {
            JsonNode r = firstRun;
            int read = r.path("read").asInt();
            assertEquals(sandbox.crm().count("Contacts"), read, "every CRM contact is read once");
            assertEquals(
                    read,
                    r.path("created").asInt()
                            + r.path("updated").asInt()
                            + r.path("linked").asInt()
                            + r.path("unchanged").asInt()
                            + r.path("excluded").asInt()
                            + r.path("failed").asInt(),
                    r.toString());
            int linked = product == CrmProduct.BIGIN ? 1 : 2; // Bigin: no secondary email, so Ken is created
            assertEquals(linked, r.path("linked").asInt(), "Ken by secondary email, Mary by primary: " + r);
            assertEquals(5, r.path("excluded").asInt(), r.toString());
            assertEquals(0, r.path("failed").asInt(), r.toString());
        }

        @Test
        @Order(5)
        void aSecondRunWithNoChangeWritesNothingAndTheCrmAnswers304() throws Exception {
            sandbox.requests().clear();
            JsonNode second = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", second.path("status").asText());
            assertEquals(
                    0,
                    second.path("created").asInt()
                            + second.path("updated").asInt()
                            + second.path("linked").asInt(),
                    second.toString());
            List<RequestLog.Entry> crmReads = sandbox.requests().entries().stream()
                    .filter(e -> e.system().equals("crm")
                            && e.method().equals("GET")
                            && e.path().endsWith("/Contacts"))
                    .toList();
            assertEquals(1, crmReads.size(), crmReads.toString());
            assertEquals(304, crmReads.get(0).status());
            String api = product == CrmProduct.BIGIN ? "/sandbox/zoho/bigin/v2/" : "/sandbox/zoho/crm/v8/";
            assertTrue(crmReads.get(0).path().startsWith(api), "read from " + product.label() + ": " + crmReads);
            assertTrue(
                    second.path("apiCalls").path("crm").path("calls").asInt() <= 2, "changes and deletions: " + second);
            assertTrue(
                    second.path("apiCalls").path("desk").path("calls").asInt() <= 2,
                    "changes and recycle bin: " + second);
            assertTrue(
                    sandbox.requests().entries().stream()
                            .noneMatch(e ->
                                    !e.method().equals("GET") && !e.system().equals("oauth")),
                    "no write at all: " + sandbox.requests().entries());
        }

        @Test
        @Order(6)
        void aChangedCrmContactReachesTheDeskOnTheNextRun() throws Exception {
            ObjectNode change = new ObjectMapper().createObjectNode().put("Phone", "+81 3 0000 1111");
            sandbox.crm().update("Contacts", MARY, change);
            JsonNode run = app.runAndWait("contacts");
            assertEquals(1, run.path("updated").asInt(), run.toString());
            assertEquals(1, run.path("read").asInt(), run.toString());
            ObjectNode mary =
                    sandbox.desk().contactsWithEmail("mary.major@acme.example").get(0);
            assertEquals("+81 3 0000 1111", mary.path("phone").asText());

            JsonNode after = app.runAndWait("contacts");
            assertEquals(
                    0,
                    after.path("updated").asInt() + after.path("created").asInt(),
                    "the change is written once: " + after);
        }

        @Test
        @Order(7)
        void theStatusShowsTheLastRunAndTheRecordHealth() throws Exception {
            JsonNode status = app.get("/admin/syncs/contacts");
            assertEquals("ACTIVE", status.path("state").asText());
            assertEquals("crm-to-desk", status.path("direction").asText());
            assertFalse(status.path("lastRun").isNull());
            assertEquals(9, status.path("records").path("inSync").asInt(), status.toString());
            assertEquals(2, status.path("records").path("conflicts").asInt(), status.toString());
            assertEquals(3, status.path("records").path("excluded").asInt(), status.toString());
        }

        private static String normalise(String email) {
            return Normalizer.normalize(email, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        }
    }
}
