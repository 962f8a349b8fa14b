package io.deskbridge.sync.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 16 through the runtime: with the sandbox's page_token limit lowered from Zoho's 100,000 to 400,
 * every CRM contact reaches the Desk, and a read that cannot go on fails its run without losing a record.
 */
class PageTokenLimitSyncTest {

    @TempDir
    Path dir;

    Map<String, String> props() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.seed-demo-data", "false");
        p.put("deskbridge.sandbox.crm.page-token-limit", "400");
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        return p;
    }

    @Test
    void everyContactArrivesAcrossThePageTokenLimit() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            app.sandbox().crm().generateContacts(1_500, "across");
            Thread.sleep(1_100);
            JsonNode run = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(1_500, run.path("created").asInt(), run.toString());
            assertEquals(1_500, distinctDeskEmails(app));
        }
    }

    @Test
    void aSecondTooFullForOneWalkFailsTheRunAndTheWatermarkWaitsForItsRecords() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(props())) {
            app.sandbox().crm().generateContacts(1_000, "spread");
            app.sandbox().crm().generateContacts(600, "same", 1_000);
            Thread.sleep(2_100);
            JsonNode failed = app.runAndWait("contacts");
            assertEquals("FAILED", failed.path("status").asText(), failed.toString());
            assertTrue(failed.path("message").asText().contains("share the Modified_Time"), failed.toString());

            // Once the walk can hold that second, the next run finds every record the failed one did not stage.
            app.sandbox().crm().setPageTokenLimit(100_000);
            JsonNode next = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", next.path("status").asText(), next.toString());
            assertEquals(
                    1_600,
                    distinctDeskEmails(app),
                    app.get("/admin/syncs/contacts").toString());
        }
    }

    static int distinctDeskEmails(RunningDeskbridge app) {
        Set<String> emails = new HashSet<>();
        app.sandbox()
                .desk()
                .contacts()
                .forEach(c -> assertTrue(emails.add(c.path("email").asText()), "twice: " + c));
        return emails.size();
    }
}
