package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 6: {@code deskbridge.sandbox.crm-product=bigin} makes the out-of-the-box run use Bigin: every sync
 * activates and runs against the sandbox's {@code /bigin/v2}, and nothing calls the CRM's {@code /crm/} paths (Bigin has
 * no Signals API, so the signals of the shipped settings go to the Camel destination only).
 */
class BiginSandboxRunTest {

    @TempDir
    Path dir;

    @Test
    void theShippedSettingsRunEverySyncAgainstBigin() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.crm-product", "bigin"); // and deskbridge.crm.product follows it
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            for (String sync : List.of("accounts", "contacts", "products", "tickets")) {
                assertEquals(
                        200,
                        app.call("POST", "/admin/syncs/" + sync + "/pause", RunningDeskbridge.TOKEN)
                                .statusCode());
                HttpResponse<String> activated =
                        app.call("POST", "/admin/syncs/" + sync + "/activate", RunningDeskbridge.TOKEN);
                assertEquals(200, activated.statusCode(), sync + ": " + activated.body());
                JsonNode run = app.runAndWait(sync);
                assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            }
            JsonNode tickets = app.runAndWait("tickets");
            assertEquals("SUCCEEDED", tickets.path("status").asText(), tickets.toString());
            List<RequestLog.Entry> crm = app.sandbox().requests().entries().stream()
                    .filter(e -> e.system().equals("crm"))
                    .toList();
            assertTrue(crm.size() > 0, "the CRM side was read");
            assertTrue(
                    crm.stream().allMatch(e -> e.path().startsWith("/sandbox/zoho/bigin/v2/")),
                    "every CRM call went to Bigin: " + crm);
        }
    }
}
