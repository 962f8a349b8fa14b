package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file-backed sandbox keeps tickets, their activity, statuses, deals and received signals across a reopen. */
class TicketsPersistenceTest {

    @TempDir
    Path dir;

    static final String REPLY =
            "{\"channel\":\"EMAIL\",\"content\":\"Answer\",\"fromEmailAddress\":\"support@sandbox.example\"}";

    @Test
    void ticketsActivityDealsAndSignalsSurviveCloseAndReopen() throws Exception {
        String ticketId;
        String modified;
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            SandboxServer.Resp created = s.desk(
                    "POST",
                    "/tickets",
                    "{\"subject\":\"Kept on disk\",\"departmentId\":\"" + DeskTickets.DEPARTMENT_ID
                            + "\",\"contactId\":\"1892000000042035\",\"description\":\"First\"}");
            assertEquals(200, created.status(), created.body());
            ticketId = created.json().get("id").asText();
            assertEquals(
                    200,
                    s.desk("POST", "/tickets/" + ticketId + "/sendReply", REPLY).status());
            assertEquals(
                    200,
                    s.desk("POST", "/tickets/" + ticketId + "/comments", "{\"content\":\"Note\"}")
                            .status());
            modified = s.desk("GET", "/tickets/" + ticketId, null)
                    .json()
                    .get("modifiedTime")
                    .asText();
            s.sandbox.desk().tickets().addStatus("Waiting on vendor", "On Hold");
            s.sandbox.desk().tickets().rate(ticketId, "GOOD", "Thanks");
            assertEquals(
                    200,
                    s.send(
                                    "POST",
                                    CrmSignalsApiTest.NOTIFY,
                                    s.token(),
                                    "{\"signals\":["
                                            + CrmSignalsApiTest.signal(
                                                    "\"id\":\"5725767000000414002\"", "Kept", "On disk")
                                            + "]}")
                            .status());
        }
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(dir.toString(), true))) {
            DeskTickets tickets = s.sandbox.desk().tickets();
            assertEquals(
                    9, tickets.count(), "eight seeded (and one in the trash), one added; the seed is not repeated");
            JsonNode t = tickets.ticket(ticketId).orElseThrow();
            assertEquals("2", t.get("threadCount").asText());
            assertEquals("1", t.get("commentCount").asText());
            assertTrue(t.get("modifiedTime").asText().compareTo(modified) >= 0, "the rating moved it");
            assertEquals(
                    List.of("in", "out"),
                    tickets.threads(ticketId).stream()
                            .map(x -> x.get("direction").asText())
                            .toList());
            assertEquals(
                    "Note", tickets.comments(ticketId).get(0).get("content").asText());
            assertEquals(4, tickets.ratings().size());
            assertTrue(tickets.statuses().stream()
                    .anyMatch(x -> x.get("value").asText().equals("Waiting on vendor")));
            assertEquals(2, s.sandbox.crm().count("Deals"));
            assertEquals(
                    "Kept",
                    s.sandbox.crm().signals().received().get(0).get("subject").asText());
            SandboxServer.Resp reply = s.desk("POST", "/tickets/" + ticketId + "/sendReply", REPLY);
            assertEquals(200, reply.status(), reply.body());
            assertTrue(
                    Long.parseLong(reply.json().get("id").asText()) > 1892000001000000L,
                    "ids continue after the reopen");
            assertTrue(reply.json().get("createdTime").asText().compareTo(modified) >= 0);
        }
    }
}
