package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links, watermarks and run history live in the state store: a restart carries on where it stopped. */
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedRuntimeCarriesOnWithoutRewritingAnything() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.data-dir", dir.resolve("data/sandbox").toString());
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        long firstRunId;
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode first = app.runAndWait("contacts");
            assertEquals(7, first.path("created").asInt(), first.toString());
            firstRunId = first.path("runId").asLong();
        }
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals(
                    firstRunId,
                    app.get("/admin/syncs/contacts")
                            .path("lastRun")
                            .path("runId")
                            .asLong());
            app.sandbox().requests().clear();
            JsonNode again = app.runAndWait("contacts");
            assertEquals(0, again.path("read").asInt(), again.toString());
            assertEquals(
                    0,
                    again.path("created").asInt()
                            + again.path("updated").asInt()
                            + again.path("linked").asInt());
            List<RequestLog.Entry> crm = app.sandbox().requests().entries().stream()
                    .filter(e -> e.system().equals("crm") && e.path().endsWith("/Contacts"))
                    .toList();
            assertEquals(
                    List.of(304), crm.stream().map(RequestLog.Entry::status).toList());
            assertEquals(
                    5, app.get("/admin/syncs/contacts/errors").path("items").size());
        }
    }
}
