package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.Map;
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
            ObjectNode idn = sandbox.crm().insert("Contacts", json.createObjectNode()
                    .put("Last_Name", "国際").put("Email", "user@例え.jp"));
            String id = idn.path("id").asText();

            JsonNode first = app.runAndWait("contacts");
            assertEquals("PARTIAL", first.path("status").asText(), first.toString());
            assertEquals(1, first.path("failed").asInt());
            assertTrue(first.path("created").asInt() > 0, "the other records went through: " + first);
            JsonNode failure = failureOf(app, id);
            assertEquals("INVALID_DATA", failure.path("reasonCode").asText(), failure.toString());
            assertTrue(failure.path("reason").asText().contains("/email"), failure.toString());
            assertEquals(1, app.get("/admin/syncs/contacts").path("records").path("failing").asInt());

            JsonNode retry = app.runAndWait("contacts");
            assertEquals(1, retry.path("read").asInt(), "the failed record is retried: " + retry);
            assertEquals(1, retry.path("failed").asInt());
            assertEquals(2, failureOf(app, id).path("attempts").asInt());

            JsonNode parked = app.runAndWait("contacts");
            assertEquals(0, parked.path("read").asInt(), "after max-attempts it waits for a change or a replay: " + parked);

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
            assertEquals(0, app.get("/admin/syncs/contacts/errors").path("items").size());
            assertTrue(app.get("/admin/syncs/contacts").path("runningRunId").isNull(), "the lease is released");
            assertEquals("FAILED", app.runAndWait("contacts").path("status").asText(), "and the next run may start");
        }
    }

    @Test
    void directionNoneRunsNothing() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.direction", "none");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            var r = app.call("POST", "/admin/syncs/contacts/run", RunningDeskbridge.TOKEN);
            assertEquals(409, r.statusCode());
            assertTrue(r.body().contains("direction none"), r.body());
            assertEquals("none", app.get("/admin/syncs/contacts").path("direction").asText());
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
