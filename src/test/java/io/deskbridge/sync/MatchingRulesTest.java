package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router's matching rules on data made for each case, starting from an empty sandbox. */
class MatchingRulesTest {

    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    RunningDeskbridge start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        return RunningDeskbridge.start(p);
    }

    ObjectNode crm(Sandbox s, String last, String email, String secondary) {
        ObjectNode c = json.createObjectNode().put("Last_Name", last).put("Email", email);
        if (secondary != null) {
            c.put("Secondary_Email", secondary);
        }
        return s.crm().insert("Contacts", c);
    }

    Map<String, JsonNode> issuesByRecord(RunningDeskbridge app) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        app.get("/admin/syncs/contacts/errors")
                .path("items")
                .forEach(i -> out.put(i.path("recordId").asText(), i));
        return out;
    }

    @Test
    void anotherRecordsSecondaryEmailDoesNotBlockACreateInEitherOrder() throws Exception {
        try (RunningDeskbridge app = start()) {
            Sandbox s = app.sandbox();
            crm(s, "First", "p@example.com", null);
            crm(s, "Second", "q@example.com", "p@example.com");
            crm(s, "Third", "r@example.com", "s@example.com");
            crm(s, "Fourth", "s@example.com", null);
            JsonNode run = app.runAndWait("contacts");
            assertEquals(4, run.path("created").asInt(), run + " " + issuesByRecord(app));
            for (String e : new String[] {"p@example.com", "q@example.com", "r@example.com", "s@example.com"}) {
                assertEquals(
                        1,
                        s.desk().contacts().stream()
                                .filter(c -> c.path("email").asText().equals(e))
                                .count(),
                        e);
            }
        }
    }

    @Test
    void severalDeskRecordsWithTheEmailAreAConflictAndNothingIsWritten() throws Exception {
        try (RunningDeskbridge app = start()) {
            Sandbox s = app.sandbox();
            s.desk()
                    .createContact(
                            json.createObjectNode().put("lastName", "One").put("email", "twice@example.com"));
            s.desk()
                    .createContact(
                            json.createObjectNode().put("lastName", "Two").put("email", "TWICE@example.com"));
            String id = crm(s, "Crm", "twice@example.com", null).path("id").asText();
            JsonNode run = app.runAndWait("contacts");
            assertEquals(1, run.path("excluded").asInt(), run.toString());
            JsonNode issue = issuesByRecord(app).get(id);
            assertEquals("AMBIGUOUS_MATCH", issue.path("reasonCode").asText(), issue.toString());
            assertTrue(s.desk().contacts().stream()
                    .noneMatch(c -> c.path("lastName").asText().equals("Crm")));
        }
    }

    @Test
    void aDeskRecordLinkedElsewhereBlocksTheSamePrimaryEmail() throws Exception {
        try (RunningDeskbridge app = start()) {
            Sandbox s = app.sandbox();
            crm(s, "First", "first@example.com", null);
            assertEquals(1, app.runAndWait("contacts").path("created").asInt());
            // In the Desk, someone gives the linked contact another email; then a CRM contact arrives with
            // that email. The Desk contact stays with the CRM record it is linked to.
            String deskId = s.desk().contacts().get(0).path("id").asText();
            s.desk().updateContact(deskId, json.createObjectNode().put("email", "second@example.com"));
            String second =
                    crm(s, "Second", "second@example.com", null).path("id").asText();
            JsonNode run = app.runAndWait("contacts");
            assertEquals(1, run.path("excluded").asInt(), run.toString());
            JsonNode issue = issuesByRecord(app).get(second);
            assertEquals("ALREADY_LINKED", issue.path("reasonCode").asText(), issue.toString());
            assertTrue(issue.path("reason").asText().contains(deskId), issue.toString());
            assertEquals(1, s.desk().contactCount());
        }
    }
}
