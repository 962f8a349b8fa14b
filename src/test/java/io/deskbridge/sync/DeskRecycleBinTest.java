package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.RequestLog;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 4: a Desk recycle bin holding thousands of records is not read again in full on every run. */
class DeskRecycleBinTest {

    static final String MARY_DESK = TwoWayTest.MARY_DESK;
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    RunningDeskbridge startWithFullTrash() throws Exception {
        RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir));
        app.sandbox().desk().addTrashedContacts(3000, Duration.ofMinutes(5));
        TwoWayTest.syncAll(app);
        return app;
    }

    static List<RequestLog.Entry> calls(Sandbox s, String system) {
        return s.requests().entries().stream()
                .filter(e -> e.system().equals(system))
                .toList();
    }

    @Test
    void aRunWithNoChangeMakesAtMostTwoCallsPerSystemWith3000TrashedContacts() throws Exception {
        try (RunningDeskbridge app = startWithFullTrash()) {
            Sandbox s = app.sandbox();
            app.runAndWait("contacts");
            s.requests().clear();
            JsonNode run = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertTrue(run.path("apiCalls").path("desk").path("calls").asInt() <= 2, "Desk calls: " + run);
            assertTrue(run.path("apiCalls").path("crm").path("calls").asInt() <= 2, "CRM calls: " + run);
            List<RequestLog.Entry> desk = calls(s, "desk");
            assertTrue(desk.size() <= 2, "the sandbox saw these Desk calls: " + desk);
            assertEquals(
                    1,
                    desk.stream().filter(e -> e.path().endsWith("/recycleBin")).count(),
                    desk.toString());
            assertTrue(calls(s, "crm").size() <= 2, "the sandbox saw these CRM calls: " + calls(s, "crm"));
        }
    }

    @Test
    void aContactTrashedAfterTheLastRunIsStillReportedDeleted() throws Exception {
        try (RunningDeskbridge app = startWithFullTrash()) {
            Sandbox s = app.sandbox();
            s.desk().trashContacts(List.of(MARY_DESK));
            JsonNode run = app.runAndWait("contacts");
            assertEquals(1, run.path("deleted").asInt(), run.toString());
            JsonNode issue = app.get("/admin/syncs/contacts/errors?kind=DELETED")
                    .path("items")
                    .get(0);
            assertEquals(MARY_DESK, issue.path("recordId").asText(), issue.toString());
            assertTrue(issue.path("reason").asText().contains("left as it is"), "deletes = keep by default: " + issue);
            assertTrue(s.crm().get("Contacts", TwoWayTest.MARY).isPresent(), "the CRM record is kept");
            assertEquals(0, app.runAndWait("contacts").path("deleted").asInt(), "reported once");
        }
    }

    @Test
    void manyTrashedBetweenTwoRunsAreAllNoticedAcrossPages() throws Exception {
        try (RunningDeskbridge app = startWithFullTrash()) {
            Sandbox s = app.sandbox();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                ids.add(s.desk()
                        .createContact(json.createObjectNode()
                                .put("lastName", "Bin " + i)
                                .put("email", "bin." + i + "@recycle-run.example"))
                        .path("id")
                        .asText());
            }
            TwoWayTest.syncAll(app);
            s.desk().trashContacts(ids);
            s.requests().clear();
            JsonNode run = app.runAndWait("contacts");
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(250, run.path("deleted").asInt(), run.toString());
            Set<String> reported = new HashSet<>();
            for (JsonNode i : app.get("/admin/syncs/contacts/errors?kind=DELETED&limit=500")
                    .path("items")) {
                reported.add(i.path("recordId").asText());
            }
            assertTrue(
                    reported.containsAll(ids),
                    "not reported: "
                            + ids.stream().filter(id -> !reported.contains(id)).toList());
            long binReads = calls(s, "desk").stream()
                    .filter(e -> e.path().endsWith("/recycleBin"))
                    .count();
            assertTrue(
                    binReads >= 3 && binReads <= 4, "250 new in the bin are 3 pages, not the whole bin: " + binReads);
            assertEquals(0, app.runAndWait("contacts").path("deleted").asInt(), "reported once");
        }
    }
}
