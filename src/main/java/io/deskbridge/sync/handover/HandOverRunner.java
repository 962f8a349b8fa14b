package io.deskbridge.sync.handover;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.CredentialsRefused;
import io.deskbridge.connector.DeskAgents;
import io.deskbridge.connector.DeskAgents.Refused;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.sync.handover.HandOverJobs.Item;
import io.deskbridge.sync.handover.HandOverJobs.ItemState;
import io.deskbridge.sync.handover.HandOverJobs.Job;
import io.deskbridge.sync.handover.HandOverJobs.LeaseLost;
import io.deskbridge.sync.handover.HandOverJobs.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a hand-over job to its end: the planned items in batches of {@link DeskAgents#BULK} per kind and target, then
 * the agent's deactivation or deletion, last and only when nothing is left (or force) and nothing failed.
 * <p>
 * A batch is marked SENDING in its own commit before the call and MOVED after it. A job taken up again (a restart, a
 * kill -9, another node after the lease ran out) re-reads the agent's open tickets and activities for its SENDING
 * items: one still the agent's is sent again (setting the same owner twice is harmless), one gone was moved. So no
 * ticket is sent twice once the desk has taken it.
 */
public final class HandOverRunner {

    private static final Logger LOG = LoggerFactory.getLogger(HandOverRunner.class);
    /** A progress line after this many batches of a group (kind and target), and at the group's end. */
    private static final int BATCHES_A_LINE = 10;
    /** Re-reads of the agent's work that may still find new items before the job gives up on them arriving. */
    static final int SWEEPS = 3;
    /** The first wait of a paused job; it doubles with each pause in a row, up to {@link #LONGEST_WAIT}. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(10);

    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    /** The desk's refusals in a row (no move in between) after which the job ends FAILED: no wait will cure them. */
    static final int REFUSALS_TO_FAIL = 5;

    private final HandOverJobs jobs;
    private final Supplier<DeskAgents> desk;
    private final String node;
    private final Duration lease;

    public HandOverRunner(HandOverJobs jobs, Supplier<DeskAgents> desk, String node, Duration lease) {
        this.jobs = jobs;
        this.desk = desk;
        this.node = node;
        this.lease = lease;
    }

    /** Runs every job this node may take, one after the other (the schedule's fire). */
    public void runAll() {
        while (runNext()) {
            // each job runs as far as it can go; a paused one waits for the next fire, being held by no lease
        }
    }

    /**
     * Takes the next job this node may run and runs it as far as it goes; true when it ran to its end, false when
     * there was none or it waits for a later fire.
     */
    public boolean runNext() {
        Optional<Job> claimed = jobs.claim(node, lease);
        if (claimed.isEmpty()) {
            return false;
        }
        Job job = claimed.get();
        int movedBefore = jobs.counts(job.id()).get(ItemState.MOVED);
        try {
            try {
                run(job);
            } catch (ApiException e) {
                pause(job, e, jobs.counts(job.id()).get(ItemState.MOVED) > movedBefore);
                return false;
            }
        } catch (LeaseLost lost) {
            LOG.warn("Hand-over job {}: another node took it over; this node stops working on it", job.id());
            return false;
        }
        jobs.release(job.id(), node);
        return true;
    }

    /**
     * The job stays where it is and is taken up again after a wait that doubles with each pause since it last moved
     * something. The connection's trouble (rate limit, budget, outage, 5xx) only waits; the desk's refusals (403, 422:
     * a scope, a record) would come back whatever the wait, so after {@link #REFUSALS_TO_FAIL} of them the job ends
     * FAILED with the reason. A transient pause between refusals does not reset their count: only a move does.
     */
    private void pause(Job job, ApiException e, boolean progressed) {
        HandOverJobs.Retries before = progressed ? new HandOverJobs.Retries(0, 0) : jobs.retries(job.id());
        boolean refusal = e instanceof RecordRefused || e instanceof CredentialsRefused;
        HandOverJobs.Retries now = new HandOverJobs.Retries(before.tries() + 1, before.refusals() + (refusal ? 1 : 0));
        if (now.refusals() >= REFUSALS_TO_FAIL) {
            finish(
                    job,
                    State.FAILED,
                    "the desk refused " + now.refusals() + " tries in a row; agent " + job.agentId() + " is not "
                            + done(job) + ": " + e.getMessage());
        } else {
            Duration wait = backoff(now.tries());
            jobs.pause(job.id(), node, now, wait, "waiting " + wait.toSeconds() + " s to retry: " + e.getMessage());
            LOG.warn("Hand-over job {} paused for {} s: {}", job.id(), wait.toSeconds(), e.getMessage());
        }
        jobs.release(job.id(), node);
    }

    static Duration backoff(int tries) {
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(tries - 1, 20));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    /** Renews the lease, or stops: what follows must be done by the node that holds the job, and by no other. */
    private void holdLease(Job job) {
        if (!jobs.renew(job.id(), node, lease)) {
            throw new LeaseLost(job.id(), node);
        }
    }

    private void run(Job job) {
        DeskAgents agents = desk.get();
        State state = job.state();
        if (state == State.PLANNED) {
            state = State.RUNNING;
            jobs.state(job.id(), node, state, null);
        }
        if (state == State.RUNNING) {
            recheckSending(job, agents);
            sendPlanned(job, agents);
            int arriving = sweep(job, agents);
            Map<ItemState, Integer> counts = jobs.counts(job.id());
            if (counts.get(ItemState.FAILED) > 0) {
                // blocked, not failed: every other item went on, and the agent keeps what the desk refused
                finish(
                        job,
                        State.BLOCKED,
                        "the desk refused " + counts.get(ItemState.FAILED) + " item(s); agent " + job.agentId()
                                + " is not " + done(job) + " (see the items' reasons)");
                return;
            }
            if (arriving > 0) {
                finish(
                        job,
                        State.BLOCKED,
                        "after " + SWEEPS + " sweeps, " + arriving + " new open item(s) are still arriving for agent "
                                + job.agentId() + ", who is not " + done(job)
                                + "; stop what assigns them work, then hand over again");
                return;
            }
            // force has already made the left tickets PLANNED (to unassigned): what is LEFT here (activities, or work
            // of a target that can no longer take it) would stay with an agent who is gone, so it blocks always
            if (counts.get(ItemState.LEFT) > 0) {
                finish(
                        job,
                        State.BLOCKED,
                        counts.get(ItemState.LEFT) + " item(s) no chosen target can take are left"
                                + " with agent " + job.agentId() + ", who is not " + done(job)
                                + "; give other targets (force leaves only tickets unassigned, never activities)");
                return;
            }
            if (counts.get(ItemState.PLANNED) + counts.get(ItemState.SENDING) > 0) {
                // never off-board with work unsent; a wait keeps runAll from taking the job straight back
                jobs.pause(job.id(), node, jobs.retries(job.id()), FIRST_WAIT, "items still to send; retried later");
                return;
            }
            holdLease(job);
            state = State.DEACTIVATING;
            jobs.state(job.id(), node, state, null);
        }
        if (state == State.DEACTIVATING) {
            try {
                offBoard(job, agents);
            } catch (RecordRefused e) {
                finish(
                        job,
                        State.FAILED,
                        "every item is handed over, but the desk refused to " + job.action() + " agent " + job.agentId()
                                + ": " + e.getMessage());
                return;
            }
            finish(job, State.DONE, "agent " + job.agentId() + " " + done(job));
        }
    }

    /** Items sent before a stop: still the agent's, they go again; gone, they were moved. */
    private void recheckSending(Job job, DeskAgents agents) {
        List<Item> sending = jobs.items(job.id(), ItemState.SENDING);
        if (sending.isEmpty()) {
            return;
        }
        Set<String> stillOpen = new HashSet<>();
        if (sending.stream().anyMatch(i -> i.planned().kind() == PlannedItem.Kind.TICKET)) {
            agents.openTickets(job.agentId(), page -> page.forEach(t -> stillOpen.add("TICKET:" + t.id())));
        }
        if (sending.stream().anyMatch(i -> i.planned().kind() != PlannedItem.Kind.TICKET)) {
            agents.openActivities(
                    job.agentId(),
                    page -> page.forEach(a -> stillOpen.add(PlannedItem.Kind.of(a.kind()) + ":" + a.id())));
        }
        List<PlannedItem> again = new ArrayList<>();
        List<PlannedItem> moved = new ArrayList<>();
        for (Item i : sending) {
            (stillOpen.contains(i.planned().kind() + ":" + i.planned().recordId()) ? again : moved).add(i.planned());
        }
        jobs.mark(job.id(), node, moved, ItemState.MOVED, null);
        jobs.mark(job.id(), node, again, ItemState.PLANNED, null);
        LOG.info(
                "Hand-over job {} taken up again: of {} item(s) sent before the stop, {} were moved, {} go again",
                job.id(),
                sending.size(),
                moved.size(),
                again.size());
    }

    private void sendPlanned(Job job, DeskAgents agents) {
        Map<String, List<PlannedItem>> groups = new LinkedHashMap<>();
        for (Item i : jobs.items(job.id(), ItemState.PLANNED)) {
            groups.computeIfAbsent(
                            i.planned().kind() + " to "
                                    + Objects.requireNonNullElse(i.planned().target(), "unassigned"),
                            g -> new ArrayList<>())
                    .add(i.planned());
        }
        for (Map.Entry<String, List<PlannedItem>> group : groups.entrySet()) {
            List<PlannedItem> items = stillTakeable(job, agents, group.getValue());
            for (int from = 0; from < items.size(); from += DeskAgents.BULK) {
                holdLease(job);
                int to = Math.min(items.size(), from + DeskAgents.BULK);
                send(job, agents, items.subList(from, to));
                if (to == items.size() || (from / DeskAgents.BULK + 1) % BATCHES_A_LINE == 0) {
                    progress(job, to + " of " + items.size() + " " + group.getKey());
                }
            }
        }
    }

    /**
     * The final sweep: re-reads the agent's open tickets and activities and hands over those not in the job (assigned
     * to the agent after the plan) by the job's own targets and rules, until a re-read finds nothing new; returns how
     * many new ones the last allowed re-read still found, 0 when none.
     */
    private int sweep(Job job, DeskAgents agents) {
        for (int round = 0; ; round++) {
            Set<String> known = new HashSet<>();
            Map<String, Integer> load = new LinkedHashMap<>();
            for (Item i : jobs.all(job.id())) {
                known.add(i.planned().kind() + ":" + i.planned().recordId());
                if (i.planned().kind() == PlannedItem.Kind.TICKET && i.planned().target() != null) {
                    load.merge(i.planned().target(), 1, Integer::sum);
                }
            }
            List<DeskAgents.AgentTicket> tickets = new ArrayList<>();
            agents.openTickets(
                    job.agentId(),
                    page -> page.stream()
                            .filter(t -> !known.contains(PlannedItem.Kind.TICKET + ":" + t.id()))
                            .forEach(tickets::add));
            List<DeskAgents.AgentActivity> activities = new ArrayList<>();
            agents.openActivities(
                    job.agentId(),
                    page -> page.stream()
                            .filter(a -> !known.contains(PlannedItem.Kind.of(a.kind()) + ":" + a.id()))
                            .forEach(activities::add));
            int found = tickets.size() + activities.size();
            if (found == 0 || round == SWEEPS) {
                return found;
            }
            HandOverPlan more = sweepPlan(job, agents, tickets, activities, load);
            jobs.add(job.id(), more);
            LOG.info(
                    "Hand-over job {} of agent {}: sweep {} found {} ticket(s) and {} activit(ies) assigned since the"
                            + " plan, {} of them left",
                    job.id(),
                    job.agentId(),
                    round + 1,
                    tickets.size(),
                    activities.size(),
                    more.left().size());
            sendPlanned(job, agents);
        }
    }

    private static HandOverPlan sweepPlan(
            Job job,
            DeskAgents agents,
            List<DeskAgents.AgentTicket> tickets,
            List<DeskAgents.AgentActivity> activities,
            Map<String, Integer> load) {
        if (job.ticketTargets() == null) {
            // a job made before V20 kept no targets: what reached the agent since is left, with the reason
            List<PlannedItem> left = new ArrayList<>();
            String why = "assigned after the plan, and this job (made before V20) has no targets to sweep it to";
            tickets.forEach(
                    t -> left.add(new PlannedItem(PlannedItem.Kind.TICKET, t.id(), t.departmentId(), null, why)));
            activities.forEach(
                    a -> left.add(new PlannedItem(PlannedItem.Kind.of(a.kind()), a.id(), a.departmentId(), null, why)));
            return new HandOverPlan(left, job.force(), TicketTargets.parse(TicketTargets.UNASSIGNED), null);
        }
        Map<String, DeskAgents.Agent> byId = new LinkedHashMap<>();
        agents.agents().forEach(a -> byId.put(a.id(), a));
        return HandOverPlan.of(
                TicketTargets.parse(job.ticketTargets()),
                byId,
                byId.get(job.activitiesTarget()),
                tickets,
                activities,
                job.force(),
                load);
    }

    /**
     * The group's target as the desk knows it now (it may have been deactivated, made light or moved out of a
     * department since the plan): what it can no longer take is LEFT with the reason, which blocks the off-boarding,
     * rather than refused batch after batch. The rest of the group, to send.
     */
    private List<PlannedItem> stillTakeable(Job job, DeskAgents agents, List<PlannedItem> group) {
        String target = group.get(0).target();
        if (target == null) {
            return group;
        }
        Optional<DeskAgents.Agent> now = agents.agent(target);
        List<PlannedItem> takeable = new ArrayList<>();
        Map<String, List<PlannedItem>> leftByReason = new LinkedHashMap<>();
        for (PlannedItem i : group) {
            Optional<String> no = now.isEmpty()
                    ? Optional.of("agent " + target + " is gone from the desk (deleted)")
                    : TargetRules.cannotTake(now.get(), i.departmentId());
            if (no.isPresent()) {
                leftByReason
                        .computeIfAbsent("the target can no longer take it: " + no.get(), r -> new ArrayList<>())
                        .add(i);
            } else {
                takeable.add(i);
            }
        }
        leftByReason.forEach((reason, left) -> {
            jobs.mark(job.id(), node, left, ItemState.LEFT, reason);
            LOG.warn("Hand-over job {}: {} item(s) left: {}", job.id(), left.size(), reason);
        });
        return takeable;
    }

    private void progress(Job job, String sent) {
        Map<ItemState, Integer> counts = jobs.counts(job.id());
        LOG.info(
                "Hand-over job {} of agent {}: {} sent ({} moved, {} left, {} failed, {} to go)",
                job.id(),
                job.agentId(),
                sent,
                counts.get(ItemState.MOVED),
                counts.get(ItemState.LEFT),
                counts.get(ItemState.FAILED),
                counts.get(ItemState.PLANNED) + counts.get(ItemState.SENDING));
    }

    private void send(Job job, DeskAgents agents, List<PlannedItem> batch) {
        jobs.sending(job.id(), node, batch);
        if (batch.get(0).kind() == PlannedItem.Kind.TICKET) {
            sendTickets(job, agents, batch, openTicketIds(agents, job.agentId()));
        } else {
            sendActivities(job, agents, batch);
        }
    }

    /**
     * The desk refuses a whole {@code tickets/updateMany} for one bad id: a refused batch goes again in halves, down to
     * the single ticket refused, so one bad id fails itself only. A single ticket refused that is no longer among the
     * agent's open tickets was closed, trashed or moved by someone else: gone, not failed.
     */
    private void sendTickets(Job job, DeskAgents agents, List<PlannedItem> batch, Supplier<Set<String>> stillOpen) {
        try {
            agents.assignTickets(
                    batch.stream().map(PlannedItem::recordId).toList(),
                    batch.get(0).target());
            jobs.mark(job.id(), node, batch, ItemState.MOVED, null);
        } catch (RecordRefused e) {
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                sendTickets(job, agents, batch.subList(0, half), stillOpen);
                sendTickets(job, agents, batch.subList(half, batch.size()), stillOpen);
            } else if (!stillOpen.get().contains(batch.get(0).recordId())) {
                jobs.mark(job.id(), node, batch, ItemState.MOVED, GONE);
            } else {
                jobs.mark(job.id(), node, batch, ItemState.FAILED, "the desk refused: " + e.getMessage());
            }
        }
    }

    static final String GONE = "no longer an open ticket of the agent when sent (closed, trashed or moved by someone"
            + " else): nothing to hand over";

    /** The agent's open ticket ids, read once and only when a single ticket is refused. */
    private static Supplier<Set<String>> openTicketIds(DeskAgents agents, String agentId) {
        Set<String> ids = new HashSet<>();
        boolean[] read = {false};
        return () -> {
            if (!read[0]) {
                agents.openTickets(agentId, page -> page.forEach(t -> ids.add(t.id())));
                read[0] = true;
            }
            return ids;
        };
    }

    private void sendActivities(Job job, DeskAgents agents, List<PlannedItem> batch) {
        PlannedItem first = batch.get(0);
        List<String> ids = batch.stream().map(PlannedItem::recordId).toList();
        try {
            Map<String, String> refused = new LinkedHashMap<>();
            for (Refused r : agents.assignActivities(first.kind().activity(), ids, first.target())) {
                refused.put(r.id(), r.reason());
            }
            jobs.mark(
                    job.id(),
                    node,
                    batch.stream()
                            .filter(i -> !refused.containsKey(i.recordId()))
                            .toList(),
                    ItemState.MOVED,
                    null);
            for (PlannedItem i : batch) {
                if (refused.containsKey(i.recordId())) {
                    jobs.mark(
                            job.id(),
                            node,
                            List.of(i),
                            ItemState.FAILED,
                            "the desk refused: " + refused.get(i.recordId()));
                }
            }
        } catch (RecordRefused e) {
            jobs.mark(job.id(), node, batch, ItemState.FAILED, "the desk refused the batch: " + e.getMessage());
        }
    }

    /**
     * Deactivates or deletes (and anonymises) the agent; taken up again after a stop, an agent already deactivated or
     * deleted is not again, and an anonymise is repeated (the desk counts one already done as done).
     */
    private void offBoard(Job job, DeskAgents agents) {
        Optional<DeskAgents.Agent> now = agents.agent(job.agentId());
        if (job.action().equals("delete")) {
            if (now.isPresent()) {
                holdLease(job);
                agents.delete(job.agentId());
            }
            // also when the agent is gone already: a stop between the delete and the anonymise left it to this pass
            if (job.anonymise()) {
                holdLease(job);
                agents.anonymise(job.agentId());
            }
        } else if (now.isPresent() && now.get().status() == DeskAgents.Status.ACTIVE) {
            holdLease(job);
            agents.deactivate(job.agentId());
        }
    }

    private void finish(Job job, State state, String message) {
        jobs.state(job.id(), node, state, message);
        Map<ItemState, Integer> counts = jobs.counts(job.id());
        long unassigned = jobs.withReasons(job.id()).stream()
                .filter(i -> i.state() == ItemState.MOVED && i.planned().target() == null)
                .count();
        LOG.info(
                "Hand-over job {} of agent {} ({}) {}: {} moved ({} of them left unassigned), {} left, {} failed; {}",
                job.id(),
                job.agentId(),
                job.action(),
                state,
                counts.get(ItemState.MOVED),
                unassigned,
                counts.get(ItemState.LEFT),
                counts.get(ItemState.FAILED),
                message);
    }

    private static String done(Job job) {
        return job.action().equals("delete") ? (job.anonymise() ? "deleted and anonymised" : "deleted") : "deactivated";
    }
}
