package io.deskbridge.connector.zohodesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.DeskAgents;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.TicketStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zoho Desk's agents and the work assigned to them ({@code {api-url}/api/v1/...}, through {@link DeskCalls}: the
 * Desk's caller with its gate, retries, budget and {@code orgId} header) as {@link DeskAgents}.
 * <ul>
 *   <li>Agents: {@code GET agents?status=ACTIVE|DISABLED&include=profile,role&from&limit=200}, one agent
 *       {@code GET agents/{id}?include=profile,role}, its teams {@code GET agents/{id}/teams} (one call an agent).</li>
 *   <li>Open tickets: {@code GET tickets?assignee&departmentId&status=<the org's statuses of type Open and On Hold,
 *       from organizationFields>&sortBy=createdTime&from&limit=100}, for each department of {@code GET departments}:
 *       {@code /tickets} has no status-type filter, and one department's list is shorter than the org's.</li>
 *   <li>Open activities: {@code GET {tasks|calls|events}?assignee&isCompleted=false&from&limit=100}.</li>
 *   <li>One agent's open work is counted from those streams, not from {@code ticketsCountByFieldValues}: the counts
 *       are then exactly what a hand-over would move, and activities have no count of calls and events to use anyway.
 *       A list of agents counts tickets with {@code agentsTicketsCount} (see {@link #openTicketCounts}) and
 *       activities 20 owners a list (see {@link #openActivityCounts}).</li>
 *   <li>Writes: {@code POST tickets/updateMany {ids,fieldName:"assigneeId",fieldValue,isCustomField:false}} → 204
 *       (assigneeId [3P]; a JSON null {@code fieldValue} unassigns [U]); {@code POST {module}/updateMany
 *       {fieldName:"ownerId"}} → 200 {@code {results}}; {@code POST agents/{id}/deactivate},
 *       {@code DELETE agents/{id}}, {@code POST deletedAgents/{id}/anonymize {anonymizedName}} → 204.</li>
 * </ul>
 * The lists take {@code from} up to {@value #MAX_FROM} [3P], so an agent's open tickets are read in windows that
 * each stay short: one list per department and per open status. A window that still reaches the bound is read from
 * both ends ({@code sortBy=createdTime}, then {@code -createdTime}) until the two reads meet; when they do not meet,
 * or an activity list reaches the bound, the read fails naming the list and how many it read, never silently short.
 * Nothing is moved while reading, so the plan and the dry run see every open ticket.
 */
public final class ZohoDeskAgents implements DeskAgents {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoDeskAgents.class);
    static final int AGENT_PAGE = 200;
    static final int WORK_PAGE = 100;
    static final int MAX_FROM = 4999;
    /** Owners an activity list's {@code assignee} takes at once. */
    static final int ASSIGNEES = 20;
    /** What the anonymised agent is called on what they did (≤50 characters). */
    static final String ANONYMISED_NAME = "Former agent";

    private final DeskCalls desk;
    private final ZohoDeskTickets tickets;
    private final int maxFrom;

    public ZohoDeskAgents(ApiCaller caller, URI apiUrl, String orgId, ObjectMapper json) {
        this(caller, apiUrl, orgId, json, MAX_FROM);
    }

    /** {@code maxFrom}: the largest {@code from} the Desk's lists take (small in tests). */
    ZohoDeskAgents(ApiCaller caller, URI apiUrl, String orgId, ObjectMapper json, int maxFrom) {
        this.desk = new DeskCalls(caller, apiUrl, orgId, json);
        this.tickets = new ZohoDeskTickets(caller, apiUrl, orgId, json);
        this.maxFrom = maxFrom;
    }

    @Override
    public String system() {
        return desk.system();
    }

    @Override
    public ApiCaller caller() {
        return desk.caller;
    }

    @Override
    public List<Agent> agents() {
        List<Agent> out = new ArrayList<>();
        for (String status : List.of("ACTIVE", "DISABLED")) {
            for (ObjectNode a :
                    desk.all("agents?status=" + status + "&include=profile,role", AGENT_PAGE, "GET agents")) {
                out.add(agent(a));
            }
        }
        return out;
    }

    @Override
    public Optional<Agent> agent(String agentId) {
        String path = "agents/" + DeskCalls.enc(agentId);
        ApiResponse r = desk.get(path + "?include=profile,role");
        if (r.status() == 404) {
            return Optional.empty();
        }
        Agent a = agent(desk.record(r, "GET " + path));
        return a.status() == Status.DELETED ? Optional.empty() : Optional.of(a);
    }

    @Override
    public OpenWork openWork(String agentId) {
        Map<String, Integer> tickets = new LinkedHashMap<>();
        openTickets(agentId, page -> page.forEach(t -> tickets.merge(t.departmentId(), 1, Integer::sum)));
        Map<String, Integer> activities = new LinkedHashMap<>();
        openActivities(agentId, page -> page.forEach(a -> activities.merge(a.departmentId(), 1, Integer::sum)));
        return new OpenWork(tickets, activities);
    }

    /**
     * {@code GET agentsTicketsCount?agentIds=<≤50>&departmentId=<id>} → {@code {data:[{agentId, openCount,
     * onholdCount}]}} [C], one call per department and 50 agents, plus one for the departments.
     */
    @Override
    public Map<String, Map<String, Integer>> openTicketCounts(List<String> agentIds) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        agentIds.forEach(id -> out.put(id, new LinkedHashMap<>()));
        List<DeskDepartments.Department> departments = new DeskDepartments(desk, List.of()).all();
        for (int i = 0; i < agentIds.size(); i += BULK) {
            String ids = String.join(",", agentIds.subList(i, Math.min(agentIds.size(), i + BULK)));
            for (DeskDepartments.Department d : departments) {
                String path =
                        "agentsTicketsCount?agentIds=" + DeskCalls.enc(ids) + "&departmentId=" + DeskCalls.enc(d.id());
                for (ObjectNode c : desk.page(desk.get(path), "GET agentsTicketsCount")) {
                    int open =
                            c.path("openCount").asInt(0) + c.path("onholdCount").asInt(0);
                    Map<String, Integer> agent = out.get(c.path("agentId").asText());
                    if (agent != null && open > 0) {
                        agent.merge(d.id(), open, Integer::sum);
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code GET {tasks|calls|events}?assignee=<≤20 ids>&isCompleted=false&from&limit=100} for each kind and 20
     * agents, grouped by each activity's {@code ownerId} and {@code departmentId}: {@code 3 x ceil(agents / 20)} calls
     * plus one per further 100 activities. A list that reaches the {@code from} bound fails as for one agent.
     */
    @Override
    public Map<String, Map<String, Integer>> openActivityCounts(List<String> agentIds) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        agentIds.forEach(id -> out.put(id, new LinkedHashMap<>()));
        for (int i = 0; i < agentIds.size(); i += ASSIGNEES) {
            String ids = String.join(",", agentIds.subList(i, Math.min(agentIds.size(), i + ASSIGNEES)));
            for (AgentActivity.Kind kind : AgentActivity.Kind.values()) {
                String call = "GET " + kind.module() + " of agents " + ids;
                Set<String> handed = new HashSet<>();
                Consumer<List<ObjectNode>> count = page -> page.forEach(a -> {
                    Map<String, Integer> agent = out.get(text(a, "ownerId"));
                    if (agent != null) {
                        agent.merge(text(a, "departmentId"), 1, Integer::sum);
                    }
                });
                String path = kind.module() + "?assignee=" + DeskCalls.enc(ids) + "&isCompleted=false";
                if (stream(path, call, Function.identity(), count, handed, Set.of())) {
                    throw tooLong(call, handed.size());
                }
            }
        }
        return out;
    }

    @Override
    public void openTickets(String agentId, Consumer<List<AgentTicket>> page) {
        List<String> open = tickets.statuses().stream()
                .filter(s -> !"Closed".equalsIgnoreCase(s.statusType()))
                .map(TicketStatus::value)
                .distinct()
                .toList();
        Function<ObjectNode, AgentTicket> ticket = t -> new AgentTicket(
                t.path("id").asText(), text(t, "departmentId"), text(t, "teamId"), text(t, "statusType"));
        for (DeskDepartments.Department d : new DeskDepartments(desk, List.of()).all()) {
            for (String status : open) {
                String path = "tickets?assignee=" + DeskCalls.enc(agentId) + "&departmentId=" + DeskCalls.enc(d.id())
                        + "&status=" + DeskCalls.enc(status);
                String window =
                        "GET tickets of agent " + agentId + " in department " + d + " with status '" + status + "'";
                Set<String> handed = new HashSet<>();
                if (stream(path + "&sortBy=createdTime", window, ticket, page, handed, Set.of())
                        && stream(path + "&sortBy=-createdTime", window, ticket, page, handed, Set.copyOf(handed))) {
                    throw tooLong(window + " (read from both ends)", handed.size());
                }
            }
        }
    }

    @Override
    public void openActivities(String agentId, Consumer<List<AgentActivity>> page) {
        for (AgentActivity.Kind kind : AgentActivity.Kind.values()) {
            String path = kind.module() + "?assignee=" + DeskCalls.enc(agentId) + "&isCompleted=false";
            String call = "GET " + kind.module() + " of agent " + agentId;
            Set<String> handed = new HashSet<>();
            if (stream(
                    path,
                    call,
                    a -> new AgentActivity(a.path("id").asText(), kind, text(a, "departmentId"), text(a, "ticketId")),
                    page,
                    handed,
                    Set.of())) {
                throw tooLong(call, handed.size());
            }
        }
    }

    @Override
    public void assignTickets(List<String> ticketIds, String agentId) {
        if (ticketIds.isEmpty()) {
            return;
        }
        desk.done(
                desk.send("POST", "tickets/updateMany", bulk(ticketIds, "assigneeId", agentId), true),
                "POST tickets/updateMany",
                200,
                204);
    }

    @Override
    public List<Refused> assignActivities(AgentActivity.Kind kind, List<String> activityIds, String agentId) {
        if (activityIds.isEmpty()) {
            return List.of();
        }
        String path = kind.module() + "/updateMany";
        ApiResponse r = desk.send("POST", path, bulk(activityIds, "ownerId", agentId), true);
        JsonNode answer = desk.parse(r, "POST " + path);
        if (r.status() != 200) {
            throw desk.error("POST " + path, r, answer);
        }
        Set<String> answered = new HashSet<>();
        List<Refused> refused = new ArrayList<>();
        for (JsonNode result : answer.path("results")) {
            String id = result.path("id").asText();
            answered.add(id);
            if (!result.path("success").asBoolean(false)) {
                refused.add(new Refused(
                        id, result.path("errors").path("errorMessage").asText("refused")));
            }
        }
        for (String id : activityIds) {
            if (!answered.contains(id)) {
                refused.add(new Refused(id, "POST " + path + " answered nothing for this id"));
            }
        }
        return refused;
    }

    @Override
    public void deactivate(String agentId) {
        String path = "agents/" + DeskCalls.enc(agentId) + "/deactivate";
        desk.done(desk.sendEmpty("POST", path, true), "POST " + path, 200, 204);
    }

    /** A repeated delete after a lost answer finds the agent gone (404): that is the delete done, not a failure. */
    @Override
    public void delete(String agentId) {
        String path = "agents/" + DeskCalls.enc(agentId);
        ApiResponse r = desk.sendEmpty("DELETE", path, true);
        if (r.status() != 404) {
            desk.done(r, "DELETE " + path, 200, 204);
        }
    }

    /**
     * Anonymises the deleted agent. A refusal for an agent the Desk lists as {@code ANONYMIZED} already (a repeat
     * after a stop) is the anonymise done; whether the Desk refuses a repeat at all is not known [U].
     */
    @Override
    public void anonymise(String agentId) {
        String path = "deletedAgents/" + DeskCalls.enc(agentId) + "/anonymize";
        ObjectNode body = desk.json.createObjectNode().put("anonymizedName", ANONYMISED_NAME);
        ApiResponse r = desk.send("POST", path, body, true);
        if (r.status() == 200 || r.status() == 204 || !anonymised(agentId)) {
            desk.done(r, "POST " + path, 200, 204);
        }
    }

    private boolean anonymised(String agentId) {
        return desk.all("deletedAgents?status=ANONYMIZED", AGENT_PAGE, "GET deletedAgents").stream()
                .anyMatch(a -> agentId.equals(text(a, "id")));
    }

    /**
     * Hands over the list's records not in {@code handed} a page at a time, up to the Desk's {@code from} bound.
     * Pages may overlap by a record ({@code from} may be 1-based [U]); those are skipped.
     *
     * @param otherEnd what a read from the list's other end handed: meeting one of them ends this read
     * @return true if the read reached the bound without coming to the list's end or meeting the other end (so
     *     records may remain unread)
     */
    private <T> boolean stream(
            String path,
            String call,
            Function<ObjectNode, T> map,
            Consumer<List<T>> consumer,
            Set<String> handed,
            Set<String> otherEnd) {
        for (int from = 0; from <= maxFrom; from += WORK_PAGE) {
            List<ObjectNode> records = desk.page(desk.get(path + "&from=" + from + "&limit=" + WORK_PAGE), call);
            List<T> fresh = new ArrayList<>();
            boolean met = false;
            for (ObjectNode r : records) {
                String id = r.path("id").asText();
                met |= otherEnd.contains(id);
                if (handed.add(id)) {
                    fresh.add(map.apply(r));
                }
            }
            if (!fresh.isEmpty()) {
                consumer.accept(fresh);
            }
            if (met || records.size() < WORK_PAGE) {
                return false;
            }
        }
        return true;
    }

    private RecordRefused tooLong(String call, int read) {
        String message = call + " is longer than the Desk pages to (from ≤ " + maxFrom + "); read " + read
                + " and stopped rather than act on part of it";
        LOG.warn(message);
        return new RecordRefused(system(), 422, "LIST_TOO_LONG", message, null);
    }

    private ObjectNode bulk(List<String> ids, String field, String value) {
        if (ids.size() > BULK) {
            throw new IllegalArgumentException(
                    "a Desk updateMany takes at most " + BULK + " ids, not " + ids.size() + " (split the list)");
        }
        ObjectNode body = desk.json.createObjectNode();
        ids.forEach(body.putArray("ids")::add);
        body.put("fieldName", field);
        if (value == null) {
            body.putNull("fieldValue");
        } else {
            body.put("fieldValue", value);
        }
        return body.put("isCustomField", false);
    }

    private Agent agent(ObjectNode a) {
        String id = a.path("id").asText();
        String permission = text(a, "rolePermissionType");
        return new Agent(
                id,
                a.hasNonNull("name")
                        ? a.get("name").asText()
                        : (text(a, "firstName") + " " + text(a, "lastName")).strip(),
                text(a, "emailId"),
                status(text(a, "status")),
                a.path("isConfirmed").asBoolean(false),
                text(a, "roleId"),
                text(a.path("role"), "name"),
                profileType(text(a.path("profile"), "type"), permission),
                permission,
                texts(a.path("associatedDepartmentIds")),
                texts(a.path("associatedChatDepartmentIds")),
                status(text(a, "status")) == Status.DELETED ? List.of() : teams(id));
    }

    /** {@code {"teams":[{id,...}]}}; a {@code data} array is read the same [U: the answer's key]. */
    private List<String> teams(String agentId) {
        String path = "agents/" + DeskCalls.enc(agentId) + "/teams";
        ApiResponse r = desk.get(path);
        if (r.status() == 204) {
            return List.of();
        }
        JsonNode body = desk.parse(r, "GET " + path);
        if (r.status() != 200) {
            throw desk.error("GET " + path, r, body);
        }
        JsonNode teams = body.has("teams") ? body.get("teams") : body.path("data");
        List<String> out = new ArrayList<>();
        teams.forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    /** ANONYMIZED and CLOSED are deleted agents; IMPORTED ones cannot sign in yet, so they count as deactivated. */
    static Status status(String wire) {
        if (wire == null) {
            return Status.DISABLED;
        }
        return switch (wire) {
            case "ACTIVE" -> Status.ACTIVE;
            case "DELETED", "ANONYMIZED", "CLOSED" -> Status.DELETED;
            default -> Status.DISABLED;
        };
    }

    /** The profile's type; without the profile, what the permission type implies (a portal profile is custom). */
    static ProfileType profileType(String type, String permission) {
        if (type != null) {
            return switch (type) {
                case "ADMIN" -> ProfileType.ADMIN;
                case "STANDARD" -> ProfileType.STANDARD;
                case "LIGHT" -> ProfileType.LIGHT;
                default -> ProfileType.CUSTOM;
            };
        }
        return switch (permission == null ? "" : permission) {
            case "Admin" -> ProfileType.ADMIN;
            case "Light" -> ProfileType.LIGHT;
            case "Custom" -> ProfileType.CUSTOM;
            default -> ProfileType.STANDARD;
        };
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
