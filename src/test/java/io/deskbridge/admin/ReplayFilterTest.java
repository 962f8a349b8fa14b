package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay-all by reason code (whatever the kind), and a body with a key it does not know (issue 10, item 11). */
class ReplayFilterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NO_EMAIL = "5725767000000412007";
    static final String REPLAY = "/admin/syncs/contacts/errors/replay";

    @TempDir
    Path dir;

    @Test
    void aReasonCodeAloneReplaysThatReasonWhateverItsKind() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.direction", "crm-to-desk");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            app.runAndWait("contacts");
            JsonNode excluded =
                    app.get("/admin/syncs/contacts/errors?reasonCode=NO_EMAIL").path("items");
            assertEquals(1, excluded.size(), excluded.toString());
            assertEquals("EXCLUDED", excluded.get(0).path("kind").asText());

            HttpResponse<String> byQuery = app.call("POST", REPLAY + "?reasonCode=NO_EMAIL", RunningDeskbridge.TOKEN);
            assertEquals(202, byQuery.statusCode(), byQuery.body());
            JsonNode answer = JSON.readTree(byQuery.body());
            assertEquals(1, answer.path("replayed").asInt(), answer.toString());
            JsonNode run = LifecycleTest.awaitRun(app, answer.path("runId").asLong());
            assertEquals(1, run.path("read").asInt(), "the replayed record, and only it, went through again: " + run);
            assertEquals(1, run.path("excluded").asInt(), "still without an email: " + run);

            HttpResponse<String> byBody =
                    app.callWithBody("POST", REPLAY, "{\"reasonCode\":\"NO_EMAIL\"}", RunningDeskbridge.TOKEN);
            assertEquals(202, byBody.statusCode(), byBody.body());
            JsonNode second = JSON.readTree(byBody.body());
            assertEquals(1, second.path("replayed").asInt(), second.toString());
            LifecycleTest.awaitRun(app, second.path("runId").asLong());

            HttpResponse<String> failedOnly =
                    app.call("POST", REPLAY + "?kind=FAILED&reasonCode=NO_EMAIL", RunningDeskbridge.TOKEN);
            assertEquals(
                    0,
                    JSON.readTree(failedOnly.body()).path("replayed").asInt(),
                    "a kind given still filters: " + failedOnly.body());
        }
    }

    @Test
    void anUnknownKeyInTheBodyIsRefusedByName() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            HttpResponse<String> typo =
                    app.callWithBody("POST", REPLAY, "{\"knd\":\"CONFLICT\"}", RunningDeskbridge.TOKEN);
            assertEquals(400, typo.statusCode(), typo.body());
            String message = JSON.readTree(typo.body()).path("message").asText();
            assertTrue(
                    message.contains("'knd'") && message.contains("kind") && message.contains("reasonCode"), message);
            assertEquals(0, app.get("/admin/syncs/contacts/runs").path("total").asInt(), "nothing was replayed or run");

            HttpResponse<String> twice = app.callWithBody(
                    "POST", REPLAY + "?kind=FAILED", "{\"kind\":\"CONFLICT\"}", RunningDeskbridge.TOKEN);
            assertEquals(400, twice.statusCode(), "which kind was meant is not known: " + twice.body());
            assertTrue(JSON.readTree(twice.body()).path("message").asText().contains("kind"), twice.body());
        }
    }
}
