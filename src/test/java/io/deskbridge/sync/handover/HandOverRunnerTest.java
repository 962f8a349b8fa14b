package io.deskbridge.sync.handover;

import static io.deskbridge.sync.handover.FakeDeskAgents.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.connector.DeskAgents;
import io.deskbridge.connector.DeskAgents.AgentActivity;
import io.deskbridge.connector.DeskAgents.AgentTicket;
import io.deskbridge.connector.DeskAgents.ProfileType;
import io.deskbridge.store.Database;
import io.deskbridge.support.MovableClock;
import io.deskbridge.support.TestDatabase;
import io.deskbridge.sync.handover.HandOverJobs.ItemState;
import io.deskbridge.sync.handover.HandOverJobs.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 16 item 4: the job moves exactly its plan, once per ticket, resumes after a stop, off-boards last. */
class HandOverRunnerTest {

    private final Database db = TestDatabase.fresh("handover").open();
    private final MovableClock clock = new MovableClock(java.time.Instant.parse("2026-11-29T03:00:00Z"));
    private final HandOverJobs jobs = new HandOverJobs(db.jdbc(), clock);
    private final FakeDeskAgents desk = new FakeDeskAgents()
            .with(agent("x", "AgentPublic", ProfileType.STANDARD, "D1", "D2"))
            .with(agent("a", "AgentPublic", ProfileType.STANDARD, "D1", "D2"))
            .with(agent("b", "AgentPersonal", ProfileType.STANDARD, "D1"))
            .tickets("x", "D1", 0, 800)
            .tickets("x", "D2", 800, 400)
            .tickets("a", "D1", 5000, 10)
            .activity("x", AgentActivity.Kind.TASK, "k1", "D1")
            .activity("x", AgentActivity.Kind.EVENT, "e1", "D2");

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private HandOverRunner runner() {
        return runner("node-1");
    }

    private HandOverRunner runner(String node) {
        return new HandOverRunner(jobs, () -> desk, node, Duration.ofMinutes(5));
    }

    /** node-1's lease runs out (a slow call) and node-2 takes the job, as its schedule would. */
    private void node2TakesOver() {
        clock.jump(Duration.ofMinutes(6));
        assertTrue(jobs.claim("node-2", Duration.ofMinutes(5)).isPresent());
    }

    private HandOverPlan plan(String tickets, String activities, boolean force) {
        List<AgentTicket> open = new ArrayList<>();
        desk.openTickets("x", open::addAll);
        List<AgentActivity> acts = new ArrayList<>();
        desk.openActivities("x", acts::addAll);
        return HandOverPlan.of(
                TicketTargets.parse(tickets), desk.agents, desk.agents.get(activities), open, acts, force);
    }

    @Test
    void theJobDoesExactlyThePlanAndDeactivatesLast() {
        HandOverPlan plan = plan("round-robin:a,b", "a", true);
        long id = jobs.create("x", "deactivate", false, "ops", plan);

        assertTrue(jobs.unfinished("x").isPresent(), "a second job of x is refused (409) while this one runs");
        assertThrows(
                io.deskbridge.store.StoreException.class,
                () -> jobs.create("x", "delete", false, "other node", plan),
                "even when two calls pass the check at once");
        assertTrue(runner().runNext());

        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertTrue(jobs.unfinished("x").isEmpty());
        assertTrue(jobs.create("x", "delete", false, "ops", plan) > id, "a finished job lets the agent have another");
        for (PlannedItem i : plan.items()) {
            if (i.kind() == PlannedItem.Kind.TICKET) {
                assertEquals(i.target(), desk.tickets.get(i.recordId())[0], i.recordId());
            }
        }
        assertEquals("a", desk.activityOwners.get("k1"));
        assertEquals("a", desk.activityOwners.get("e1"));
        assertTrue(desk.ticketSends.values().stream().allMatch(n -> n == 1));
        assertEquals("deactivate x", desk.calls.get(desk.calls.size() - 1));
        assertEquals(
                1, desk.calls.stream().filter(c -> c.startsWith("deactivate")).count());
        assertEquals(1202, jobs.counts(id).get(ItemState.MOVED));
    }

    /** Review finding 1: this test once asserted the bug (force, e1 left with x, x deactivated, DONE). */
    @Test
    void anActivityNoTargetCanTakeBlocksTheDeactivationEvenWithForce() {
        HandOverPlan plan = plan("round-robin:a,b", "b", true);
        long id = jobs.create("x", "deactivate", false, "ops", plan);

        assertTrue(runner().runNext());

        assertEquals(State.BLOCKED, jobs.job(id).orElseThrow().state());
        assertEquals("b", desk.activityOwners.get("k1"));
        assertEquals("x", desk.activityOwners.get("e1"), "b is not in D2: the event stays, with its reason");
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")), "x still owns e1");
        Map<ItemState, Integer> counts = jobs.counts(id);
        assertEquals(1201, counts.get(ItemState.MOVED));
        assertEquals(1, counts.get(ItemState.LEFT));
    }

    @Test
    void aStopMidWayResumesWithoutMovingATicketTwice() {
        long id = jobs.create("x", "delete", true, "ops", plan("round-robin:a,b", "a", false));
        desk.killAfterAssignCalls = 7; // the 7th batch reached the desk, its MOVED was never written

        assertThrows(FakeDeskAgents.Killed.class, () -> runner().runNext());
        assertEquals(State.RUNNING, jobs.job(id).orElseThrow().state());
        assertEquals(50, jobs.items(id, ItemState.SENDING).size());
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("delete")));

        assertTrue(runner().runNext(), "the same node takes its job back at once");

        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertEquals(1200, desk.ticketSends.size());
        assertTrue(desk.ticketSends.values().stream().allMatch(n -> n == 1), "a ticket was sent twice");
        assertEquals("delete x", desk.calls.get(desk.calls.size() - 2));
        assertEquals("anonymise x", desk.calls.get(desk.calls.size() - 1));
    }

    @Test
    void aStopBetweenTheDeleteAndTheAnonymiseAnonymisesOnResume() {
        long id = jobs.create("x", "delete", true, "ops", plan("round-robin:a,b", "a", true));
        desk.killAfterDelete = true;

        assertThrows(FakeDeskAgents.Killed.class, () -> runner().runNext());
        assertTrue(desk.agent("x").isEmpty(), "the desk deleted x");
        assertTrue(desk.anonymised.isEmpty());

        assertTrue(runner().runNext());

        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertTrue(desk.anonymised.contains("x"), "the resumed job anonymised the deleted agent");
        assertEquals(1, desk.calls.stream().filter(c -> c.startsWith("delete")).count());
    }

    @Test
    void workAssignedAfterThePlanIsSweptBeforeTheDeactivation() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("round-robin:a,b", "a", false));
        int[] arrivals = {0};
        desk.onAssign = () -> {
            if (arrivals[0]++ == 3) { // while the planned batches go: a D1 and a D2 ticket, a task
                desk.tickets("x", "D1", 9000, 1).tickets("x", "D2", 9001, 1);
                desk.activity("x", AgentActivity.Kind.TASK, "k2", "D1");
            }
        };

        assertTrue(runner().runNext());

        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertEquals(List.of(), desk.ticketsOf("x"), "every open ticket of x moved before the deactivation");
        assertTrue(List.of("a", "b").contains(desk.tickets.get("T09000")[0]), "round-robin to a target in D1");
        assertEquals("a", desk.tickets.get("T09001")[0], "b is not in D2");
        assertEquals("a", desk.activityOwners.get("k2"));
        assertEquals("deactivate x", desk.calls.get(desk.calls.size() - 1));
        assertTrue(jobs.all(id).stream()
                .anyMatch(i -> i.planned().recordId().equals("T09001") && i.state() == ItemState.MOVED));
        assertEquals(1205, jobs.counts(id).get(ItemState.MOVED), "1,200 tickets and 2 activities planned, 3 swept");
    }

    @Test
    void aSweptTicketNoTargetCanTakeBlocksUnlessForced() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        desk.onAssign = () -> {
            if (!desk.tickets.containsKey("T09100")) {
                desk.tickets("x", "D3", 9100, 1); // a is not in D3
            }
        };

        assertTrue(runner().runNext());

        HandOverJobs.Job job = jobs.job(id).orElseThrow();
        assertEquals(State.BLOCKED, job.state(), job.message());
        assertEquals(1, jobs.counts(id).get(ItemState.LEFT), "only the swept ticket is left");
        assertEquals("x", desk.tickets.get("T09100")[0]);
        assertTrue(jobs.withReasons(id).get(0).planned().reason().contains("not in department D3"));
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));

        long forced = jobs.create("x", "deactivate", false, "ops", plan("a", "a", true));
        desk.onAssign = () -> {
            if (!desk.tickets.containsKey("T09200")) {
                desk.tickets("x", "D3", 9200, 1);
            }
        };

        assertTrue(runner().runNext());

        assertEquals(State.DONE, jobs.job(forced).orElseThrow().state());
        assertEquals(null, desk.tickets.get("T09200")[0], "forced: a swept ticket no target can take goes unassigned");
        assertTrue(jobs.withReasons(forced).stream()
                .anyMatch(i -> i.planned().recordId().equals("T09200")));
    }

    @Test
    void workThatKeepsArrivingBlocksAfterTheSweeps() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        int[] next = {9500};
        desk.onAssign = () -> desk.tickets("x", "D1", next[0]++, 1);

        assertTrue(runner().runNext());

        HandOverJobs.Job job = jobs.job(id).orElseThrow();
        assertEquals(State.BLOCKED, job.state());
        assertTrue(job.message().contains("still arriving"), job.message());
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));
    }

    @Test
    void aBatchSentButNotTakenGoesAgain() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        List<PlannedItem> first = jobs.items(id, ItemState.PLANNED).stream()
                .map(HandOverJobs.Item::planned)
                .filter(i -> i.kind() == PlannedItem.Kind.TICKET)
                .limit(DeskAgents.BULK)
                .toList();
        jobs.claim("node-1", Duration.ofMinutes(5));
        jobs.mark(id, "node-1", first, ItemState.SENDING, null); // marked, then the node died before the call

        assertTrue(runner().runNext());

        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertEquals("a", desk.tickets.get(first.get(0).recordId())[0]);
        assertTrue(desk.ticketSends.values().stream().allMatch(n -> n == 1));
    }

    @Test
    void whatIsLeftBlocksTheDeactivationWithoutForce() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("b", "b", false));

        assertTrue(runner().runNext());

        HandOverJobs.Job job = jobs.job(id).orElseThrow();
        assertEquals(State.BLOCKED, job.state());
        assertTrue(
                job.message().contains("400 item(s) no chosen target can take")
                        || job.message().contains("401"),
                job.message());
        assertEquals(800, desk.ticketsOf("b").size());
        assertEquals(400, desk.ticketsOf("x").size());
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));
    }

    @Test
    void forceLeavesTheTicketsUnassignedAndDeactivates() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("b", "a", true));

        assertTrue(runner().runNext());

        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertEquals(400, desk.ticketsOf(null).size());
        assertEquals(400, jobs.withReasons(id).size());
    }

    @Test
    void anActivityTheDeskRefusesBlocksTheJobAndTheAgentStays() {
        desk.refuseActivities.add("k1");
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));

        assertTrue(runner().runNext());

        assertEquals(State.BLOCKED, jobs.job(id).orElseThrow().state(), "review finding 4: blocked, not failed");
        assertEquals(1, jobs.counts(id).get(ItemState.FAILED));
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));
    }

    /** Review finding 3. */
    @Test
    void aNodeWhoseLeaseWasTakenMidBatchCanNeitherMarkNorDeactivate() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        desk.hookAtAssignCall = 3;
        desk.assignHook = this::node2TakesOver;

        assertFalse(runner().runNext());

        assertEquals(DeskAgents.BULK, jobs.items(id, ItemState.SENDING).size(), "node-1 marked behind node-2's back");
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));
        assertTrue(runner("node-2").runNext());
        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertEquals(
                1, desk.calls.stream().filter(c -> c.startsWith("deactivate")).count());
        assertTrue(desk.ticketSends.values().stream().allMatch(n -> n == 1), "a ticket was sent twice");
    }

    /** Review finding 3: the lease is renewed (fenced) right before the off-boarding call. */
    @Test
    void aNodeWhoseLeaseWasTakenBeforeTheOffBoardingDoesNotDeactivate() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        desk.onLookup.put("x", this::node2TakesOver);

        assertFalse(runner().runNext());

        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")), "node-1 deactivated, not holding");
        assertTrue(runner("node-2").runNext());
        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
        assertEquals(
                1, desk.calls.stream().filter(c -> c.startsWith("deactivate")).count());
    }

    /** Review finding 4: one bad id and one trashed ticket among 50 fail only themselves. */
    @Test
    void aRefusedTicketBatchIsSplitDownToTheTicketTheDeskRefuses() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        desk.refuseTickets.add("T00007");
        desk.tickets.remove("T00005"); // trashed after the plan: the desk refuses it, and it is no longer x's

        assertTrue(runner().runNext());

        HandOverJobs.Job job = jobs.job(id).orElseThrow();
        assertEquals(State.BLOCKED, job.state(), job.message());
        Map<ItemState, Integer> counts = jobs.counts(id);
        assertEquals(1, counts.get(ItemState.FAILED));
        assertEquals(1201, counts.get(ItemState.MOVED), "1198 tickets, the trashed one (gone) and 2 activities");
        HandOverJobs.Item failed = jobs.items(id, ItemState.FAILED).get(0);
        assertEquals("T00007", failed.planned().recordId());
        assertTrue(
                failed.planned().reason().contains("ticket T00007 cannot be updated"),
                failed.planned().reason());
        assertEquals(
                HandOverRunner.GONE,
                jobs.withReasons(id).stream()
                        .filter(i -> i.planned().recordId().equals("T00005"))
                        .findFirst()
                        .orElseThrow()
                        .planned()
                        .reason());
        assertEquals(1198, desk.ticketsOf("a").size() - 10);
        assertEquals("x", desk.tickets.get("T00007")[0]);
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));
        assertTrue(desk.calls.stream().filter(c -> c.startsWith("tickets")).count() < 24 + 2 * 2 * 6 + 1);
    }

    /** Review finding 5: a paused job waits, twice as long each time, and is not taken before. */
    @Test
    void aPausedJobBacksOffExponentiallyAndTransientTroubleNeverFailsIt() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        desk.trouble = io.deskbridge.connector.ApiException.of("fake desk", 429, "TOO_MANY_REQUESTS", "slow down");

        assertFalse(runner().runNext());
        for (Duration wait : List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40))) {
            int calls = desk.calls.size();
            clock.jump(wait.minusSeconds(1));
            assertFalse(runner().runNext());
            assertEquals(calls, desk.calls.size(), "taken again before its wait of " + wait);
            clock.jump(Duration.ofSeconds(1));
            assertFalse(runner().runNext());
            assertEquals(calls + 1, desk.calls.size(), "not taken again after its wait of " + wait);
        }
        for (int i = 0; i < 10; i++) {
            clock.jump(Duration.ofHours(1));
            assertFalse(runner().runNext());
        }
        assertEquals(State.RUNNING, jobs.job(id).orElseThrow().state(), "a rate limit only waits");
        assertTrue(jobs.job(id).orElseThrow().message().contains("slow down"));

        desk.trouble = null;
        clock.jump(Duration.ofHours(1));
        assertTrue(runner().runNext());
        assertEquals(State.DONE, jobs.job(id).orElseThrow().state());
    }

    /** Review finding 5: a refusal no wait cures ends the job FAILED after a few tries in a row. */
    @Test
    void refusalsInARowFailTheJobWithTheReason() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        desk.trouble =
                io.deskbridge.connector.ApiException.of("fake desk", 403, "SCOPE_MISMATCH", "no Desk.tickets.UPDATE");

        for (int i = 0; i < HandOverRunner.REFUSALS_TO_FAIL; i++) {
            assertFalse(jobs.job(id).orElseThrow().state().finished(), "failed after " + i + " refusal(s)");
            assertFalse(runner().runNext());
            clock.jump(Duration.ofHours(1));
        }

        HandOverJobs.Job job = jobs.job(id).orElseThrow();
        assertEquals(State.FAILED, job.state());
        assertTrue(job.message().contains("no Desk.tickets.UPDATE"), job.message());
        assertTrue(jobs.unfinished("x").isEmpty());
        assertFalse(runner().runNext());
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));
    }

    /** Review finding 7: a target deactivated after the plan gets nothing; its items are left and block. */
    @Test
    void aTargetThatCanNoLongerTakeTheWorkLeavesItsItemsWithTheReason() {
        long id = jobs.create("x", "deactivate", false, "ops", plan("round-robin:a,b", "a", false));
        desk.agents.put("b", FakeDeskAgents.withStatus(desk.agents.get("b"), DeskAgents.Status.DISABLED));

        assertTrue(runner().runNext());

        HandOverJobs.Job job = jobs.job(id).orElseThrow();
        assertEquals(State.BLOCKED, job.state(), job.message());
        assertTrue(desk.calls.stream().noneMatch(c -> c.endsWith(" to b")), "sent to a deactivated target");
        List<HandOverJobs.Item> left = jobs.items(id, ItemState.LEFT);
        assertEquals(400, left.size());
        assertTrue(
                left.get(0).planned().reason().contains("agent b is DISABLED"),
                left.get(0).planned().reason());
        assertEquals(802, jobs.counts(id).get(ItemState.MOVED));
        assertTrue(desk.calls.stream().noneMatch(c -> c.startsWith("deactivate")));
    }

    /**
     * Review finding 8: the CHECKPOINT (shared Jdbc.flushIfEmbeddedH2) runs once for the job and once per batch,
     * before its call, however a refused batch is split: what the kill -9 safety needs and no more.
     */
    @Test
    void theRunFlushesOncePerBatchBeforeItsCall() {
        List<String> checkpoints = new ArrayList<>();
        javax.sql.DataSource real = db.jdbc().dataSource();
        javax.sql.DataSource counting = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (p, m, args) -> {
                    Object out = m.invoke(real, args);
                    return out instanceof java.sql.Connection c ? countingCheckpoints(c, checkpoints) : out;
                });
        HandOverJobs counted = new HandOverJobs(new io.deskbridge.store.Jdbc(counting), clock);
        long id = counted.create("x", "deactivate", false, "ops", plan("a", "a", false));
        desk.refuseTickets.add("T00007");

        assertTrue(new HandOverRunner(counted, () -> desk, "node-1", Duration.ofMinutes(5)).runNext());

        assertEquals(State.BLOCKED, counted.job(id).orElseThrow().state());
        // A server database's commit is durable already: only an embedded H2 is flushed (Jdbc.flushIfEmbeddedH2).
        assertEquals(
                TestDatabase.onPostgres() ? 0 : 1 + 1200 / DeskAgents.BULK + 2,
                checkpoints.size(),
                "the job, 24 ticket batches, a task, an event");
    }

    private static java.sql.Connection countingCheckpoints(java.sql.Connection c, List<String> checkpoints) {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                HandOverRunnerTest.class.getClassLoader(), new Class<?>[] {java.sql.Connection.class}, (p, m, args) -> {
                    if (m.getName().equals("prepareStatement") && "CHECKPOINT".equals(args[0])) {
                        checkpoints.add("CHECKPOINT");
                    }
                    try {
                        return m.invoke(c, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anotherNodeWaitsForTheLease() {
        jobs.create("x", "deactivate", false, "ops", plan("a", "a", false));
        assertTrue(jobs.claim("node-1", Duration.ofMinutes(5)).isPresent());
        assertTrue(jobs.claim("node-2", Duration.ofMinutes(5)).isEmpty());
        assertTrue(jobs.claim("node-1", Duration.ofMinutes(5)).isPresent());
    }
}
