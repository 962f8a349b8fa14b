package io.deskbridge.admin;

import io.deskbridge.admin.json.HandOverAnswer;
import io.deskbridge.admin.json.HandOverItem;
import io.deskbridge.admin.json.HandOverJob;
import io.deskbridge.admin.json.HandOverRequest;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.DeskAgents;
import io.deskbridge.connector.DeskAgents.Agent;
import io.deskbridge.connector.DeskAgents.AgentActivity;
import io.deskbridge.connector.DeskAgents.AgentTicket;
import io.deskbridge.store.StoreException;
import io.deskbridge.sync.handover.HandOverJobs;
import io.deskbridge.sync.handover.HandOverJobs.ItemState;
import io.deskbridge.sync.handover.HandOverPlan;
import io.deskbridge.sync.handover.PlannedItem;
import io.deskbridge.sync.handover.TargetRules;
import io.deskbridge.sync.handover.TicketTargets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An agent's off-boarding (issue 16): {@code POST /admin/agents/{agentId}/deactivate} and {@code /delete} check the
 * request, plan where each open ticket and activity goes, and either answer the plan ({@code ?dryRun=true}, nothing
 * changed) or store it as a job in one commit (202) that the {@code handover-jobs} route carries out;
 * {@code GET /admin/jobs/{id}} shows the job.
 */
public final class HandOverApi {

    private final Supplier<DeskAgents> desk;
    private final HandOverJobs jobs;

    public HandOverApi(Supplier<DeskAgents> desk, HandOverJobs jobs) {
        this.desk = desk;
        this.jobs = jobs;
    }

    /** {@code action} is deactivate or delete. */
    public AdminApi.Reply start(String action, String agentId, String dryRun, HandOverRequest body, String caller) {
        boolean dry = flag("dryRun", dryRun);
        if (body == null) {
            throw new AdminException(400, "the request body is required: {\"tickets\": ..., \"activities\": ...}");
        }
        TicketTargets tickets;
        try {
            tickets = TicketTargets.parse(body.tickets());
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
        if (body.activities() == null || body.activities().isBlank()) {
            throw new AdminException(400, "'activities' is required: the agent id that takes the open activities");
        }
        if (Boolean.TRUE.equals(body.anonymise()) && !action.equals("delete")) {
            throw new AdminException(400, "'anonymise' is for /delete only; a deactivated agent keeps its name");
        }
        try {
            DeskAgents agents = desk.get();
            Agent leaving = agents.agent(agentId)
                    .orElseThrow(() -> new AdminException(404, agents.system() + " has no agent " + agentId));
            Map<String, Agent> targets = new LinkedHashMap<>();
            for (String id : tickets.agentIds()) {
                targets.put(id, target(agents, "tickets", id, agentId));
            }
            Agent activities = target(agents, "activities", body.activities().strip(), agentId);
            if (!dry) {
                refuseASecondJob(agentId);
            }
            List<AgentTicket> open = new ArrayList<>();
            agents.openTickets(leaving.id(), open::addAll);
            List<AgentActivity> openActivities = new ArrayList<>();
            agents.openActivities(leaving.id(), openActivities::addAll);
            HandOverPlan plan = HandOverPlan.of(
                    tickets, targets, activities, open, openActivities, Boolean.TRUE.equals(body.force()));
            boolean anonymise = Boolean.TRUE.equals(body.anonymise());
            Long jobId;
            try {
                jobId = dry ? null : jobs.create(agentId, action, anonymise, caller, plan);
            } catch (StoreException raced) {
                // another call (on any node) stored a job of this agent since the check above
                refuseASecondJob(agentId);
                throw raced;
            }
            HandOverAnswer answer = answer(jobId, agentId, action, plan);
            String what = open.size() + " open ticket(s) and " + openActivities.size() + " activit(ies) of agent "
                    + agentId + " to " + plan.perTarget() + ", " + plan.left().size() + " left"
                    + (plan.blocked() ? " (blocks the " + action + ")" : "");
            return dry
                    ? new AdminApi.Reply(200, answer)
                    : new AdminApi.Reply(202, answer, "job " + jobId + ": " + action + " after handing over " + what);
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
    }

    private void refuseASecondJob(String agentId) {
        jobs.unfinished(agentId).ifPresent(j -> {
            throw new AdminException(
                    409,
                    "hand-over job " + j.id() + " of agent " + agentId + " is still " + j.state()
                            + "; see GET /admin/jobs/" + j.id());
        });
    }

    /** A target the request names: a known agent, not the leaving one, that can take work at all. */
    private static Agent target(DeskAgents agents, String field, String id, String leaving) {
        if (id.equals(leaving)) {
            throw new AdminException(
                    422, "'" + field + "' names agent " + id + " itself: the work must go to another agent");
        }
        Agent a = agents.agent(id)
                .orElseThrow(() -> new AdminException(
                        422, "'" + field + "' names agent " + id + ", which " + agents.system() + " does not have"));
        Optional<String> no = TargetRules.cannotWork(a);
        if (no.isPresent()) {
            throw new AdminException(422, "'" + field + "' cannot take the work: " + no.get());
        }
        return a;
    }

    public AdminApi.Reply job(String id) {
        long jobId;
        try {
            jobId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new AdminException(404, "no hand-over job " + id);
        }
        HandOverJobs.Job job = jobs.job(jobId).orElseThrow(() -> new AdminException(404, "no hand-over job " + id));
        Map<ItemState, Integer> counts = jobs.counts(jobId);
        List<HandOverJobs.Item> stored = jobs.withReasons(jobId);
        List<HandOverItem> items = stored.stream()
                .map(i -> item(i.planned(), i.state().name(), job.force()))
                .toList();
        int unassigned =
                (int) stored.stream().filter(i -> i.state() == ItemState.MOVED).count();
        return new AdminApi.Reply(
                200,
                new HandOverJob(
                        job.id(),
                        job.agentId(),
                        job.action(),
                        job.anonymise(),
                        job.force(),
                        job.state().name(),
                        job.requestedBy(),
                        job.createdAt().toString(),
                        job.updatedAt().toString(),
                        job.message(),
                        counts.get(ItemState.MOVED),
                        unassigned,
                        counts.get(ItemState.LEFT),
                        counts.get(ItemState.FAILED),
                        counts.get(ItemState.PLANNED) + counts.get(ItemState.SENDING),
                        items));
    }

    private static HandOverAnswer answer(Long jobId, String agentId, String action, HandOverPlan plan) {
        List<HandOverItem> moves = new ArrayList<>();
        List<HandOverItem> left = new ArrayList<>();
        for (PlannedItem i : plan.items()) {
            if (i.moves(plan.force())) {
                moves.add(item(i, null, plan.force()));
            }
            if (i.left()) {
                left.add(item(i, null, plan.force()));
            }
        }
        return new HandOverAnswer(
                jobId,
                jobId == null,
                agentId,
                action,
                (int) plan.items().stream()
                        .filter(i -> i.kind() == PlannedItem.Kind.TICKET)
                        .count(),
                (int) plan.items().stream()
                        .filter(i -> i.kind() != PlannedItem.Kind.TICKET)
                        .count(),
                plan.perTarget(),
                plan.blocked(),
                moves,
                left);
    }

    /** An item as answered: a ticket that moves to nobody has the target {@code unassigned}. */
    private static HandOverItem item(PlannedItem i, String state, boolean force) {
        return new HandOverItem(
                i.kind().name(),
                i.recordId(),
                i.departmentId(),
                i.target() == null && i.moves(force) ? TicketTargets.UNASSIGNED : i.target(),
                i.reason(),
                state);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new AdminException(400, "query parameter '" + name + "' is true or false, not '" + value + "'");
    }
}
