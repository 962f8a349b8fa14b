package io.deskbridge.sync.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.DeskTickets;
import io.deskbridge.store.SignalOutbox;
import io.deskbridge.store.SignalOutbox.Destination;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 6: the Desk's history is not news. The first run fills the mirror without signals, and a first run cut
 * short after some pages does not turn the rest of the history into new-ticket signals on the next run.
 */
class TicketsFirstRunTest {

    @TempDir
    Path dir;

    @Test
    void aFirstRunCutShortQueuesNoSignalForTheHistory() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            DeskTickets desk = app.sandbox().desk().tickets();
            List<String> history = desk.generate(300);
            // A status the mirror cannot hold (over 200 characters) fails the page that carries it: the last one.
            String tooLong = "Waiting for a reply from the vendor ".repeat(8);
            desk.addStatus(tooLong, "On Hold");
            desk.update(history.get(150), new ObjectMapper().createObjectNode().put("status", tooLong));
            JsonNode cut = app.runAndWait("tickets");
            assertEquals("FAILED", cut.path("status").asText(), cut.toString());
            assertTrue(cut.path("created").asInt() >= 100, "the first pages were committed: " + cut);

            desk.update(history.get(150), new ObjectMapper().createObjectNode().put("status", "Open"));
            desk.create(new ObjectMapper()
                    .createObjectNode()
                    .put("subject", "Opened after the sync began to watch")
                    .put("departmentId", "1892000000006907")
                    .put(
                            "contactId",
                            desk.ticket(history.get(0))
                                    .orElseThrow()
                                    .path("contactId")
                                    .asText()));
            JsonNode rest = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", rest.path("status").asText(), rest.toString());
            assertTrue(rest.path("created").asInt() > 1, "the rest of the history and the new ticket: " + rest);
            assertEquals(309, cut.path("created").asInt() + rest.path("created").asInt());
            SignalOutbox outbox = app.context().getRegistry().lookupByNameAndType("signalOutbox", SignalOutbox.class);
            List<SignalOutbox.Pending> queued = outbox.pending(Destination.CRM_SIGNALS, 1000);
            assertEquals(1, queued.size(), "only the ticket opened since: " + queued);
            assertTrue(
                    queued.get(0).event().subject().endsWith(": Opened after the sync began to watch"),
                    queued.get(0).event().subject());
        }
    }
}
