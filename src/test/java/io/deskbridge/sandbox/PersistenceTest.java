package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file-backed sandbox keeps what was written over HTTP across close/reopen. */
class PersistenceTest {

    @TempDir
    Path dir;

    @Test
    void writesSurviveCloseAndReopen() throws Exception {
        String crmId;
        String deskId;
        String patchedModified;
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            String t = s.token();
            SandboxServer.Resp ins = s.send(
                    "POST",
                    "/sandbox/zoho/crm/v8/Contacts",
                    t,
                    "{\"data\":[{\"Last_Name\":\"永続\",\"First_Name\":\"保存\",\"Email\":\"persist@disk.example\"}]}");
            assertEquals(201, ins.status(), ins.body());
            crmId = ins.json().get("data").get(0).get("details").get("id").asText();
            SandboxServer.Resp c = s.send(
                    "POST",
                    "/sandbox/desk/api/v1/contacts",
                    t,
                    "{\"lastName\":\"Disk\",\"email\":\"disk@desk.example\"}",
                    "orgId",
                    "777001");
            assertEquals(200, c.status(), c.body());
            deskId = c.json().get("id").asText();
            SandboxServer.Resp p = s.send(
                    "PATCH",
                    "/sandbox/desk/api/v1/contacts/1892000000042035",
                    t,
                    "{\"mobile\":\"080-1234-5678\"}",
                    "orgId",
                    "777001");
            patchedModified = p.json().get("modifiedTime").asText();
            s.sandbox.crm().delete("Contacts", "5725767000000412009");
        }
        assertTrue(Files.exists(dir.resolve("sandbox.mv.db")));

        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            Sandbox sb = s.sandbox;
            assertEquals(14, sb.crm().count("Contacts"), "seed not repeated, one added, one deleted");
            ObjectNode crm = sb.crm().get("Contacts", crmId).orElseThrow();
            assertEquals("保存 永続", crm.get("Full_Name").asText());
            assertEquals("persist@disk.example", crm.get("Email").asText());
            assertEquals(
                    "Disk",
                    sb.desk().contact(deskId).orElseThrow().get("lastName").asText());
            assertEquals(
                    "080-1234-5678",
                    sb.desk()
                            .contact("1892000000042035")
                            .orElseThrow()
                            .get("mobile")
                            .asText());
            assertEquals(1, sb.desk().contactsWithEmail("DISK@desk.example").size());

            // indexes were rebuilt: time-range search and If-Modified-Since see the persisted state
            String t = s.token();
            String start = patchedModified;
            SandboxServer.Resp search = s.get(
                    "/sandbox/desk/api/v1/contacts/search?sortBy=modifiedTime" + "&modifiedTimeRange=" + start
                            + ",2030-01-01T00:00:00.000Z",
                    t,
                    "orgId",
                    "777001");
            assertEquals(200, search.status(), search.body());
            assertEquals(
                    "1892000000042035",
                    search.json().get("data").get(0).get("id").asText());
            SandboxServer.Resp since = s.get(
                    "/sandbox/zoho/crm/v8/Contacts?fields=Email&sort_by=Modified_Time" + "&sort_order=desc",
                    t,
                    "If-Modified-Since",
                    "2026-02-01T00:00:00Z");
            assertEquals(crmId, since.json().get("data").get(0).get("id").asText());
            SandboxServer.Resp deleted = s.get("/sandbox/zoho/crm/v8/Contacts/deleted", t);
            assertEquals(
                    "5725767000000412009",
                    deleted.json().get("data").get(0).get("id").asText());

            // id sequences continue after a restart
            SandboxServer.Resp ins =
                    s.send("POST", "/sandbox/zoho/crm/v8/Contacts", t, "{\"data\":[{\"Last_Name\":\"Next\"}]}");
            String next = ins.json().get("data").get(0).get("details").get("id").asText();
            assertNotEquals(crmId, next);
            assertTrue(Long.parseLong(next) > Long.parseLong(crmId));
            JsonNode d2 = s.send(
                            "POST", "/sandbox/desk/api/v1/contacts", t, "{\"lastName\":\"Next\"}", "orgId", "777001")
                    .json();
            assertTrue(Long.parseLong(d2.get("id").asText()) > Long.parseLong(deskId));
        }
    }
}
