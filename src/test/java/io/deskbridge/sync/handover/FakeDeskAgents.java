package io.deskbridge.sync.handover;

import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.DeskAgents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A desk's agents in memory, for the hand-over's logic: records every call, and can stop the job mid-way. */
final class FakeDeskAgents implements DeskAgents {

    /** A stop after a batch the desk took, before Deskbridge noted it: as a kill -9 would. */
    static final class Killed extends RuntimeException {}

    final Map<String, Agent> agents = new LinkedHashMap<>();
    /** ticket id → [assignee, department]. */
    final Map<String, String[]> tickets = new LinkedHashMap<>();

    final Map<String, AgentActivity> activities = new LinkedHashMap<>();
    final Map<String, String> activityOwners = new HashMap<>();
    /** How many times each ticket was in an assign call. */
    final Map<String, Integer> ticketSends = new HashMap<>();

    final List<String> calls = new ArrayList<>();
    final List<String> refuseActivities = new ArrayList<>();
    /** Ids the desk refuses: one of them, or an id it does not know, refuses the whole ticket batch. */
    final List<String> refuseTickets = new ArrayList<>();

    int killAfterAssignCalls = -1;
    /** Run after each assign call: work reaching the agent while the job runs. */
    Runnable onAssign = () -> {};
    /** A stop after the desk deleted the agent, before the anonymise. */
    boolean killAfterDelete;

    final java.util.Set<String> anonymised = new java.util.HashSet<>();

    /** Run once, inside the assign call of this number (1 for the first), after the desk took it. */
    int hookAtAssignCall = -1;

    Runnable assignHook = () -> {};
    /** Run once, inside the next look-up of the agent: as another node taking the job while this one waits. */
    final Map<String, Runnable> onLookup = new HashMap<>();

    private int assignCalls;
    /** Thrown by every assign call while set: the desk's or the connection's trouble. */
    io.deskbridge.connector.ApiException trouble;

    static Agent agent(String id, String permissionType, ProfileType profile, String... departments) {
        return new Agent(
                id,
                "Agent " + id,
                id + "@example.com",
                Status.ACTIVE,
                true,
                "r",
                "role",
                profile,
                permissionType,
                List.of(departments),
                List.of(),
                List.of());
    }

    FakeDeskAgents with(Agent a) {
        agents.put(a.id(), a);
        return this;
    }

    FakeDeskAgents tickets(String owner, String department, int from, int count) {
        for (int i = from; i < from + count; i++) {
            tickets.put(String.format("T%05d", i), new String[] {owner, department});
        }
        return this;
    }

    FakeDeskAgents activity(String owner, AgentActivity.Kind kind, String id, String department) {
        activities.put(id, new AgentActivity(id, kind, department, null));
        activityOwners.put(id, owner);
        return this;
    }

    List<String> ticketsOf(String owner) {
        return tickets.entrySet().stream()
                .filter(e -> java.util.Objects.equals(e.getValue()[0], owner))
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public String system() {
        return "fake desk";
    }

    @Override
    public ApiCaller caller() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Agent> agents() {
        return List.copyOf(agents.values());
    }

    @Override
    public Optional<Agent> agent(String agentId) {
        Optional.ofNullable(onLookup.remove(agentId)).ifPresent(Runnable::run);
        return Optional.ofNullable(agents.get(agentId)).filter(a -> a.status() != Status.DELETED);
    }

    @Override
    public OpenWork openWork(String agentId) {
        Map<String, Integer> t = new HashMap<>();
        ticketsOf(agentId).forEach(id -> t.merge(tickets.get(id)[1], 1, Integer::sum));
        Map<String, Integer> a = new HashMap<>();
        activityOwners.forEach((id, owner) -> {
            if (owner.equals(agentId)) {
                a.merge(activities.get(id).departmentId(), 1, Integer::sum);
            }
        });
        return new OpenWork(t, a);
    }

    @Override
    public void openTickets(String agentId, Consumer<List<AgentTicket>> page) {
        List<AgentTicket> all = ticketsOf(agentId).stream()
                .map(id -> new AgentTicket(id, tickets.get(id)[1], null, "Open"))
                .toList();
        for (int i = 0; i < all.size(); i += 100) {
            page.accept(all.subList(i, Math.min(all.size(), i + 100)));
        }
    }

    @Override
    public void openActivities(String agentId, Consumer<List<AgentActivity>> page) {
        page.accept(activityOwners.entrySet().stream()
                .filter(e -> e.getValue().equals(agentId))
                .map(e -> activities.get(e.getKey()))
                .toList());
    }

    @Override
    public void assignTickets(List<String> ticketIds, String agentId) {
        if (ticketIds.size() > BULK) {
            throw new IllegalArgumentException("more than " + BULK + " ids");
        }
        calls.add("tickets " + ticketIds.size() + " to " + agentId);
        if (trouble != null) {
            throw trouble;
        }
        for (String id : ticketIds) {
            if (refuseTickets.contains(id) || !tickets.containsKey(id)) {
                throw new io.deskbridge.connector.RecordRefused(
                        system(), 422, "INVALID_DATA", "ticket " + id + " cannot be updated", null);
            }
        }
        ticketIds.forEach(id -> {
            tickets.get(id)[0] = agentId;
            ticketSends.merge(id, 1, Integer::sum);
        });
        onAssign.run();
        afterAssignCall();
        if (--killAfterAssignCalls == 0) {
            throw new Killed();
        }
    }

    @Override
    public List<Refused> assignActivities(AgentActivity.Kind kind, List<String> activityIds, String agentId) {
        calls.add(kind + " " + activityIds.size() + " to " + agentId);
        List<Refused> refused = new ArrayList<>();
        for (String id : activityIds) {
            if (refuseActivities.contains(id)) {
                refused.add(new Refused(id, "closed meanwhile"));
            } else {
                activityOwners.put(id, agentId);
            }
        }
        onAssign.run();
        return refused;
    }

    private void afterAssignCall() {
        if (++assignCalls == hookAtAssignCall) {
            assignHook.run();
        }
    }

    @Override
    public void deactivate(String agentId) {
        calls.add("deactivate " + agentId);
        agents.put(agentId, withStatus(agents.get(agentId), Status.DISABLED));
    }

    @Override
    public void delete(String agentId) {
        calls.add("delete " + agentId);
        agents.put(agentId, withStatus(agents.get(agentId), Status.DELETED));
        if (killAfterDelete) {
            killAfterDelete = false;
            throw new Killed();
        }
    }

    @Override
    public void anonymise(String agentId) {
        if (agents.get(agentId).status() != Status.DELETED) {
            throw new IllegalStateException("anonymise of agent " + agentId + ", who is not deleted");
        }
        calls.add("anonymise " + agentId);
        anonymised.add(agentId);
    }

    static Agent withStatus(Agent a, Status s) {
        return new Agent(
                a.id(),
                a.name(),
                a.email(),
                s,
                a.confirmed(),
                a.roleId(),
                a.roleName(),
                a.profileType(),
                a.permissionType(),
                a.departmentIds(),
                a.chatDepartmentIds(),
                a.teamIds());
    }
}
