package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.store.Database;
import io.deskbridge.store.Intents;
import io.deskbridge.store.Runs;
import io.deskbridge.store.SyncStates;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actions on tickets from the CRM side (issue 13, item 4), over real HTTP against the sandbox: each reaches the Desk
 * (its state is checked there), each is audited without what was written, and a create for a CRM contact makes and
 * links its Desk contact first, as the contacts sync would, or writes nothing when the contact has no valid email.
 * The tickets sync has mirrored the seeded tickets before the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketActionsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = RunningDeskbridge.TOKEN;
    /** Seeded CRM contacts: 高橋 三郎 has no email, Ivan Invalid has "not-an-email". */
    static final String CRM_NO_EMAIL = "5725767000000412007";

    static final String CRM_INVALID_EMAIL = "5725767000000412008";
    /** Seeded tickets: #101 Mary Major, #104 Ken Tanaka, #105 Ken Tanaka, #106 Info, #107 Info, #108 Desk Only. */
    static final String T101 = "1892000000143001";

    static final String T104 = "1892000000143004";
    static final String T105 = "1892000000143005";
    static final String T106 = "1892000000143006";
    static final String T107 = "1892000000143007";
    static final String DEAL_NEWCORP = "5725767000000414002";

    @TempDir
    static Path dir;

    RunningDeskbridge app;

    @BeforeAll
    void start() throws Exception {
        app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir));
        app.runAndWait("tickets");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void aCreateForAContactWithoutAValidEmailIs422AndWritesNothing() throws Exception {
        Sandbox sandbox = app.sandbox();
        for (String crmId : List.of(CRM_NO_EMAIL, CRM_INVALID_EMAIL)) {
            int contacts = sandbox.desk().contactCount();
            int tickets = sandbox.desk().tickets().count();
            int writes = writes();
            HttpResponse<String> r = create(crmId, "{\"subject\":\"Renewal question\",\"priority\":\"High\"}");
            assertEquals(422, r.statusCode(), r.body());
            String message = JSON.readTree(r.body()).path("message").asText();
            assertTrue(message.startsWith("CRM Contacts record " + crmId), message);
            assertTrue(
                    message.contains(crmId.equals(CRM_NO_EMAIL) ? "has no Email (NO_EMAIL)" : "(INVALID_EMAIL)"),
                    message);
            assertTrue(message.endsWith("nothing was written"), message);
            assertFalse(message.contains("not-an-email"), "no personal data in an audited answer: " + message);
            assertEquals(contacts, sandbox.desk().contactCount(), "no Desk contact");
            assertEquals(tickets, sandbox.desk().tickets().count(), "no ticket");
            assertEquals(writes, writes(), "no write request reached the Desk or the CRM");
            assertEquals(0, links(crmId).size(), "no link");
        }
        JsonNode audit = auditOf("create ticket", "crm/Contacts/" + CRM_INVALID_EMAIL);
        assertEquals(422, audit.path("status").asInt());
        assertFalse(audit.path("detail").asText().contains("not-an-email"), audit.toString());
    }

    @Test
    void aCreateForAContactNotInTheDeskCreatesAndLinksItFirstAndTheSyncMakesNoDuplicate() throws Exception {
        Sandbox sandbox = app.sandbox();
        String email = "new.customer@example.org";
        ObjectNode fields = JSON.createObjectNode()
                .put("First_Name", "Nora")
                .put("Last_Name", "New")
                .put("Email", email)
                .put("Phone", "+1 555 0142");
        String crmId = sandbox.crm().insert("Contacts", fields).path("id").asText();

        HttpResponse<String> r = create(
                crmId,
                "{\"subject\":\"Cannot open the invoice\",\"description\":\"PDF is empty\",\"priority\":\"High\","
                        + "\"channel\":\"Phone\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode made = JSON.readTree(r.body());
        assertEquals("created", made.path("deskContact").asText());
        String deskId = made.path("deskContactId").asText();
        List<ObjectNode> inDesk = sandbox.desk().contactsWithEmail(email);
        assertEquals(1, inDesk.size());
        assertEquals(deskId, inDesk.get(0).path("id").asText());
        assertEquals("Nora", inDesk.get(0).path("firstName").asText(), "mapped through the contacts field map");
        assertEquals("+1 555 0142", inDesk.get(0).path("phone").asText());
        JsonNode link = links(crmId);
        assertEquals(1, link.size(), link.toString());
        assertEquals(deskId, link.path(0).path("deskId").asText());

        String ticketId = made.path("ticket").path("ticketId").asText();
        ObjectNode ticket = sandbox.desk().tickets().ticket(ticketId).orElseThrow();
        assertEquals(deskId, ticket.path("contactId").asText());
        assertEquals("1892000000006907", ticket.path("departmentId").asText(), "the sandbox's department");
        assertEquals("Cannot open the invoice", ticket.path("subject").asText());
        assertEquals("High", ticket.path("priority").asText());
        assertEquals("Phone", ticket.path("channel").asText());
        assertEquals(crmId, made.path("ticket").path("crmContactId").asText());
        assertEquals("High", made.path("ticket").path("priority").asText());

        HttpResponse<String> again = create(crmId, "{\"subject\":\"A second question\"}");
        assertEquals(201, again.statusCode(), again.body());
        assertEquals("linked", JSON.readTree(again.body()).path("deskContact").asText());
        assertEquals(deskId, JSON.readTree(again.body()).path("deskContactId").asText());

        app.runAndWait("accounts");
        JsonNode run = app.runAndWait("contacts");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(1, sandbox.desk().contactsWithEmail(email).size(), "the sync made no duplicate");
        assertEquals(deskId, links(crmId).path(0).path("deskId").asText(), "the same link");
        assertEquals(
                0,
                app.get("/admin/syncs/contacts/errors?kind=CONFLICT").path("items").findValues("crmId").stream()
                        .filter(id -> id.asText().equals(crmId))
                        .count());

        List<String> audit = new ArrayList<>();
        app.get("/admin/audit").path("items").forEach(e -> {
            if (e.path("target").asText().equals("crm/Contacts/" + crmId)) {
                audit.add(e.path("action").asText() + " " + e.path("status").asInt() + " "
                        + e.path("detail").asText());
            }
        });
        String second =
                JSON.readTree(again.body()).path("ticket").path("ticketId").asText();
        assertEquals(
                List.of(
                        "create ticket 201 ticket " + second + " for CRM contact " + crmId + ", Desk contact " + deskId
                                + " (linked)",
                        "create ticket 201 ticket " + ticketId + " for CRM contact " + crmId + ", Desk contact "
                                + deskId + " (created)"),
                audit);
    }

    @Test
    void aCreateForAContactWhoseEmailIsInTheDeskLinksThatContact() throws Exception {
        Sandbox sandbox = app.sandbox();
        String email = "found.customer@example.org";
        String deskId = sandbox.desk()
                .createContact(
                        JSON.createObjectNode().put("lastName", "Found").put("email", "Found.Customer@Example.org"))
                .path("id")
                .asText();
        String crmId = sandbox.crm()
                .insert(
                        "Contacts",
                        JSON.createObjectNode().put("Last_Name", "Found").put("Email", email))
                .path("id")
                .asText();
        int contacts = sandbox.desk().contactCount();

        HttpResponse<String> r = create(crmId, "{\"subject\":\"Where is my order\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode made = JSON.readTree(r.body());
        assertEquals("found", made.path("deskContact").asText());
        assertEquals(deskId, made.path("deskContactId").asText());
        assertEquals(contacts, sandbox.desk().contactCount(), "no contact created");
        assertEquals(deskId, links(crmId).path(0).path("deskId").asText());
        assertEquals(
                deskId,
                sandbox.desk()
                        .tickets()
                        .ticket(made.path("ticket").path("ticketId").asText())
                        .orElseThrow()
                        .path("contactId")
                        .asText());

        JsonNode run = app.runAndWait("contacts");
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(1, sandbox.desk().contactsWithEmail(email).size(), "the sync made no duplicate");
        assertEquals(deskId, links(crmId).path(0).path("deskId").asText(), "the same link");
    }

    @Test
    void aCreateForAContactTheCrmDoesNotHaveIs404() throws Exception {
        HttpResponse<String> r = create("5725767000000419999", "{\"subject\":\"x\"}");
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("Contacts record 5725767000000419999"), r.body());
        HttpResponse<String> wrongVerb = app.call("DELETE", "/api/crm/Contacts/" + CRM_NO_EMAIL + "/tickets", TOKEN);
        assertEquals(405, wrongVerb.statusCode(), wrongVerb.body());
        assertEquals("GET, HEAD, POST", wrongVerb.headers().firstValue("Allow").orElse(""), "the list and the create");
        HttpResponse<String> noSubject = create(CRM_NO_EMAIL, "{\"description\":\"x\"}");
        assertEquals(400, noSubject.statusCode(), noSubject.body());
        assertTrue(noSubject.body().contains("'subject'"), noSubject.body());
    }

    @Test
    void aReplyIsMailedToTheTicketsContactFromTheConfiguredAddress() throws Exception {
        int threads = app.sandbox().desk().tickets().threads(T101).size();
        HttpResponse<String> r = app.callWithBody(
                "POST", "/api/tickets/" + T101 + "/replies", "{\"content\":\"We have reset your access.\"}", TOKEN);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode made = JSON.readTree(r.body());
        List<ObjectNode> after = app.sandbox().desk().tickets().threads(T101);
        assertEquals(threads + 1, after.size());
        ObjectNode sent = after.stream()
                .filter(t -> t.path("id").asText().equals(made.path("id").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals("out", sent.path("direction").asText());
        assertEquals("support@sandbox.example", sent.path("fromEmailAddress").asText());
        assertEquals("mary.major@acme.example", sent.path("to").asText().toLowerCase(java.util.Locale.ROOT));
        assertEquals("support@sandbox.example", made.path("fromEmailAddress").asText());

        JsonNode audit = auditOf("reply", "tickets/" + T101);
        assertEquals("reply " + made.path("id").asText(), audit.path("detail").asText());
        HttpResponse<String> blank =
                app.callWithBody("POST", "/api/tickets/" + T101 + "/replies", "{\"content\":\"\"}", TOKEN);
        assertEquals(400, blank.statusCode(), blank.body());
    }

    /** Issue 15, item 3: reply-all answers the latest thread, or the one named, to its sender and everyone copied. */
    @Test
    void aReplyToAllGoesToTheSenderAndEveryoneOnTheThreadButTheReplyFromAddress() throws Exception {
        var desk = app.sandbox().desk().tickets();
        desk.addCustomerReply(T101, "Adding my manager", "Boss <Boss@Acme.example>, support@sandbox.example");
        HttpResponse<String> r = reply(T101, "{\"content\":\"Thanks, both\",\"mode\":\"reply-all\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode made = JSON.readTree(r.body());
        assertEquals("mary.major@acme.example", made.path("to").asText().toLowerCase(java.util.Locale.ROOT));
        assertEquals("boss@acme.example", made.path("cc").asText(), "the reply-from address is not copied");
        assertFalse(made.path("isForward").asBoolean());
        ObjectNode sent = sentThread(T101, made.path("id").asText());
        assertEquals("boss@acme.example", sent.path("cc").asText());
        assertEquals("public", sent.path("visibility").asText());
        assertEquals(
                "reply-all " + made.path("id").asText(),
                auditOf("reply", "tickets/" + T101).path("detail").asText());

        desk.addCustomerReply(T101, "One more thing");
        HttpResponse<String> named = reply(
                T101,
                "{\"content\":\"Again\",\"mode\":\"reply-all\",\"threadId\":\""
                        + made.path("id").asText() + "\"}");
        assertEquals(201, named.statusCode(), named.body());
        JsonNode again = JSON.readTree(named.body());
        assertEquals("boss@acme.example", again.path("cc").asText(), "an agent's thread goes to its recipients again");
        HttpResponse<String> unknown =
                reply(T101, "{\"content\":\"x\",\"mode\":\"reply-all\",\"threadId\":\"1892000009999999\"}");
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    /** Issue 15, item 3: a forward goes to the addresses given, marked as one, and private. */
    @Test
    void aForwardGoesPrivatelyToTheAddressesGiven() throws Exception {
        HttpResponse<String> r = reply(
                T104,
                "{\"content\":\"Please have a look\",\"mode\":\"forward\","
                        + "\"to\":[\"legal@partner.example\",\"Ops@Partner.example\"]}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode made = JSON.readTree(r.body());
        assertTrue(made.path("isForward").asBoolean(), r.body());
        assertEquals("private", made.path("visibility").asText());
        assertEquals(
                "legal@partner.example,ops@partner.example", made.path("to").asText());
        ObjectNode sent = sentThread(T104, made.path("id").asText());
        assertTrue(sent.path("isForward").asBoolean());
        assertEquals("private", sent.path("visibility").asText());
        assertEquals(
                "legal@partner.example,ops@partner.example", sent.path("to").asText());
        assertEquals(
                "forward " + made.path("id").asText(),
                auditOf("reply", "tickets/" + T104).path("detail").asText());
    }

    /** Issue 15, item 3: a bad mode or recipient is a 400 naming the key, and nothing reaches the Desk. */
    @Test
    void aBadModeOrRecipientIs400NamingTheKeyAndSendsNothing() throws Exception {
        int threads = app.sandbox().desk().tickets().threads(T105).size();
        int writes = writes();
        Map<String, String> refused = Map.of(
                "{\"content\":\"x\",\"mode\":\"shout\"}",
                        "key 'mode' in the request body = 'shout' is not one of" + " reply, reply-all, forward",
                "{\"content\":\"x\",\"mode\":\"forward\"}",
                        "key 'to' in the request body is required with mode" + " forward",
                "{\"content\":\"x\",\"mode\":\"forward\",\"to\":[]}", "key 'to' in the request body is required",
                "{\"content\":\"x\",\"mode\":\"forward\",\"to\":[\"a@b.example\",\"not-an-address\"]}",
                        "key 'to' in the request body: item 1 is not a valid email address (INVALID_EMAIL)",
                "{\"content\":\"x\",\"mode\":\"forward\",\"to\":\"a@b.example\"}",
                        "key 'to' in the request body" + " must be an array",
                "{\"content\":\"x\",\"mode\":\"reply-all\",\"to\":[\"a@b.example\"]}",
                        "key 'to' in the request" + " body is taken only with mode forward");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            HttpResponse<String> r = reply(T105, e.getKey());
            assertEquals(400, r.statusCode(), e.getKey() + ": " + r.body());
            String message = JSON.readTree(r.body()).path("message").asText();
            assertTrue(message.startsWith(e.getValue()), e.getKey() + ": " + message);
            assertFalse(message.contains("not-an-address"), "no address in an audited answer: " + message);
        }
        assertEquals(threads, app.sandbox().desk().tickets().threads(T105).size());
        assertEquals(writes, writes(), "nothing reached the Desk");
    }

    @Test
    void anUpdateReachesTheDeskAndTheMirrorAtOnce() throws Exception {
        assertEquals(
                "Medium", TicketFixture.mirrored(app, dir, T107).orElseThrow().priority(), "mirrored by the sync");
        HttpResponse<String> r = app.callWithBody(
                "PATCH",
                "/api/tickets/" + T107,
                "{\"status\":\"On Hold\",\"priority\":\"High\",\"dueDate\":\"2036-02-01T09:00:00Z\"}",
                TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode summary = JSON.readTree(r.body());
        assertEquals("On Hold", summary.path("status").asText());
        assertEquals("High", summary.path("priority").asText());
        ObjectNode inDesk = app.sandbox().desk().tickets().ticket(T107).orElseThrow();
        assertEquals("On Hold", inDesk.path("status").asText());
        assertEquals("High", inDesk.path("priority").asText());
        assertTrue(inDesk.path("dueDate").asText().startsWith("2036-02-01T09:00:00"), inDesk.toString());
        var mirrored = TicketFixture.mirrored(app, dir, T107).orElseThrow();
        assertEquals("On Hold", mirrored.status());
        assertEquals("High", mirrored.priority());
        assertEquals(java.time.Instant.parse("2036-02-01T09:00:00Z"), mirrored.dueAt());
        assertEquals(
                "updated status On Hold, priority High, due date 2036-02-01T09:00:00Z",
                auditOf("update ticket", "tickets/" + T107).path("detail").asText());

        HttpResponse<String> badStatus =
                app.callWithBody("PATCH", "/api/tickets/" + T107, "{\"status\":\"Nope\"}", TOKEN);
        assertEquals(422, badStatus.statusCode(), badStatus.body());
        assertTrue(badStatus.body().contains("Zoho Desk") && badStatus.body().contains("status"), badStatus.body());
        assertEquals(
                "On Hold",
                app.sandbox()
                        .desk()
                        .tickets()
                        .ticket(T107)
                        .orElseThrow()
                        .path("status")
                        .asText());

        HttpResponse<String> unknown = app.callWithBody("PATCH", "/api/tickets/" + T107, "{\"colour\":\"red\"}", TOKEN);
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("unknown key 'colour'"), unknown.body());
        HttpResponse<String> none = app.callWithBody("PATCH", "/api/tickets/" + T107, "{}", TOKEN);
        assertEquals(400, none.statusCode(), none.body());
        assertTrue(none.body().contains("at least one of"), none.body());
        HttpResponse<String> badDue =
                app.callWithBody("PATCH", "/api/tickets/" + T107, "{\"dueDate\":\"soon\"}", TOKEN);
        assertEquals(400, badDue.statusCode(), badDue.body());
        assertTrue(badDue.body().contains("'dueDate'"), badDue.body());
    }

    @Test
    void aCloseClosesTheTicketInTheDesk() throws Exception {
        HttpResponse<String> r = app.call("POST", "/api/tickets/" + T104 + "/close", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Closed", JSON.readTree(r.body()).path("statusType").asText());
        ObjectNode inDesk = app.sandbox().desk().tickets().ticket(T104).orElseThrow();
        assertEquals("Closed", inDesk.path("statusType").asText());
        assertFalse(inDesk.path("closedTime").isNull(), inDesk.toString());
        assertEquals(
                "Closed", TicketFixture.mirrored(app, dir, T104).orElseThrow().statusType());
        assertEquals(
                "closed",
                auditOf("close ticket", "tickets/" + T104).path("detail").asText());
    }

    @Test
    void aDeleteMovesTheTicketToTheDesksTrashAndOutOfTheMirror() throws Exception {
        assertTrue(TicketFixture.mirrored(app, dir, T106).isPresent());
        HttpResponse<String> r = app.call("DELETE", "/api/tickets/" + T106, TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                JSON.readTree("{\"ticketId\":\"" + T106 + "\",\"inTrash\":true,\"removedFromMirror\":true}"),
                JSON.readTree(r.body()));
        assertFalse(
                app.sandbox().desk().tickets().all().stream()
                        .anyMatch(t -> t.path("id").asText().equals(T106)),
                "in the trash");
        assertTrue(app.sandbox().desk().tickets().ticket(T106).isPresent(), "restorable from the trash");
        assertTrue(TicketFixture.mirrored(app, dir, T106).isEmpty());
        HttpResponse<String> gone = app.call("GET", "/api/tickets/" + T106, TOKEN);
        assertEquals(404, gone.statusCode(), gone.body());
        assertTrue(gone.body().contains("is in the Desk's trash"), gone.body());
        assertEquals(
                "moved to the Desk's trash, removed from the mirror",
                auditOf("trash ticket", "tickets/" + T106).path("detail").asText());
    }

    @Test
    void aTicketIsLinkedToADealThatExistsAndUnlinked() throws Exception {
        String deal = "/api/tickets/" + T105 + "/deal";
        HttpResponse<String> linked = app.callWithBody("PUT", deal, "{\"crmDealId\":\"" + DEAL_NEWCORP + "\"}", TOKEN);
        assertEquals(200, linked.statusCode(), linked.body());
        assertEquals(
                DEAL_NEWCORP, JSON.readTree(linked.body()).path("crmDealId").asText());
        assertEquals(
                DEAL_NEWCORP,
                app.get("/api/tickets/" + T105).path("ticket").path("crmDealId").asText());
        assertEquals(
                List.of(T105),
                app.get("/api/crm/Deals/" + DEAL_NEWCORP + "/tickets")
                        .path("items")
                        .findValuesAsText("ticketId"));

        HttpResponse<String> noDeal = app.callWithBody("PUT", deal, "{\"crmDealId\":\"5725767000000419999\"}", TOKEN);
        assertEquals(422, noDeal.statusCode(), noDeal.body());
        assertTrue(noDeal.body().contains("Deals record 5725767000000419999"), noDeal.body());
        HttpResponse<String> noTicket = app.callWithBody(
                "PUT", "/api/tickets/1892000000999999/deal", "{\"crmDealId\":\"" + DEAL_NEWCORP + "\"}", TOKEN);
        assertEquals(404, noTicket.statusCode(), noTicket.body());
        assertEquals(
                DEAL_NEWCORP,
                app.get("/api/tickets/" + T105).path("ticket").path("crmDealId").asText());

        HttpResponse<String> unlinked = app.call("DELETE", deal, TOKEN);
        assertEquals(200, unlinked.statusCode(), unlinked.body());
        assertEquals(
                DEAL_NEWCORP,
                JSON.readTree(unlinked.body()).path("previousCrmDealId").asText());
        assertTrue(
                app.get("/api/tickets/" + T105).path("ticket").path("crmDealId").isNull());
        HttpResponse<String> again = app.call("DELETE", deal, TOKEN);
        assertEquals(404, again.statusCode(), again.body());
        assertTrue(again.body().contains("linked to no deal"), again.body());

        List<String> audit = new ArrayList<>();
        app.get("/admin/audit").path("items").forEach(e -> {
            if (e.path("target").asText().equals("tickets/" + T105)) {
                audit.add(e.path("action").asText() + " " + e.path("status").asInt() + " "
                        + e.path("detail").asText());
            }
        });
        assertEquals(
                List.of(
                        "unlink deal 404 ticket " + T105 + " is linked to no deal",
                        "unlink deal 200 unlinked from deal " + DEAL_NEWCORP,
                        "link deal 422 Zoho CRM has no Deals record 5725767000000419999 to link to",
                        "link deal 200 linked to deal " + DEAL_NEWCORP),
                audit);
    }

    @Test
    void withoutTheDeskSettingsOnlyTheCallsThatNeedThemAreRefusedNamingTheKey(@TempDir Path other) throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(other);
        p.put("deskbridge.desk.department-id", "");
        p.put("deskbridge.desk.reply-from", " ");
        try (RunningDeskbridge bare = RunningDeskbridge.start(p)) {
            int contacts = bare.sandbox().desk().contactCount();
            int tickets = bare.sandbox().desk().tickets().count();
            HttpResponse<String> create = bare.callWithBody(
                    "POST", "/api/crm/Contacts/5725767000000412014/tickets", "{\"subject\":\"x\"}", TOKEN);
            assertEquals(503, create.statusCode(), create.body());
            assertEquals(
                    "this Deskbridge cannot open tickets: deskbridge.desk.department-id is not set",
                    JSON.readTree(create.body()).path("message").asText());
            HttpResponse<String> reply =
                    bare.callWithBody("POST", "/api/tickets/" + T101 + "/replies", "{\"content\":\"x\"}", TOKEN);
            assertEquals(503, reply.statusCode(), reply.body());
            assertEquals(
                    "this Deskbridge cannot send replies: deskbridge.desk.reply-from is not set",
                    JSON.readTree(reply.body()).path("message").asText());
            assertEquals(contacts, bare.sandbox().desk().contactCount(), "Alice Brown's Desk contact was not made");
            assertEquals(tickets, bare.sandbox().desk().tickets().count());
            HttpResponse<String> close = bare.call("POST", "/api/tickets/" + T104 + "/close", TOKEN);
            assertEquals(200, close.statusCode(), "the other actions work: " + close.body());
        }
    }

    @Test
    void whileAContactsRunIsUnderWayAnUnlinkedContactIs409AndNothingIsWritten(@TempDir Path other) throws Exception {
        try (RunningDeskbridge busy = RunningDeskbridge.start(RunningDeskbridge.defaults(other))) {
            String org = busy.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
            try (Database db = TestDatabase.storeFor(other.resolve("data")).open()) {
                SyncStates states = new SyncStates(db.jdbc(), new Runs(db.jdbc()), Clock.systemUTC(), "other-node");
                long run = states.claimRun("contacts", org, "test", Duration.ofMinutes(5))
                        .runId();
                int contacts = busy.sandbox().desk().contactCount();
                HttpResponse<String> r = busy.callWithBody(
                        "POST", "/api/crm/Contacts/5725767000000412014/tickets", "{\"subject\":\"x\"}", TOKEN);
                assertEquals(409, r.statusCode(), r.body());
                assertTrue(r.body().contains("the contacts sync is running (run " + run + ")"), r.body());
                assertEquals(contacts, busy.sandbox().desk().contactCount(), "Alice Brown's Desk contact was not made");
                assertEquals(
                        0,
                        busy.get("/admin/syncs/contacts/links?crmId=5725767000000412014")
                                .path("items")
                                .size());
                states.releaseRun("contacts", run);
            }
            HttpResponse<String> after = busy.callWithBody(
                    "POST", "/api/crm/Contacts/5725767000000412014/tickets", "{\"subject\":\"x\"}", TOKEN);
            assertEquals(201, after.statusCode(), after.body());
            assertEquals(
                    "created", JSON.readTree(after.body()).path("deskContact").asText());
        }
    }

    /** Review item 2: the create holds the contacts sync's run lease, so a "run now" meanwhile is 409, and after it runs. */
    @Test
    void aCreateHoldsTheContactsRunLeaseAndReleasesIt() throws Exception {
        String crmId = crmContact("Lease", "lena.lease@example.org");
        app.sandbox()
                .faults()
                .set("desk", FaultPlan.parse(Map.of(FaultPlan.SLOW, "1.0", FaultPlan.SLOW_MS, "1500"), "desk."));
        CompletableFuture<HttpResponse<String>> made;
        try {
            made = CompletableFuture.supplyAsync(() -> {
                try {
                    return create(crmId, "{\"subject\":\"Held\"}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode held = null;
            for (int i = 0; i < 100 && held == null; i++) {
                JsonNode last = app.get("/admin/syncs/contacts").path("lastRun");
                if (last.path("trigger").asText().equals("api")
                        && last.path("status").asText().equals("RUNNING")) {
                    held = last;
                }
                Thread.sleep(20);
            }
            assertTrue(held != null, "the create took the contacts sync's lease");
            HttpResponse<String> runNow = app.call("POST", "/admin/syncs/contacts/run", TOKEN);
            assertEquals(409, runNow.statusCode(), runNow.body());
            assertTrue(
                    runNow.body()
                            .contains(
                                    "already running (run " + held.path("runId").asLong() + ")"),
                    runNow.body());
            assertEquals(201, made.get(30, TimeUnit.SECONDS).statusCode());
        } finally {
            app.sandbox().faults().clear();
        }
        JsonNode lease = app.get("/admin/syncs/contacts").path("lastRun");
        assertEquals("SUCCEEDED", lease.path("status").asText(), lease.toString());
        assertEquals(1, lease.path("created").asInt(), lease.toString());
        JsonNode run = app.runAndWait("contacts");
        assertEquals("SUCCEEDED", run.path("status").asText(), "the lease was released: " + run);
    }

    /** Review item 3: an intent left by an earlier create whose answer was lost does not make the next one a 500. */
    @Test
    void anIntentLeftByAnEarlierCreateIsTakenOver() throws Exception {
        String lost = crmContact("Lost", "lost.answer@example.org");
        String made = crmContact("Made", "made.before@example.org");
        String deskId = app.sandbox()
                .desk()
                .createContact(JSON.createObjectNode().put("lastName", "Made").put("email", "made.before@example.org"))
                .path("id")
                .asText();
        String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
        try (Database db = TestDatabase.storeFor(dir.resolve("data")).open()) {
            Intents intents = new Intents(db.jdbc(), Clock.systemUTC());
            intents.recordAll("contacts", org, "crm", List.of(lost, made));

            HttpResponse<String> created = create(lost, "{\"subject\":\"Lost answer\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(
                    "created", JSON.readTree(created.body()).path("deskContact").asText());
            assertEquals(
                    1,
                    app.sandbox()
                            .desk()
                            .contactsWithEmail("lost.answer@example.org")
                            .size());
            HttpResponse<String> found = create(made, "{\"subject\":\"Made before\"}");
            assertEquals(201, found.statusCode(), found.body());
            assertEquals(
                    "found", JSON.readTree(found.body()).path("deskContact").asText());
            assertEquals(
                    deskId, JSON.readTree(found.body()).path("deskContactId").asText());
            assertFalse(intents.pending("contacts", org, "crm").contains(lost), "done with its link");
            assertFalse(intents.pending("contacts", org, "crm").contains(made), "done with its link");
        }
        assertEquals(1, links(lost).size());
        assertEquals(deskId, links(made).path(0).path("deskId").asText());
    }

    /** Review item 4: a ticket the Desk refuses after the Desk contact was made says that the contact was. */
    @Test
    void aTicketRefusedAfterItsDeskContactWasCreatedSaysSo() throws Exception {
        String crmId = crmContact("Refused", "refused.ticket@example.org");
        HttpResponse<String> r = create(crmId, "{\"subject\":\"x\",\"priority\":\"Whenever\"}");
        assertEquals(422, r.statusCode(), r.body());
        String deskId = links(crmId).path(0).path("deskId").asText();
        assertFalse(deskId.isEmpty(), "the contact was linked");
        String message = JSON.readTree(r.body()).path("message").asText();
        assertTrue(message.contains("priority"), "the Desk's own message: " + message);
        assertTrue(
                message.endsWith("no ticket was made, but Desk contact " + deskId + " was created and linked to CRM"
                        + " contact " + crmId + " before, and stays so"),
                message);
    }

    /**
     * Review item 4: a Desk contact is created only where a contacts run would create one; one found by email is
     * linked whatever the sync's state or direction.
     */
    @Test
    void aDeskContactIsCreatedOnlyWhereTheContactsSyncWouldCreateOne(@TempDir Path other) throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(other);
        p.put("deskbridge.sync.contacts.direction", "none");
        try (RunningDeskbridge none = RunningDeskbridge.start(p)) {
            Sandbox sandbox = none.sandbox();
            String alice = "5725767000000412014";
            int contacts = sandbox.desk().contactCount();
            HttpResponse<String> r =
                    none.callWithBody("POST", "/api/crm/Contacts/" + alice + "/tickets", "{\"subject\":\"x\"}", TOKEN);
            assertEquals(422, r.statusCode(), r.body());
            assertTrue(
                    r.body().contains("the contacts sync's direction is none, which creates no Desk record")
                            && r.body().contains("nothing was written"),
                    r.body());
            assertEquals(contacts, sandbox.desk().contactCount());

            String deskId = sandbox.desk()
                    .createContact(
                            JSON.createObjectNode().put("lastName", "Brown").put("email", "x@y.example"))
                    .path("id")
                    .asText();
            String crmId = sandbox.crm()
                    .insert(
                            "Contacts",
                            JSON.createObjectNode().put("Last_Name", "Brown").put("Email", "x@y.example"))
                    .path("id")
                    .asText();
            HttpResponse<String> found =
                    none.callWithBody("POST", "/api/crm/Contacts/" + crmId + "/tickets", "{\"subject\":\"x\"}", TOKEN);
            assertEquals(201, found.statusCode(), "direction none still links: " + found.body());
            assertEquals(
                    deskId, JSON.readTree(found.body()).path("deskContactId").asText());

            assertEquals(
                    200,
                    none.call("POST", "/admin/syncs/contacts/disable", TOKEN).statusCode());
            int writes = (int) sandbox.requests().entries().stream()
                    .filter(e -> !e.system().equals("oauth") && !e.method().equals("GET"))
                    .count();
            HttpResponse<String> disabled =
                    none.callWithBody("POST", "/api/crm/Contacts/" + alice + "/tickets", "{\"subject\":\"x\"}", TOKEN);
            assertEquals(409, disabled.statusCode(), disabled.body());
            assertTrue(
                    disabled.body().contains("the contacts sync is DISABLED, so it creates none")
                            && disabled.body().contains("nothing was written"),
                    disabled.body());
            assertEquals(contacts + 1, sandbox.desk().contactCount());
            assertEquals(
                    writes,
                    sandbox.requests().entries().stream()
                            .filter(e ->
                                    !e.system().equals("oauth") && !e.method().equals("GET"))
                            .count());
            assertEquals(
                    0,
                    none.get("/admin/syncs/contacts/links?crmId=" + alice)
                            .path("items")
                            .size());
        }
    }

    private String crmContact(String lastName, String email) {
        return app.sandbox()
                .crm()
                .insert(
                        "Contacts",
                        JSON.createObjectNode().put("Last_Name", lastName).put("Email", email))
                .path("id")
                .asText();
    }

    private HttpResponse<String> reply(String ticketId, String body) throws Exception {
        return app.callWithBody("POST", "/api/tickets/" + ticketId + "/replies", body, TOKEN);
    }

    /** The thread as the sandbox's Desk holds it. */
    private ObjectNode sentThread(String ticketId, String threadId) {
        return app.sandbox().desk().tickets().threads(ticketId).stream()
                .filter(t -> t.path("id").asText().equals(threadId))
                .findFirst()
                .orElseThrow();
    }

    private HttpResponse<String> create(String crmId, String body) throws Exception {
        return app.callWithBody("POST", "/api/crm/Contacts/" + crmId + "/tickets", body, TOKEN);
    }

    /** The requests that may write (anything but GET) the sandbox has served so far, to the Desk or the CRM. */
    private int writes() {
        return (int) app.sandbox().requests().entries().stream()
                .filter(e -> !e.system().equals("oauth") && !e.method().equals("GET"))
                .count();
    }

    private JsonNode links(String crmId) throws Exception {
        return app.get("/admin/syncs/contacts/links?crmId=" + crmId).path("items");
    }

    /** The newest audit entry of this action on this target. */
    private JsonNode auditOf(String action, String target) throws Exception {
        for (JsonNode e : app.get("/admin/audit?limit=200").path("items")) {
            if (e.path("action").asText().equals(action)
                    && e.path("target").asText().equals(target)) {
                return e;
            }
        }
        throw new AssertionError("no audit entry " + action + " " + target);
    }
}
