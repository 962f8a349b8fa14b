package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.store.NodeName;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, item 2: a run records the node that ran it, and the admin API shows it with the run. */
class RunNodeTest {

    @TempDir
    Path dir;

    @Test
    void aRunShowsTheNodeThatRanItByDefaultTheHostAndTheDataFoldersSlotId() throws Exception {
        Path dataDir = dir.resolve("data");
        String byDefault;
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            byDefault = NodeName.hostName() + "-"
                    + Files.readString(dataDir.resolve(NodeName.FOLDER).resolve("slot-1.id"))
                            .trim();
            JsonNode run = app.runAndWait("accounts");
            assertEquals(byDefault, run.path("node").asText(), run.toString());
            assertEquals(
                    byDefault,
                    app.get("/admin/syncs/accounts")
                            .path("lastRun")
                            .path("node")
                            .asText());
            assertEquals(
                    byDefault,
                    app.get("/admin/syncs/accounts/runs")
                            .path("items")
                            .path(0)
                            .path("node")
                            .asText());
        }
        try (NodeName after = NodeName.resolve(null, dataDir, NodeName::hostName)) {
            assertEquals(byDefault, after.name(), "a stopped runtime lets its slot go");
        }

        Map<String, String> named = RunningDeskbridge.defaults(dir);
        named.put(NodeName.KEY, "node-b");
        try (RunningDeskbridge app = RunningDeskbridge.start(named)) {
            JsonNode run = app.runAndWait("accounts");
            assertEquals("node-b", run.path("node").asText(), run.toString());
            JsonNode first =
                    app.get("/admin/syncs/accounts/runs/" + (run.path("runId").asLong() - 1));
            assertEquals(byDefault, first.path("node").asText(), "the earlier run keeps its node: " + first);
            assertTrue(app.get("/admin/syncs/accounts").path("lastRun").has("node"));
        }
    }
}
