package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record the Desk refuses fails alone: the run goes on, the record is kept with the reason and retried. */
class RecordFailureTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedRecordIsKeptRetriedAndSyncsOnceItsCauseIsFixed() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.max-attempts", "2");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox sandbox = app.sandbox();
            ObjectMapper json = new ObjectMapper();
            // A valid internationalised address that this Desk refuses (it accepts ASCII addresses only).
            ObjectNode idn = sandbox.crm()
                    .insert(
                            "Contacts",
                            json.createObjectNode().put("Last_Name", "国際").put("Email", "user@例え.jp"));
            String id = idn.path("id").asText();

            JsonNode first = app.runAndWait("contacts");
            assertEquals("PARTIAL", first.path("status").asText(), first.toString());
            assertEquals(1, first.path("failed").asInt());
            assertTrue(first.path("created").asInt() > 0, "the other records went through: " + first);
            JsonNode failure = failureOf(app, id);
            assertEquals("INVALID_DATA", failure.path("reasonCode").asText(), failure.toString());
            assertTrue(failure.path("reason").asText().contains("/email"), failure.toString());
            assertEquals(
                    1,
                    app.get("/admin/syncs/contacts")
                            .path("records")
                            .path("failing")
                            .asInt());

            JsonNode retry = app.runAndWait("contacts");
            assertEquals(1, retry.path("read").asInt(), "the failed record is retried: " + retry);
            assertEquals(1, retry.path("failed").asInt());
            assertEquals(2, failureOf(app, id).path("attempts").asInt());

            JsonNode parked = app.runAndWait("contacts");
            assertEquals(
                    0, parked.path("read").asInt(), "after max-attempts it waits for a change or a replay: " + parked);

            sandbox.crm().update("Contacts", id, json.createObjectNode().put("Email", "user@example.jp"));
            JsonNode fixed = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", fixed.path("status").asText(), fixed.toString());
            assertEquals(1, fixed.path("created").asInt());
            assertEquals(1, sandbox.desk().contactsWithEmail("user@example.jp").size());
            assertTrue(failureOf(app, id).isMissingNode(), "the error is gone once the record syncs");
        }
    }

    @Test
    void refusedCredentialsFailTheRunWithAClearMessageAndBlameNoRecord() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.desk.refresh-token", "1000.revoked");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode run = app.runAndWait("contacts");
            assertEquals("FAILED", run.path("status").asText(), run.toString());
            assertTrue(run.path("message").asText().contains("invalid_code"), run.toString());
            assertEquals(0, run.path("failed").asInt());
            assertEquals(
                    0, app.get("/admin/syncs/contacts/errors").path("items").size());
            assertTrue(app.get("/admin/syncs/contacts").path("runningRunId").isNull(), "the lease is released");
            assertEquals("FAILED", app.runAndWait("contacts").path("status").asText(), "and the next run may start");
        }
    }

    /**
     * Through the real routes: linking a record updates the Desk record there and then, in the record's own route. A
     * 422 INVALID_DATA there fails only that record; a 401 that survives the token refresh there ends the run, and
     * blames no record: they all wait for the next run.
     */
    @Test
    void aRefusedLinkFailsAloneWhileA401ThatSurvivesTheRefreshEndsTheRun() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            Sandbox sandbox = app.sandbox();
            ObjectMapper json = new ObjectMapper();
            String refused = pair(sandbox, json, "refused@example.com", "user@例え.jp");
            String linked = pair(sandbox, json, "linked@example.com", null);

            JsonNode first = app.runAndWait("contacts");
            assertEquals("PARTIAL", first.path("status").asText(), first.toString());
            assertEquals(1, first.path("failed").asInt(), first.toString());
            assertEquals(1, first.path("linked").asInt(), first.toString());
            assertEquals(
                    "INVALID_DATA",
                    failureOf(app, refused).path("reasonCode").asText(),
                    failureOf(app, refused).toString());
            assertEquals(
                    "Crm",
                    sandbox.desk()
                            .contactsWithEmail("linked@example.com")
                            .get(0)
                            .path("lastName")
                            .asText());

            // From the first record of the next run on, every Desk token is revoked before the call it carries.
            String late = pair(sandbox, json, "late@example.com", null);
            AtomicBoolean armed = new AtomicBoolean(true);
            AdviceWith.adviceWith(
                    app.context(),
                    "sync-record",
                    route -> route.weaveAddFirst().process(e -> {
                        if (armed.getAndSet(false)) {
                            sandbox.faults()
                                    .set("desk", FaultPlan.parse(Map.of(FaultPlan.TOKEN_REVOCATIONS, "1"), "desk."));
                        }
                    }));
            JsonNode stopped = app.runAndWait("contacts");
            assertEquals("FAILED", stopped.path("status").asText(), stopped.toString());
            assertTrue(
                    stopped.path("message").asText().contains("INVALID_OAUTH")
                            || stopped.path("message").asText().contains("401"),
                    stopped.toString());
            assertEquals(0, stopped.path("failed").asInt(), "no record is blamed: " + stopped);
            assertEquals(
                    1,
                    failureOf(app, refused).path("attempts").asInt(),
                    failureOf(app, refused).toString());
            assertEquals(
                    "Desk",
                    sandbox.desk()
                            .contactsWithEmail("late@example.com")
                            .get(0)
                            .path("lastName")
                            .asText());

            sandbox.faults().clear();
            JsonNode next = app.runAndWait("contacts");
            assertEquals(2, next.path("read").asInt(), "both records waited for this run: " + next);
            assertEquals(1, next.path("linked").asInt(), next.toString());
            assertEquals(
                    "Crm",
                    sandbox.desk()
                            .contactsWithEmail("late@example.com")
                            .get(0)
                            .path("lastName")
                            .asText());
            assertEquals(
                    2,
                    failureOf(app, refused).path("attempts").asInt(),
                    failureOf(app, refused).toString());
            assertTrue(failureOf(app, linked).isMissingNode());
        }
    }

    /** A Desk contact and a CRM contact with one email, not linked yet; the CRM contact's id. */
    private static String pair(Sandbox sandbox, ObjectMapper json, String email, String secondaryEmail) {
        sandbox.desk()
                .createContact(json.createObjectNode().put("lastName", "Desk").put("email", email));
        ObjectNode crm = json.createObjectNode().put("Last_Name", "Crm").put("Email", email);
        if (secondaryEmail != null) {
            crm.put("Secondary_Email", secondaryEmail);
        }
        return sandbox.crm().insert("Contacts", crm).path("id").asText();
    }

    /** Issue 15 item 2 changed this: a none run is no longer refused (409); it links and writes nothing. */
    @Test
    void directionNoneRunsAndWritesNothing() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.direction", "none");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode run = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(0, run.path("created").asInt() + run.path("updated").asInt(), run.toString());
            assertEquals(
                    "none", app.get("/admin/syncs/contacts").path("direction").asText());
        }
    }

    private static JsonNode failureOf(RunningDeskbridge app, String recordId) throws Exception {
        for (JsonNode i : app.get("/admin/syncs/contacts/errors?kind=FAILED").path("items")) {
            if (i.path("recordId").asText().equals(recordId)) {
                return i;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
