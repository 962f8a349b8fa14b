package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Simulated Zoho Desk agents and their open activities (tasks, calls, events): the Java setup and inspection API that
 * tests and the demo use, and the state {@link DeskAgentsApi} serves. Agents are stored in wire shape (zohodesk-oas
 * Agent.json: {@code status}, {@code isConfirmed}, {@code roleId}, {@code profileId}, {@code rolePermissionType},
 * {@code associatedDepartmentIds}, {@code associatedChatDepartmentIds}); their teams in {@code _teamIds}. Roles,
 * profiles and teams are a fixed catalogue: the sandbox does not edit them.
 */
public final class AgentDirectory {

    public static final String SUPPORT = DeskTickets.DEPARTMENT_ID;
    public static final String SALES = DeskProductsApi.SALES_ID;
    static final Set<String> DEPARTMENTS = Set.of(SUPPORT, SALES);
    static final long FIRST_AGENT_ID = 1892000000043001L;
    static final long FIRST_ACTIVITY_ID = 1892000000500001L;
    /** The activity modules and the {@code activityType} each answers with. */
    static final Map<String, String> MODULES = Map.of("tasks", "Tasks", "calls", "Calls", "events", "Events");

    /** A team of one department. */
    public record Team(String id, String name, String departmentId) {}

    public static final Team SUPPORT_TEAM = new Team("1892000000071001", "Support L2", SUPPORT);
    public static final Team SALES_TEAM = new Team("1892000000071002", "Key Accounts", SALES);
    static final List<Team> TEAMS = List.of(SUPPORT_TEAM, SALES_TEAM);

    /** What a permission type comes with: the role and profile the Desk gives it (Custom: a custom pair). */
    record Access(String roleId, String roleName, String profileId, String profileName, String profileType) {}

    static final Map<String, Access> ACCESS = Map.of(
            "Admin", new Access("1892000000055001", "CEO", "1892000000056001", "Administrator", "ADMIN"),
            "AgentPublic", new Access("1892000000055002", "Agent", "1892000000056002", "Agent", "STANDARD"),
            "AgentPersonal", new Access("1892000000055003", "Personal", "1892000000056002", "Agent", "STANDARD"),
            "AgentTeamPersonal",
                    new Access("1892000000055004", "TeamPersonal", "1892000000056002", "Agent", "STANDARD"),
            "Light", new Access("1892000000055005", "LightAgent", "1892000000056005", "Light Agent", "LIGHT"),
            "Custom",
                    new Access(
                            "1892000000055006", "Support Lead", "1892000000056006", "Support Lead Profile", "CUSTOM"));

    /** An agent to add; {@code status} ACTIVE or DISABLED. */
    public record NewAgent(
            String firstName,
            String lastName,
            String permissionType,
            List<String> departmentIds,
            List<String> chatDepartmentIds,
            List<String> teamIds,
            String status,
            boolean confirmed) {

        public NewAgent {
            if (!ACCESS.containsKey(permissionType)) {
                throw new IllegalArgumentException(
                        "rolePermissionType '" + permissionType + "' is none of " + ACCESS.keySet());
            }
            if (!DEPARTMENTS.containsAll(departmentIds) || departmentIds.isEmpty()) {
                throw new IllegalArgumentException("associatedDepartmentIds " + departmentIds
                        + " must be one or more of the sandbox's departments " + DEPARTMENTS);
            }
        }

        /** Active, confirmed, with chat in every department and no team. */
        public static NewAgent active(String firstName, String lastName, String permissionType, String... departments) {
            List<String> d = List.of(departments);
            return new NewAgent(firstName, lastName, permissionType, d, d, List.of(), "ACTIVE", true);
        }

        public NewAgent chatIn(String... departments) {
            return new NewAgent(
                    firstName,
                    lastName,
                    permissionType,
                    departmentIds,
                    List.of(departments),
                    teamIds,
                    status,
                    confirmed);
        }

        public NewAgent inTeams(String... teams) {
            return new NewAgent(
                    firstName,
                    lastName,
                    permissionType,
                    departmentIds,
                    chatDepartmentIds,
                    List.of(teams),
                    status,
                    confirmed);
        }

        public NewAgent disabled() {
            return new NewAgent(
                    firstName,
                    lastName,
                    permissionType,
                    departmentIds,
                    chatDepartmentIds,
                    teamIds,
                    "DISABLED",
                    confirmed);
        }

        public NewAgent unconfirmed() {
            return new NewAgent(
                    firstName, lastName, permissionType, departmentIds, chatDepartmentIds, teamIds, status, false);
        }
    }

    /** What {@link #seedHandOverScenario} made. */
    public record HandOverScenario(
            String leaving,
            String targetInBoth,
            String targetSupportOnly,
            String light,
            List<String> supportTickets,
            List<String> salesTickets,
            List<String> closedTickets,
            Map<String, List<String>> activities) {}

    private final DeskSimulator desk;
    private final SandboxStore store;
    final RecordTable agents;
    final RecordTable activities;
    private final Map<String, Integer> ticketAssignments = new java.util.concurrent.ConcurrentHashMap<>();

    AgentDirectory(DeskSimulator desk, SandboxStore store) {
        this.desk = desk;
        this.store = store;
        agents = new RecordTable(store.map("desk.agents"), (id, r) -> new RecordTable.Meta(id, id, id, true));
        activities = new RecordTable(
                        store.map("desk.activities"),
                        (id, r) -> new RecordTable.Meta(
                                id, id, id, !r.path("_deleted").asBoolean(false)))
                .keyIndex("owner", r -> Json.keys(Json.text(r, "ownerId")));
        agents.load();
        activities.load();
        synchronized (store.lock) {
            if (agents.isEmpty()) {
                seedDefaults();
                store.commit();
            }
        }
    }

    /**
     * The agents every sandbox starts with: the two the tickets already use (Sandbox Agent, an admin in both
     * departments; Aiko Support, with two open tasks and an open call), a light agent, an own-and-unassigned agent in
     * Sales, a team agent, a deactivated custom-role agent and an invited agent who has not confirmed (ACTIVE, but
     * {@code isConfirmed:false}, as the Desk's own example agent), so the out-of-the-box run shows each kind.
     */
    private void seedDefaults() {
        put(
                DeskTickets.AGENT.id(),
                NewAgent.active("Sandbox", "Agent", "Admin", SUPPORT, SALES),
                "agent@sandbox.example");
        put(
                DeskTickets.SECOND_AGENT.id(),
                NewAgent.active("Aiko", "Support", "AgentPublic", SUPPORT).inTeams(SUPPORT_TEAM.id()),
                "aiko@sandbox.example");
        add(NewAgent.active("Lena", "Light", "Light", SUPPORT, SALES).chatIn());
        add(NewAgent.active("Sam", "Sales", "AgentPersonal", SALES).inTeams(SALES_TEAM.id()));
        add(NewAgent.active("Tomo", "Team", "AgentTeamPersonal", SUPPORT)
                .inTeams(SUPPORT_TEAM.id())
                .chatIn(SUPPORT));
        add(NewAgent.active("Dora", "Lead", "Custom", SUPPORT, SALES).disabled());
        add(NewAgent.active("Una", "Invited", "AgentPublic", SUPPORT).unconfirmed());
        addActivities("tasks", DeskTickets.SECOND_AGENT.id(), SUPPORT, 2, false);
        addActivities("calls", DeskTickets.SECOND_AGENT.id(), SUPPORT, 1, false);
        addActivities("tasks", DeskTickets.SECOND_AGENT.id(), SUPPORT, 1, true);
    }

    // ------------------------------------------------------------------------------------------ Java API

    /** Adds an agent; returns its id. */
    public String add(NewAgent a) {
        synchronized (store.lock) {
            long id = FIRST_AGENT_ID + agents.visibleCount();
            while (agents.meta(id) != null) {
                id++;
            }
            String email = (a.firstName() + "." + a.lastName()).toLowerCase(Locale.ROOT) + "@sandbox.example";
            put(String.valueOf(id), a, email);
            store.commit();
            return String.valueOf(id);
        }
    }

    /** The agent as {@code GET agents/{id}} answers (deleted ones too, with their status). */
    public Optional<ObjectNode> agent(String id) {
        synchronized (store.lock) {
            ObjectNode a = stored(id);
            return Optional.ofNullable(a == null ? null : DeskTickets.strip(a));
        }
    }

    /** The agent's {@code status}: ACTIVE, DISABLED, DELETED or ANONYMIZED. */
    public String status(String id) {
        return agent(id).map(a -> a.path("status").asText()).orElseThrow(() -> unknown(id));
    }

    /** Sets the agent's {@code status} (ACTIVE, DISABLED, DELETED or ANONYMIZED) as the Desk's own UI would. */
    public void setStatus(String id, String status) {
        if (!Set.of("ACTIVE", "DISABLED", "DELETED", "ANONYMIZED").contains(status)) {
            throw new IllegalArgumentException(
                    "agent status '" + status + "' is none of ACTIVE, DISABLED, DELETED," + " ANONYMIZED");
        }
        synchronized (store.lock) {
            ObjectNode a = stored(id);
            if (a == null) {
                throw unknown(id);
            }
            save(a.put("status", status));
            store.commit();
        }
    }

    /** The agent's team ids. */
    public List<String> teamsOf(String id) {
        synchronized (store.lock) {
            ObjectNode a = stored(id);
            if (a == null) {
                throw unknown(id);
            }
            List<String> out = new ArrayList<>();
            a.path("_teamIds").forEach(t -> out.add(t.asText()));
            return out;
        }
    }

    /**
     * Adds {@code n} activities of {@code module} (tasks, calls or events) owned by the agent in the department,
     * open or completed; returns their ids.
     */
    public List<String> addActivities(String module, String ownerId, String departmentId, int n, boolean completed) {
        if (!MODULES.containsKey(module)) {
            throw new IllegalArgumentException("module '" + module + "' is none of " + MODULES.keySet());
        }
        synchronized (store.lock) {
            List<String> ids = new ArrayList<>(n);
            long next = FIRST_ACTIVITY_ID + activities.visibleCount();
            String now = Times.desk(desk.nextMillis());
            for (int i = 0; i < n; i++) {
                while (activities.meta(next) != null) {
                    next++;
                }
                ObjectNode a = Json.obj()
                        .put("id", String.valueOf(next))
                        .put("activityType", MODULES.get(module))
                        .put("subject", MODULES.get(module) + " " + (i + 1))
                        .put("ownerId", ownerId)
                        .put("departmentId", departmentId)
                        .putNull("ticketId")
                        .put("isCompleted", completed)
                        .put("status", completed ? "Completed" : "Not Started")
                        .put("statusType", completed ? "Closed" : "Open")
                        .put("createdTime", now)
                        .put("_module", module);
                activities.put(next, a);
                ids.add(String.valueOf(next++));
            }
            store.commit();
            return ids;
        }
    }

    /** An activity as the API answers it. */
    public Optional<ObjectNode> activity(String id) {
        synchronized (store.lock) {
            Long key = CrmSimulator.parseId(id);
            ObjectNode a = key == null ? null : activities.get(key);
            return Optional.ofNullable(a == null ? null : DeskTickets.strip(a));
        }
    }

    /**
     * An agent leaving with open tickets in both departments (half of them in their team) plus a few closed ones,
     * and open and completed tasks, calls and events; a target in both departments, a target only in Support and a
     * light agent. The tickets are made in one commit each, without an HTTP call apiece.
     */
    public HandOverScenario seedHandOverScenario(int supportTickets, int salesTickets, int openActivitiesPerModule) {
        if (desk.contacts().isEmpty()) {
            desk.createContact(Json.obj().put("lastName", "Customer").put("email", "customer@sandbox.example"));
        }
        String leaving = add(NewAgent.active("Leo", "Leaving", "AgentPublic", SUPPORT, SALES)
                .inTeams(SUPPORT_TEAM.id(), SALES_TEAM.id()));
        String both = add(NewAgent.active("Bea", "Both", "AgentPublic", SUPPORT, SALES));
        String supportOnly = add(NewAgent.active("Sue", "Supportonly", "AgentPersonal", SUPPORT));
        String light = add(NewAgent.active("Lou", "Lightweight", "Light", SUPPORT, SALES));
        List<String> support =
                desk.tickets().generateAssigned(supportTickets, SUPPORT, leaving, SUPPORT_TEAM.id(), "Open");
        List<String> sales = desk.tickets().generateAssigned(salesTickets, SALES, leaving, SALES_TEAM.id(), "On Hold");
        List<String> closed = desk.tickets().generateAssigned(3, SUPPORT, leaving, null, "Closed");
        Map<String, List<String>> open = new LinkedHashMap<>();
        for (String module : List.of("tasks", "calls", "events")) {
            List<String> ids = new ArrayList<>(addActivities(module, leaving, SUPPORT, openActivitiesPerModule, false));
            ids.addAll(addActivities(module, leaving, SALES, openActivitiesPerModule, false));
            addActivities(module, leaving, SUPPORT, 1, true);
            open.put(module, ids);
        }
        return new HandOverScenario(leaving, both, supportOnly, light, support, sales, closed, open);
    }

    /**
     * How many times each ticket was in a {@code tickets/updateMany} the sandbox applied, since it started (not kept
     * in its store): how a test sees that no ticket was moved twice.
     */
    public Map<String, Integer> ticketAssignments() {
        return Map.copyOf(ticketAssignments);
    }

    void assigned(String ticketId) {
        ticketAssignments.merge(ticketId, 1, Integer::sum);
    }

    // ------------------------------------------------------------------------------------------ for the HTTP side

    /** Callers hold the store lock. */
    ObjectNode stored(String id) {
        Long key = CrmSimulator.parseId(id);
        return key == null ? null : agents.get(key);
    }

    /** An agent a ticket may be assigned to: known and not deleted (callers hold the store lock). */
    boolean assignable(String id) {
        ObjectNode a = stored(id);
        return a != null
                && Set.of("ACTIVE", "DISABLED").contains(a.path("status").asText());
    }

    void save(ObjectNode agent) {
        agents.put(Long.parseLong(agent.get("id").asText()), agent);
    }

    private void put(String id, NewAgent a, String email) {
        Access access = ACCESS.get(a.permissionType());
        ObjectNode rec = Json.obj()
                .put("id", id)
                .put("zuid", a.confirmed() ? String.valueOf(Long.parseLong(id) + 1_000_000L) : null)
                .put("firstName", a.firstName())
                .put("lastName", a.lastName())
                .put("name", a.firstName() + " " + a.lastName())
                .put("emailId", email)
                .put("status", a.status())
                .put("isConfirmed", a.confirmed())
                .put("roleId", access.roleId())
                .put("profileId", access.profileId())
                .put("rolePermissionType", a.permissionType())
                .put("langCode", "en_US")
                .put("isZiaAgent", false);
        array(rec, "associatedDepartmentIds", a.departmentIds());
        array(rec, "associatedChatDepartmentIds", a.chatDepartmentIds());
        ArrayNode channels = rec.putArray("channelExpert");
        List.of("Email", "Phone", "Web").forEach(channels::add);
        if (!a.chatDepartmentIds().isEmpty()) {
            channels.add("Chat");
        }
        array(rec, "_teamIds", a.teamIds());
        save(rec);
    }

    private static void array(ObjectNode rec, String field, List<String> values) {
        ArrayNode a = rec.putArray(field);
        values.forEach(a::add);
    }

    private static IllegalArgumentException unknown(String id) {
        return new IllegalArgumentException("the sandbox Desk has no agent " + id);
    }
}
