package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.sandbox.AgentDirectory;
import io.deskbridge.sandbox.AgentDirectory.HandOverScenario;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, items 3 and 4, end to end: the real runtime hands an agent's work over in the sandbox Desk over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandOverTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = RunningDeskbridge.TOKEN;
    static final String VIEWER = "viewer-token-0123456789abcdef";

    @TempDir
    static Path dir;

    RunningDeskbridge app;
    AgentDirectory agents;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", VIEWER);
        p.put("deskbridge.handover.cron", "0/1 * * * * ?");
        app = RunningDeskbridge.start(p);
        agents = app.sandbox().desk().agents();
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    private HttpResponse<String> post(String agent, String action, String body, boolean dryRun, String token)
            throws Exception {
        return app.callWithBody(
                "POST", "/admin/agents/" + agent + "/" + action + (dryRun ? "?dryRun=true" : ""), body, token);
    }

    private static String body(String tickets, String activities, String more) {
        return "{\"tickets\":\"" + tickets + "\",\"activities\":\"" + activities + "\"" + more + "}";
    }

    private JsonNode finished(long jobId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = app.get("/admin/jobs/" + jobId);
            if (Set.of("DONE", "BLOCKED", "FAILED").contains(job.path("state").asText())) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish in 60 s");
    }

    private String assignee(String ticketId) {
        return app.sandbox()
                .desk()
                .tickets()
                .ticket(ticketId)
                .orElseThrow()
                .path("assigneeId")
                .asText(null);
    }

    @Test
    void aDryRunChangesNothingAndPredictsExactlyWhatTheJobDoes() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(700, 500, 3);
        String both = s.targetInBoth();
        String supportOnly = s.targetSupportOnly();
        String request = body("round-robin:" + supportOnly + "," + both, both, "");

        HttpResponse<String> dry = post(s.leaving(), "deactivate", request, true, TOKEN);
        assertEquals(200, dry.statusCode(), dry.body());
        JsonNode plan = JSON.readTree(dry.body());
        assertTrue(plan.path("dryRun").asBoolean());
        assertTrue(plan.path("jobId").isNull());
        assertEquals(1200, plan.path("tickets").asInt(), "1,200 open tickets in two departments; the closed stay");
        assertEquals(18, plan.path("activities").asInt());
        assertEquals(0, plan.path("left").size(), "Sales tickets go to the target in both departments");
        for (JsonNode m : plan.path("moves")) {
            if (m.path("departmentId").asText().equals(AgentDirectory.SALES)) {
                assertEquals(both, m.path("target").asText(), m.toString());
            }
        }
        assertEquals(
                350, plan.path("perTarget").path(supportOnly).path("tickets").asInt());
        assertEquals(850, plan.path("perTarget").path(both).path("tickets").asInt());
        // the dry run changed nothing
        for (String t : s.supportTickets()) {
            assertEquals(s.leaving(), assignee(t));
        }
        assertEquals("ACTIVE", agents.status(s.leaving()));
        assertTrue(agents.ticketAssignments().keySet().stream().noneMatch(s.salesTickets()::contains));

        HttpResponse<String> real = post(s.leaving(), "deactivate", request, false, TOKEN);
        assertEquals(202, real.statusCode(), real.body());
        JsonNode started = JSON.readTree(real.body());
        assertEquals(plan.path("moves"), started.path("moves"), "the job's plan is the dry run's");
        JsonNode job = finished(started.path("jobId").asLong());

        assertEquals("DONE", job.path("state").asText(), job.toString());
        assertEquals(1218, job.path("moved").asInt());
        assertEquals(0, job.path("left").asInt());
        assertEquals(0, job.path("failed").asInt());
        for (JsonNode m : plan.path("moves")) {
            String id = m.path("id").asText();
            if (m.path("kind").asText().equals("TICKET")) {
                assertEquals(m.path("target").asText(), assignee(id), "ticket " + id);
                assertEquals(1, agents.ticketAssignments().get(id), "ticket " + id + " sent once");
            } else {
                assertEquals(
                        m.path("target").asText(),
                        agents.activity(id).orElseThrow().path("ownerId").asText(),
                        "activity " + id);
            }
        }
        for (String t : s.closedTickets()) {
            assertEquals(s.leaving(), assignee(t), "a closed ticket stays");
        }
        assertEquals("DISABLED", agents.status(s.leaving()));
        JsonNode audit = app.get("/admin/audit?limit=5").path("items");
        JsonNode entry = null;
        for (JsonNode e : audit) {
            if (e.path("target").asText().equals("agents/" + s.leaving())
                    && e.path("status").asInt() == 202) {
                entry = e;
            }
        }
        assertTrue(entry != null, audit.toString());
        assertEquals("deactivate agent", entry.path("action").asText());
        assertEquals(job.path("requestedBy").asText(), entry.path("token").asText());
        assertEquals(202, entry.path("status").asInt());
    }

    @Test
    void aTicketNoTargetCanTakeIsReportedAndBlocksTheDeactivation() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(4, 3, 1);
        HttpResponse<String> r =
                post(s.leaving(), "deactivate", body(s.targetSupportOnly(), s.targetInBoth(), ""), false, TOKEN);
        assertEquals(202, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertTrue(answer.path("blocked").asBoolean());
        assertEquals(3, answer.path("left").size());
        assertTrue(
                answer.path("left")
                        .get(0)
                        .path("reason")
                        .asText()
                        .contains("is not in department " + AgentDirectory.SALES),
                answer.toString());

        JsonNode job = finished(answer.path("jobId").asLong());
        assertEquals("BLOCKED", job.path("state").asText(), job.toString());
        assertEquals(3, job.path("left").asInt());
        assertEquals(3, job.path("items").size());
        assertEquals("ACTIVE", agents.status(s.leaving()), "not deactivated while tickets are left");
        for (String t : s.salesTickets()) {
            assertEquals(s.leaving(), assignee(t));
        }
        for (String t : s.supportTickets()) {
            assertEquals(s.targetSupportOnly(), assignee(t));
        }

        HttpResponse<String> forced = post(
                s.leaving(),
                "deactivate",
                body(s.targetSupportOnly(), s.targetInBoth(), ",\"force\":true"),
                false,
                TOKEN);
        assertEquals(202, forced.statusCode(), forced.body());
        JsonNode done = finished(JSON.readTree(forced.body()).path("jobId").asLong());
        assertEquals("DONE", done.path("state").asText(), done.toString());
        assertEquals(3, done.path("leftUnassigned").asInt());
        for (String t : s.salesTickets()) {
            assertEquals(null, assignee(t), "force leaves it unassigned");
        }
        assertEquals("DISABLED", agents.status(s.leaving()));
    }

    @Test
    void aLightAgentTargetIsRefusedWithTheReason() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(2, 2, 1);
        for (String request : List.of(
                body(s.light(), s.targetInBoth(), ""),
                body("round-robin:" + s.targetInBoth() + "," + s.light(), s.targetInBoth(), ""))) {
            HttpResponse<String> r = post(s.leaving(), "deactivate", request, false, TOKEN);
            assertEquals(422, r.statusCode(), r.body());
            String message = JSON.readTree(r.body()).path("message").asText();
            assertTrue(message.contains("'tickets'") && message.contains("light agent"), message);
        }
        HttpResponse<String> r = post(s.leaving(), "delete", body(s.targetInBoth(), s.light(), ""), true, TOKEN);
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).path("message").asText().contains("'activities'"), r.body());
        assertEquals("ACTIVE", agents.status(s.leaving()));
        assertEquals(s.leaving(), assignee(s.supportTickets().get(0)));
    }

    @Test
    void deleteWithAnonymise() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(3, 3, 1);
        HttpResponse<String> r = post(
                s.leaving(), "delete", body(s.targetInBoth(), s.targetInBoth(), ",\"anonymise\":true"), false, TOKEN);
        assertEquals(202, r.statusCode(), r.body());
        JsonNode job = finished(JSON.readTree(r.body()).path("jobId").asLong());
        assertEquals("DONE", job.path("state").asText(), job.toString());
        assertEquals("delete", job.path("action").asText());
        assertTrue(job.path("anonymise").asBoolean());
        assertEquals("ANONYMIZED", agents.status(s.leaving()));
        for (String t : s.salesTickets()) {
            assertEquals(s.targetInBoth(), assignee(t));
        }
    }

    @Test
    void workAssignedAfterThePlanIsSweptBeforeTheDeactivation() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(60, 40, 1);
        app.context().getRouteController().suspendRoute("handover-jobs"); // the job is planned, not yet run
        long jobId;
        List<String> late;
        List<String> lateTasks;
        try {
            HttpResponse<String> r = post(
                    s.leaving(),
                    "deactivate",
                    body("round-robin:" + s.targetSupportOnly() + "," + s.targetInBoth(), s.targetInBoth(), ""),
                    false,
                    TOKEN);
            assertEquals(202, r.statusCode(), r.body());
            jobId = JSON.readTree(r.body()).path("jobId").asLong();
            late = new ArrayList<>(app.sandbox()
                    .desk()
                    .tickets()
                    .generateAssigned(5, AgentDirectory.SALES, s.leaving(), null, "Open"));
            late.addAll(app.sandbox()
                    .desk()
                    .tickets()
                    .generateAssigned(4, AgentDirectory.SUPPORT, s.leaving(), null, "Open"));
            lateTasks = agents.addActivities("tasks", s.leaving(), AgentDirectory.SUPPORT, 2, false);
        } finally {
            app.context().getRouteController().resumeRoute("handover-jobs");
        }

        JsonNode job = finished(jobId);

        assertEquals("DONE", job.path("state").asText(), job.toString());
        assertEquals(100 + 6 + 9 + 2, job.path("moved").asInt(), "the 11 late ones are in the job like the others");
        for (String t : late) {
            assertTrue(Set.of(s.targetSupportOnly(), s.targetInBoth()).contains(assignee(t)), "late ticket " + t);
            assertEquals(1, agents.ticketAssignments().get(t), "ticket " + t + " sent once");
        }
        for (String t : late.subList(0, 5)) {
            assertEquals(s.targetInBoth(), assignee(t), "a Sales ticket goes to the target in Sales");
        }
        for (String a : lateTasks) {
            assertEquals(
                    s.targetInBoth(),
                    agents.activity(a).orElseThrow().path("ownerId").asText());
        }
        assertEquals("DISABLED", agents.status(s.leaving()));
    }

    @Test
    void anAgentDeletedBeforeTheJobResumesIsStillAnonymised() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(2, 2, 1);
        app.context().getRouteController().suspendRoute("handover-jobs");
        long jobId;
        try {
            HttpResponse<String> r = post(
                    s.leaving(),
                    "delete",
                    body(s.targetInBoth(), s.targetInBoth(), ",\"anonymise\":true"),
                    false,
                    TOKEN);
            assertEquals(202, r.statusCode(), r.body());
            jobId = JSON.readTree(r.body()).path("jobId").asLong();
            agents.setStatus(s.leaving(), "DELETED"); // as a node that deleted, then died before the anonymise
        } finally {
            app.context().getRouteController().resumeRoute("handover-jobs");
        }

        JsonNode job = finished(jobId);

        assertEquals("DONE", job.path("state").asText(), job.toString());
        assertEquals("ANONYMIZED", agents.status(s.leaving()));
    }

    @Test
    void viewerTokensCannotStartAHandOver() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(1, 1, 1);
        for (String action : List.of("deactivate", "delete")) {
            for (boolean dry : List.of(false, true)) {
                HttpResponse<String> r =
                        post(s.leaving(), action, body(s.targetInBoth(), s.targetInBoth(), ""), dry, VIEWER);
                assertEquals(403, r.statusCode(), r.body());
            }
        }
        assertEquals("ACTIVE", agents.status(s.leaving()));
        assertEquals(s.leaving(), assignee(s.salesTickets().get(0)));
    }

    @Test
    void aSecondJobOfTheAgentIsRefusedWhileTheFirstRuns() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(200, 100, 1);
        String request = body(s.targetInBoth(), s.targetInBoth(), "");
        // Every Desk answer takes 200 ms: the first job runs for seconds.
        app.sandbox().faults().set("desk", new io.deskbridge.sandbox.FaultPlan(0, 1, 0, 0, 1.0, 200, 0, 1000, 0));
        try {
            HttpResponse<String> first = post(s.leaving(), "deactivate", request, false, TOKEN);
            assertEquals(202, first.statusCode(), first.body());
            long jobId = JSON.readTree(first.body()).path("jobId").asLong();
            HttpResponse<String> second = post(s.leaving(), "delete", request, false, TOKEN);
            assertEquals(409, second.statusCode(), second.body());
            assertTrue(second.body().contains("hand-over job " + jobId), second.body());
            assertEquals(
                    200, post(s.leaving(), "delete", request, true, TOKEN).statusCode(), "a dry run still answers");
        } finally {
            app.sandbox().faults().clear();
        }
    }

    @Test
    void badRequestsNameTheField() throws Exception {
        HandOverScenario s = agents.seedHandOverScenario(1, 1, 1);
        String both = s.targetInBoth();
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"999999", body(both, both, ""), 404, "no agent 999999"});
        cases.add(new Object[] {
            s.leaving(), body(s.leaving(), both, ""), 422, "'tickets' names agent " + s.leaving() + " itself"
        });
        cases.add(new Object[] {s.leaving(), body(both, "123456789", ""), 422, "'activities' names agent 123456789"});
        cases.add(new Object[] {s.leaving(), "{\"tickets\":\"" + both + "\"}", 400, "'activities' is required"});
        cases.add(new Object[] {s.leaving(), "{\"activities\":\"" + both + "\"}", 400, "'tickets' is required"});
        cases.add(new Object[] {s.leaving(), body("round-robin:", both, ""), 400, "'tickets'"});
        cases.add(new Object[] {s.leaving(), body(both, both, ",\"anonymise\":true"), 400, "'anonymise'"});
        cases.add(new Object[] {s.leaving(), body(both, both, ",\"owner\":1"), 400, "unknown key 'owner'"});
        for (Object[] c : cases) {
            HttpResponse<String> r = post((String) c[0], "deactivate", (String) c[1], false, TOKEN);
            assertEquals(c[2], r.statusCode(), r.body());
            assertTrue(JSON.readTree(r.body()).path("message").asText().contains((String) c[3]), r.body());
        }
        assertEquals(404, app.call("GET", "/admin/jobs/987654", TOKEN).statusCode());
        assertFalse(agents.status(s.leaving()).equals("DISABLED"));
    }
}
