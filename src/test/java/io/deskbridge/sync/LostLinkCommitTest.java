package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.Database;
import io.deskbridge.store.Intents;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of Desk creates went out and the commit of their links was lost (a crash, a restarted database): the next
 * run finds each such contact in its Desk pull, links it instead of creating it again, and its write intent is done
 * with the link (issue 17, item 5: nothing half-written is left behind).
 */
class LostLinkCommitTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aContactCreatedWithoutItsLinkIsLinkedOnceAndItsIntentIsDone() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.sandbox().crm().generateContacts(3, "lost");
            ObjectNode made = app.sandbox().crm().list("Contacts").stream()
                    .filter(c -> c.path("Email").asText().equals("lost1@bulk.example"))
                    .findFirst()
                    .orElseThrow();
            String org = app.context().resolvePropertyPlaceholders("{{deskbridge.desk.org-id}}");
            // What the lost batch left: its intent, and the contact the Desk made.
            try (Database db = TestDatabase.storeFor(dir.resolve("data")).open()) {
                new Intents(db.jdbc(), Clock.systemUTC())
                        .recordAll(
                                "contacts", org, "crm", List.of(made.path("id").asText()));
            }
            app.sandbox()
                    .desk()
                    .createContact(JSON.createObjectNode()
                            .put("firstName", "Bulk")
                            .put("lastName", "Contact 1")
                            .put("email", "lost1@bulk.example"));

            JsonNode run = app.runAndWait("contacts");

            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(2, run.path("created").asInt(), run.toString());
            assertEquals(1, run.path("linked").asInt(), run.toString());
            assertEquals(3, app.sandbox().desk().contactCount(), "no contact made twice");
            try (Database db = TestDatabase.storeFor(dir.resolve("data")).open()) {
                assertEquals(
                        List.of(),
                        db.jdbc().query("SELECT source_id FROM write_intent", rs -> rs.getString(1)),
                        "the intent of the contact found and linked is done");
            }
        }
    }
}
