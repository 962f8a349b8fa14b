package io.deskbridge.connector;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A help desk's agents and the work assigned to them: what an agent's off-boarding (deactivate or delete, handing
 * their open tickets and activities over first) needs. Zoho Desk implements it over {@code /api/v1/agents},
 * {@code tickets}, {@code tasks}, {@code calls} and {@code events}; the hand-over job and the admin API know only
 * this interface.
 * <p>
 * Every call goes through the desk's {@link ApiCaller} (retries, 401 refresh, 429 and its gate, the daily budget), so
 * a hand-over of thousands of tickets is as polite as a sync; each failure is a typed {@link ApiException}. Bulk
 * writes take at most {@link #BULK} ids a call: callers split, and a repeated call after a lost answer is harmless
 * (it sets the same owner again).
 */
public interface DeskAgents {

    /** Ids a bulk owner change takes in one call (Zoho Desk's {@code updateMany}: 50 per third-party use [3P]). */
    int BULK = 50;

    /** The desk's name in messages and logs. */
    String system();

    ApiCaller caller();

    /** Every agent that is not deleted (active or deactivated, confirmed or not), with role, profile and teams. */
    List<Agent> agents();

    /** One agent, also when deactivated; empty when the desk has no such agent (or it is deleted). */
    Optional<Agent> agent(String agentId);

    /** How many open tickets and open activities the agent has, per department. */
    OpenWork openWork(String agentId);

    /**
     * How many open and on-hold tickets each of the agents has, per department (agent id → department id → count;
     * departments without any are left out): the cheap count for a list of agents. This default reads each agent's
     * open work; a Desk that counts in one call for many agents does that instead.
     */
    default java.util.Map<String, java.util.Map<String, Integer>> openTicketCounts(List<String> agentIds) {
        java.util.Map<String, java.util.Map<String, Integer>> out = new java.util.LinkedHashMap<>();
        agentIds.forEach(id -> out.put(id, openWork(id).ticketsByDepartment()));
        return out;
    }

    /**
     * How many open (not completed) tasks, calls and events each of the agents owns, per department (agent id →
     * department id → count; departments without any are left out). This default reads each agent's open work; a
     * Desk whose activity lists take many owners at once reads them for a batch of agents instead.
     */
    default java.util.Map<String, java.util.Map<String, Integer>> openActivityCounts(List<String> agentIds) {
        java.util.Map<String, java.util.Map<String, Integer>> out = new java.util.LinkedHashMap<>();
        agentIds.forEach(id -> out.put(id, openWork(id).activitiesByDepartment()));
        return out;
    }

    /**
     * Streams the agent's open tickets (status type Open or On Hold: not closed), a page at a time. Callers keep what
     * they were handed: a ticket whose owner changes leaves this list, so re-reading is how a move is checked.
     */
    void openTickets(String agentId, Consumer<List<AgentTicket>> page);

    /** Streams the agent's open (not completed) tasks, calls and events, a page at a time. */
    void openActivities(String agentId, Consumer<List<AgentActivity>> page);

    /** Assigns the tickets (at most {@link #BULK}) to {@code agentId}, or leaves them unassigned when it is null. */
    void assignTickets(List<String> ticketIds, String agentId);

    /**
     * Gives the activities of one kind (at most {@link #BULK}) to {@code agentId}; returns the ids the desk refused,
     * with its reason, empty when every one moved.
     */
    List<Refused> assignActivities(AgentActivity.Kind kind, List<String> activityIds, String agentId);

    /** Deactivates the agent (they can no longer sign in; their records stay). */
    void deactivate(String agentId);

    /** Deletes the agent; one already deleted counts as done. */
    void delete(String agentId);

    /**
     * Replaces a deleted agent's name on what they did with an anonymous one; an agent already anonymised counts as
     * done. Apart from {@link #delete} so that a hand-over stopped between the two can still anonymise.
     */
    void anonymise(String agentId);

    /** An agent as the desk describes it. {@code permissionType} is the desk's own ({@code AgentPersonal}, ...). */
    record Agent(
            String id,
            String name,
            String email,
            Status status,
            boolean confirmed,
            String roleId,
            String roleName,
            ProfileType profileType,
            String permissionType,
            List<String> departmentIds,
            List<String> chatDepartmentIds,
            List<String> teamIds) {

        /** A light agent may read but not own tickets. */
        public boolean light() {
            return profileType == ProfileType.LIGHT || "Light".equals(permissionType);
        }
    }

    enum Status {
        ACTIVE,
        DISABLED,
        DELETED
    }

    enum ProfileType {
        ADMIN,
        STANDARD,
        LIGHT,
        CUSTOM
    }

    /** An open ticket of the agent: what decides who may take it. */
    record AgentTicket(String id, String departmentId, String teamId, String statusType) {}

    /** An open task, call or event of the agent. */
    record AgentActivity(String id, Kind kind, String departmentId, String ticketId) {
        public enum Kind {
            TASK("tasks"),
            CALL("calls"),
            EVENT("events");

            private final String module;

            Kind(String module) {
                this.module = module;
            }

            /** The desk's module of this kind ({@code tasks}). */
            public String module() {
                return module;
            }
        }
    }

    /** Open tickets and open activities per department id. */
    record OpenWork(
            java.util.Map<String, Integer> ticketsByDepartment, java.util.Map<String, Integer> activitiesByDepartment) {
        public int tickets() {
            return ticketsByDepartment.values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
        }

        public int activities() {
            return activitiesByDepartment.values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
        }
    }

    /** A record the desk would not change, with its reason. */
    record Refused(String id, String reason) {}
}
