package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobExecutionContext;
import org.quartz.listeners.JobListenerSupport;

/**
 * Runtimes that share one state store share its schedule (issue 17): Quartz is clustered on the store's database, so
 * each fire of a sync runs on one node only, the others take the fires of a node that stops, the lifecycle set on
 * one node holds on all, and the stored schedule follows the settings.
 */
class SeveralNodesTest {

    private static final String EVERY_SECOND = "0/1 * * * * ?";

    @TempDir
    Path dir;

    /** A fire of the contacts schedule seen on a node: the node, the time Quartz had it scheduled for, when it ran. */
    record Fire(String node, Instant scheduledFor, Instant ranAt) {
        Duration late() {
            return Duration.between(scheduledFor, ranAt);
        }
    }

    private final List<Fire> fires = java.util.Collections.synchronizedList(new ArrayList<>());

    private RunningDeskbridge node(String name, String cron, String... more) throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        p.put("deskbridge.node.name", name);
        p.put("deskbridge.sync.contacts.cron", cron);
        p.put("deskbridge.cluster.checkin-interval", "1s");
        return RunningDeskbridge.start(p, watchFires(name));
    }

    /** Records the contacts fires this node's scheduler runs (from before it starts). */
    private CamelConfiguration watchFires(String name) {
        return new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
                quartz.addScheduleInitTask(scheduler -> scheduler
                        .getListenerManager()
                        .addJobListener(new JobListenerSupport() {
                            @Override
                            public String getName() {
                                return "fires of " + name;
                            }

                            @Override
                            public void jobToBeExecuted(JobExecutionContext fire) {
                                if (fire.getTrigger().getKey().getName().equals("contacts")) {
                                    fires.add(new Fire(
                                            name, fire.getScheduledFireTime().toInstant(), Instant.now()));
                                }
                            }
                        }));
            }
        };
    }

    private List<Fire> firesOf(String node) {
        synchronized (fires) {
            return fires.stream().filter(f -> f.node().equals(node)).toList();
        }
    }

    private void assertNoFireTwice() {
        synchronized (fires) {
            long distinct = fires.stream().map(Fire::scheduledFor).distinct().count();
            assertEquals(fires.size(), distinct, "a fire time ran on two nodes: " + fires);
        }
    }

    @Test
    void eachFireRunsOnOneNodeAndTheOtherTakesOverWhenOneStops() throws Exception {
        try (RunningDeskbridge b = node("node-b", EVERY_SECOND)) {
            RunningDeskbridge a = node("node-a", EVERY_SECOND);
            try {
                Thread.sleep(6000);
                assertTrue(fires.size() >= 4, "the schedule fires: " + fires);
                assertNoFireTwice();
            } finally {
                a.close();
            }
            int before = firesOf("node-b").size();
            Thread.sleep(4000);
            assertTrue(firesOf("node-b").size() >= before + 2, "node-b goes on firing alone: " + fires);
            assertNoFireTwice();
        }
    }

    @Test
    void aPauseThroughOneNodeHoldsForTheFiresOfTheOther() throws Exception {
        try (RunningDeskbridge b = node("node-b", EVERY_SECOND)) {
            try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
                assertEquals(
                        200,
                        a.call("POST", "/admin/syncs/contacts/pause", RunningDeskbridge.TOKEN)
                                .statusCode());
            }
            long lastRun = lastRunId(b);
            int firesBefore = firesOf("node-b").size();
            Thread.sleep(3500);
            assertTrue(firesOf("node-b").size() >= firesBefore + 2, "node-b fires: " + fires);
            assertEquals(lastRun, lastRunId(b), "no run starts while paused");
            assertEquals(
                    200,
                    b.call("POST", "/admin/syncs/contacts/activate", RunningDeskbridge.TOKEN)
                            .statusCode());
            waitFor(() -> lastRunId(b) != lastRun, "a scheduled run once active again");
        }
    }

    @Test
    void aCronChangedBetweenTwoStartsIsTheStoredSchedule() throws Exception {
        try (RunningDeskbridge a = node("node-a", "0 0 3 * * ?")) {
            assertEquals(3, nextRunAt(a).getHour());
        }
        try (RunningDeskbridge a = node("node-a", "0 0 4 * * ?")) {
            assertEquals(4, nextRunAt(a).getHour());
        }
    }

    @Test
    void aTimeZoneChangedBetweenTwoStartsIsTheStoredSchedule() throws Exception {
        try (RunningDeskbridge a = node("node-a", "0 0 3 * * ?")) {
            assertEquals(3, nextRunAt(a).getHour());
        }
        try (RunningDeskbridge a = node("node-a", "0 0 3 * * ?", "deskbridge.schedule.time-zone", "Asia/Tokyo")) {
            assertEquals(18, nextRunAt(a).getHour(), "03:00 in Tokyo is 18:00 UTC");
        }
    }

    @Test
    void firesMissedWhileNoNodeRanAreNotCaughtUp() throws Exception {
        try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
            waitFor(() -> !fires.isEmpty(), "a first fire");
        }
        Instant down = Instant.now();
        Thread.sleep(5000); // five fire times with no node up
        Instant restart = Instant.now();
        try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
            Thread.sleep(2500);
            List<Fire> late = firesOf("node-a").stream()
                    .filter(f ->
                            f.scheduledFor().isAfter(down) && f.scheduledFor().isBefore(restart))
                    .toList();
            assertEquals(List.of(), late, "fire times of the downtime run at start");
        }
    }

    @Test
    void aRunLongerThanItsScheduleIsNotFollowedByTheFiresItOutlasted() throws Exception {
        try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
            a.call("POST", "/admin/syncs/contacts/pause", RunningDeskbridge.TOKEN);
            waitFor(
                    () -> !"RUNNING"
                            .equals(a.get("/admin/syncs/contacts")
                                    .path("lastRun")
                                    .path("status")
                                    .asText()),
                    "no run going on");
            // Every Desk answer takes 9 s: the next run outlasts nine fire times of its schedule.
            a.sandbox()
                    .faults()
                    .set("desk", FaultPlan.parse(Map.of(FaultPlan.SLOW, "1.0", FaultPlan.SLOW_MS, "9000"), "desk."));
            long before = lastRunId(a);
            a.call("POST", "/admin/syncs/contacts/activate", RunningDeskbridge.TOKEN);
            waitFor(() -> lastRunId(a) != before, "a scheduled run");
            a.sandbox().faults().clear();
            long slow = lastRunId(a);
            waitFor(() -> !"RUNNING".equals(run(a, slow).path("status").asText()), "the end of the slow run");
            Instant end = Instant.parse(run(a, slow).path("finishedAt").asText());
            // The next fire lands 1-6 s after the end of a long stateful run (the misfire scan runs every 5 s).
            waitFor(() -> lastRunId(a) > slow, "a scheduled run after the slow run", Duration.ofSeconds(15));
            Thread.sleep(1000); // any replayed fire would run back to back with that one
            List<Fire> replayed = firesOf("node-a").stream()
                    .filter(f -> !f.ranAt().isBefore(end.minusMillis(500)))
                    .filter(f -> f.late().compareTo(Duration.ofSeconds(2)) > 0)
                    .toList();
            assertEquals(List.of(), replayed, "fire times the slow run outlasted, run after it");
        }
    }

    /** Issue 17: a second live process with one node's name would take that node's fires and fail its runs. */
    @Test
    void aSecondLiveNodeWithTheSameNameIsRefusedAndTheSameNodeRestartedIsNot() throws Exception {
        try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
            waitFor(() -> !firesOf("node-a").isEmpty(), "a first fire");
            Exception e = assertThrows(
                    Exception.class, () -> node("node-a", EVERY_SECOND).close());
            Throwable reason = Deskbridge.setupProblem(e);
            assertTrue(
                    reason != null
                            && reason.getMessage().startsWith("deskbridge.node.name: another live process")
                            && reason.getMessage().contains("node-a"),
                    String.valueOf(reason));
            int before = firesOf("node-a").size();
            waitFor(() -> firesOf("node-a").size() >= before + 2, "node-a firing on after the refused start");
        }
        try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
            int before = firesOf("node-a").size();
            waitFor(() -> firesOf("node-a").size() > before, "a fire after the restart");
        }
    }

    /** Issue 17: a check-in left recent by a kill -9 is watched, not taken for another live process. */
    @Test
    void aNodeRestartedAfterAKillStartsOnceItsLastCheckInStopsAdvancing() throws Exception {
        try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
            waitFor(() -> !firesOf("node-a").isEmpty(), "a first fire");
        }
        // What a kill leaves: the node's last check-in, a moment ago (a clean stop dates it back).
        TestDatabase.Store store = TestDatabase.storeFor(dir.resolve("data"));
        try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password());
                PreparedStatement update = c.prepareStatement("UPDATE QRTZ_SCHEDULER_STATE SET LAST_CHECKIN_TIME = ?"
                        + " WHERE SCHED_NAME = 'deskbridge' AND INSTANCE_NAME = 'node-a'")) {
            update.setLong(1, System.currentTimeMillis());
            assertEquals(1, update.executeUpdate());
        }
        Instant restart = Instant.now();
        try (RunningDeskbridge a = node("node-a", EVERY_SECOND)) {
            Duration waited = Duration.between(restart, Instant.now());
            assertTrue(waited.compareTo(Duration.ofSeconds(3)) >= 0, "the old check-in is watched: " + waited);
            int before = firesOf("node-a").size();
            waitFor(() -> firesOf("node-a").size() > before, "a fire after the restart");
        }
    }

    private static JsonNode run(RunningDeskbridge app, long runId) throws Exception {
        return app.get("/admin/syncs/contacts/runs/" + runId);
    }

    private static ZonedDateTime nextRunAt(RunningDeskbridge app) throws Exception {
        JsonNode status = app.get("/admin/syncs/contacts");
        return ZonedDateTime.parse(status.path("nextRunAt").asText()).withZoneSameInstant(ZoneOffset.UTC);
    }

    private static long lastRunId(RunningDeskbridge app) throws Exception {
        return app.get("/admin/syncs/contacts").path("lastRun").path("runId").asLong(-1);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check, String what) throws Exception {
        waitFor(check, what, Duration.ofSeconds(30));
    }

    private static void waitFor(Check check, String what, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " within " + within.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
