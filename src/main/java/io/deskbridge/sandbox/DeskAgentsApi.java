package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * HTTP side of the simulated Desk agents and their work under {@code /sandbox/desk/api/v1}; callers hold the store
 * lock. Shapes and limits follow zohodesk-oas Agent.json, Team.json, Ticket.json, Task.json, Call.json and
 * Event.json:
 * <pre>
 * GET    /agents?status=ACTIVE|DISABLED&amp;isConfirmed&amp;rolePermissionType&amp;isLightAgent&amp;include=profile,role&amp;from&amp;limit(≤200)
 * GET    /agents/{id}?include=profile,role     GET /agents/{id}/teams     POST /agents/{id}/deactivate → 204
 * DELETE /agents/{id} → 204                     GET /deletedAgents?status  POST /deletedAgents/{id}/anonymize → 204
 * GET    /agentsTicketsCount?agentIds(≤50)&amp;departmentId → {data:[{agentId,openCount,onholdCount,...}]}
 * GET    /{tasks|calls|events}?assignee&amp;isCompleted&amp;departmentId&amp;from&amp;limit(≤100)
 * POST   /{tasks|calls|events}/updateMany {ids,fieldName:"ownerId",fieldValue} → 200 {results:[{id,success,errors}]}
 * POST   /tickets/updateMany {ids(≤50),fieldName:"assigneeId",fieldValue,isCustomField} → 204
 * </pre>
 * {@code tickets/updateMany} refuses, all or nothing, an assignee that is not active, is a light agent or is not in a
 * ticket's department (422 INVALID_DATA), as the Desk's own reassignment keeps "within the same department" [U].
 */
final class DeskAgentsApi {

    static final int MAX_AGENT_LIMIT = 200;
    static final int MAX_ACTIVITY_LIMIT = 100;
    /** Ids one {@code updateMany} takes (third-party use; the OAS declares no maximum) [3P]. */
    static final int MAX_BULK = 50;

    static final Set<String> AGENT_LIST_PARAMS = Set.of(
            "status", "isConfirmed", "rolePermissionType", "isLightAgent", "departmentIds", "include", "from", "limit");
    static final Set<String> ACTIVITY_LIST_PARAMS =
            Set.of("assignee", "isCompleted", "departmentId", "departmentIds", "from", "limit");
    static final Set<String> INCLUDES = Set.of("profile", "role");

    private final DeskSimulator desk;
    private final AgentDirectory directory;

    DeskAgentsApi(DeskSimulator desk) {
        this.desk = desk;
        this.directory = desk.agents();
    }

    static boolean serves(List<String> seg) {
        return !seg.isEmpty()
                && (Set.of("agents", "deletedAgents", "agentsTicketsCount").contains(seg.get(0))
                        || AgentDirectory.MODULES.containsKey(seg.get(0))
                        || (seg.size() == 2
                                && seg.get(0).equals("tickets")
                                && seg.get(1).equals("updateMany")));
    }

    SandboxResponse handle(SandboxRequest req) {
        List<String> seg = req.segments();
        String m = req.method();
        String first = seg.get(0);
        if (first.equals("tickets")) {
            return TicketsApi.only(m, "POST", () -> updateTickets(req));
        }
        if (first.equals("agentsTicketsCount")) {
            return seg.size() == 1 ? TicketsApi.only(m, "GET", () -> ticketCounts(req)) : DeskApi.notFound();
        }
        if (AgentDirectory.MODULES.containsKey(first)) {
            if (seg.size() == 1) {
                return TicketsApi.only(m, "GET", () -> activities(req, first));
            }
            return seg.size() == 2 && seg.get(1).equals("updateMany")
                    ? TicketsApi.only(m, "POST", () -> updateActivities(req, first))
                    : DeskApi.notFound();
        }
        if (first.equals("deletedAgents")) {
            if (seg.size() == 1) {
                return TicketsApi.only(m, "GET", () -> deletedAgents(req));
            }
            return seg.size() == 3 && seg.get(2).equals("anonymize")
                    ? TicketsApi.only(m, "POST", () -> anonymize(req, seg.get(1)))
                    : DeskApi.notFound();
        }
        if (seg.size() == 1) {
            return TicketsApi.only(m, "GET", () -> agents(req));
        }
        String id = seg.get(1);
        if (seg.size() == 2) {
            return switch (m) {
                case "GET" -> agent(req, id);
                case "DELETE" -> delete(id);
                default -> DeskApi.notAllowed();
            };
        }
        if (seg.size() == 3 && seg.get(2).equals("teams")) {
            return TicketsApi.only(m, "GET", () -> teams(id));
        }
        if (seg.size() == 3 && seg.get(2).equals("deactivate")) {
            return TicketsApi.only(m, "POST", () -> deactivate(id));
        }
        return DeskApi.notFound();
    }

    // ------------------------------------------------------------------------------------------ agents

    private SandboxResponse agents(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(req, AGENT_LIST_PARAMS);
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_FROM, 10, MAX_AGENT_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        Object include = includes(req);
        if (include instanceof SandboxResponse r) {
            return r;
        }
        List<Predicate<ObjectNode>> filters = new ArrayList<>();
        String status = req.param("status");
        if (status != null
                && !Set.of("ACTIVE", "DISABLED", "DELETED", "IMPORTED").contains(status)) {
            return DeskApi.unprocessable(
                    "The value passed for 'status' is invalid. Allowed values are ACTIVE, DISABLED, DELETED, IMPORTED.");
        }
        Set<String> statuses = status == null ? Set.of("ACTIVE", "DISABLED") : Set.of(status);
        filters.add(a -> statuses.contains(a.path("status").asText()));
        if (req.param("isConfirmed") != null) {
            boolean confirmed = Boolean.parseBoolean(req.param("isConfirmed"));
            filters.add(a -> a.path("isConfirmed").asBoolean() == confirmed);
        }
        if (req.param("isLightAgent") != null) {
            boolean light = Boolean.parseBoolean(req.param("isLightAgent"));
            filters.add(a -> "Light".equals(Json.text(a, "rolePermissionType")) == light);
        }
        String type = req.param("rolePermissionType");
        if (type != null) {
            filters.add(a -> type.equals("${NON_LIGHT}")
                    ? !"Light".equals(Json.text(a, "rolePermissionType"))
                    : type.equals(Json.text(a, "rolePermissionType")));
        }
        if (req.param("departmentIds") != null) {
            Set<String> wanted = Set.of(req.param("departmentIds").split(","));
            filters.add(a -> texts(a.path("associatedDepartmentIds")).stream().anyMatch(wanted::contains));
        }
        List<ObjectNode> out = new ArrayList<>();
        for (RecordTable.Meta meta : directory.agents.byId(true)) {
            ObjectNode a = directory.agents.get(meta.id());
            if (filters.stream().allMatch(f -> f.test(a))) {
                out.add(wire(a, (Set<?>) include));
            }
        }
        return ((DeskPaging) paging).page(out);
    }

    private SandboxResponse agent(SandboxRequest req, String id) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("include"));
        if (bad != null) {
            return bad;
        }
        Object include = includes(req);
        if (include instanceof SandboxResponse r) {
            return r;
        }
        ObjectNode a = directory.stored(id);
        return a == null ? noAgent(id) : SandboxResponse.of(200, wire(a, (Set<?>) include));
    }

    /** {@code {"teams":[{id,name,departmentId}]}} [U: the response key is not confirmed]. */
    private SandboxResponse teams(String id) {
        ObjectNode a = directory.stored(id);
        if (a == null) {
            return noAgent(id);
        }
        ObjectNode body = Json.obj();
        ArrayNode teams = body.putArray("teams");
        List<String> mine = texts(a.path("_teamIds"));
        for (AgentDirectory.Team t : AgentDirectory.TEAMS) {
            if (mine.contains(t.id())) {
                teams.add(Json.obj().put("id", t.id()).put("name", t.name()).put("departmentId", t.departmentId()));
            }
        }
        return SandboxResponse.of(200, body);
    }

    /** Idempotent: deactivating a deactivated agent again answers 204 too (a retried call after a lost answer). */
    private SandboxResponse deactivate(String id) {
        return setStatus(id, "DISABLED");
    }

    private SandboxResponse delete(String id) {
        return setStatus(id, "DELETED");
    }

    private SandboxResponse setStatus(String id, String status) {
        ObjectNode a = live(id);
        if (a == null) {
            return noAgent(id);
        }
        a.put("status", status);
        return saved(a);
    }

    private SandboxResponse deletedAgents(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("status", "from", "limit"));
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_FROM, 10, MAX_AGENT_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        Set<String> wanted =
                req.param("status") == null ? Set.of("DELETED", "ANONYMIZED") : Set.of(req.param("status"));
        List<ObjectNode> out = new ArrayList<>();
        for (RecordTable.Meta meta : directory.agents.byId(true)) {
            ObjectNode a = directory.agents.get(meta.id());
            if (wanted.contains(a.path("status").asText())) {
                ObjectNode item = Json.obj();
                for (String f : List.of("id", "firstName", "lastName", "name", "status")) {
                    item.set(f, a.get(f));
                }
                out.add(item);
            }
        }
        return ((DeskPaging) paging).page(out);
    }

    private SandboxResponse anonymize(SandboxRequest req, String id) {
        ObjectNode a = directory.stored(id);
        if (a == null
                || !Set.of("DELETED", "ANONYMIZED").contains(a.path("status").asText())) {
            return DeskApi.error(404, "RESOURCE_NOT_FOUND", "No deleted agent with id " + id);
        }
        String name = "Anonymous";
        if (req.body() != null && !req.body().isBlank()) {
            Object b = DeskApi.body(req);
            if (b instanceof SandboxResponse r) {
                return r;
            }
            String given = Json.text((JsonNode) b, "anonymizedName");
            if (given != null && given.length() > 50) {
                return DeskApi.invalidData(List.of(DeskSimulator.fieldError(
                        "anonymizedName", "invalid", "anonymizedName is longer than 50 characters")));
            }
            name = given == null ? name : given;
        }
        a.put("status", "ANONYMIZED").put("firstName", "").put("lastName", name).put("name", name);
        a.put("emailId", "anonymized-" + id + "@sandbox.example");
        return saved(a);
    }

    // ------------------------------------------------------------------------------------------ work

    private SandboxResponse updateTickets(SandboxRequest req) {
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        JsonNode body = (JsonNode) b;
        Object ids = ids(body);
        if (ids instanceof SandboxResponse r) {
            return r;
        }
        if (!"assigneeId".equals(Json.text(body, "fieldName"))
                || body.path("isCustomField").asBoolean(false)) {
            return DeskApi.invalidData(List.of(DeskSimulator.fieldError(
                    "fieldName", "invalid", "the sandbox's tickets/updateMany changes only assigneeId")));
        }
        String owner = owner(body);
        List<ObjectNode> tickets = new ArrayList<>();
        for (String id : strings(ids)) {
            Long key = CrmSimulator.parseId(id);
            ObjectNode t = key == null ? null : desk.tickets().tickets.get(key);
            if (t == null || t.path("isTrashed").asBoolean(false)) {
                return DeskApi.invalidData(
                        List.of(DeskSimulator.fieldError("ids", "invalid", "No ticket with id " + id)));
            }
            String refusal = owner == null ? null : refusal(owner, Json.text(t, "departmentId"));
            if (refusal != null) {
                return DeskApi.invalidData(List.of(DeskSimulator.fieldError("fieldValue", "invalid", refusal)));
            }
            tickets.add(t);
        }
        String now = Times.desk(desk.nextMillis());
        for (ObjectNode t : tickets) {
            t.put("assigneeId", owner).put("modifiedTime", now);
            desk.tickets().tickets.put(Long.parseLong(t.get("id").asText()), t);
            directory.assigned(t.get("id").asText());
        }
        desk.store().commit();
        return SandboxResponse.empty(204);
    }

    /**
     * {@code GET agentsTicketsCount?agentIds(≤50)&departmentId(id|allDepartment)} → {@code {"data":[{agentId,
     * openCount, onholdCount, overDueCount, dueIn1HrCount, isOnline, channel}]}}; trashed tickets are not counted.
     */
    private SandboxResponse ticketCounts(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("agentIds", "departmentId"));
        if (bad != null) {
            return bad;
        }
        String agentIds = req.param("agentIds");
        String department = req.param("departmentId");
        if (agentIds == null || agentIds.isBlank() || department == null) {
            return DeskApi.unprocessable("agentIds and departmentId are required");
        }
        List<String> ids = List.of(agentIds.split(","));
        if (ids.size() > MAX_BULK) {
            return DeskApi.unprocessable("agentIds takes at most " + MAX_BULK + " values, not " + ids.size());
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        ids.forEach(id -> counts.put(id, new int[2]));
        for (long key : desk.tickets().tickets.keys()) {
            ObjectNode t = desk.tickets().tickets.get(key);
            int[] c = counts.get(Json.text(t, "assigneeId"));
            if (c == null
                    || t.path("isTrashed").asBoolean(false)
                    || !("allDepartment".equals(department) || department.equals(Json.text(t, "departmentId")))) {
                continue;
            }
            String type = Json.text(t, "statusType");
            if (TicketStatuses.OPEN.equals(type)) {
                c[0]++;
            } else if (TicketStatuses.ON_HOLD.equals(type)) {
                c[1]++;
            }
        }
        ArrayNode data = Json.arr();
        counts.forEach((id, c) -> data.add(Json.obj()
                .put("agentId", id)
                .put("openCount", c[0])
                .put("onholdCount", c[1])
                .put("overDueCount", 0)
                .put("dueIn1HrCount", 0)
                .put("isOnline", false)
                .set("channel", Json.arr())));
        return SandboxResponse.of(200, Json.obj().set("data", data));
    }

    private SandboxResponse activities(SandboxRequest req, String module) {
        SandboxResponse bad = DeskApi.extraParam(req, ACTIVITY_LIST_PARAMS);
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_FROM, 10, MAX_ACTIVITY_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        List<Predicate<ObjectNode>> filters = new ArrayList<>();
        filters.add(a -> module.equals(Json.text(a, "_module")));
        if (req.param("assignee") != null) {
            Set<String> who = Set.of(req.param("assignee").split(","));
            if (who.size() > 20) {
                return DeskApi.unprocessable("The value passed for 'assignee' exceeds the limit of 20 ids.");
            }
            filters.add(a -> who.contains(Json.text(a, "ownerId")));
        }
        if (req.param("isCompleted") != null) {
            boolean done = Boolean.parseBoolean(req.param("isCompleted"));
            filters.add(a -> a.path("isCompleted").asBoolean() == done);
        }
        for (String p : List.of("departmentId", "departmentIds")) {
            if (req.param(p) != null) {
                Set<String> d = Set.of(req.param(p).split(","));
                filters.add(a -> d.contains(Json.text(a, "departmentId")));
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (RecordTable.Meta meta : directory.activities.byId(true)) {
            ObjectNode a = directory.activities.get(meta.id());
            if (filters.stream().allMatch(f -> f.test(a))) {
                out.add(DeskTickets.strip(a));
            }
        }
        return ((DeskPaging) paging).page(out);
    }

    /** Each id moves or fails on its own: 200 {@code {"results":[{id,success,errors}]}} (CommonMassActionResponse). */
    private SandboxResponse updateActivities(SandboxRequest req, String module) {
        Object b = DeskApi.body(req, Set.of());
        if (b instanceof SandboxResponse r) {
            return r;
        }
        JsonNode body = (JsonNode) b;
        Object ids = ids(body);
        if (ids instanceof SandboxResponse r) {
            return r;
        }
        boolean ownerField = "ownerId".equals(Json.text(body, "fieldName"));
        String owner = owner(body);
        ObjectNode answer = Json.obj();
        ArrayNode results = answer.putArray("results");
        String now = Times.desk(desk.nextMillis());
        for (String id : strings(ids)) {
            Long key = CrmSimulator.parseId(id);
            ObjectNode a = key == null ? null : directory.activities.get(key);
            String refusal;
            if (!ownerField) {
                refusal = "Either the field is invalid or the field may be restricted to update";
            } else if (a == null || !module.equals(Json.text(a, "_module"))) {
                refusal = "No " + module + " record with id " + id;
            } else {
                refusal = owner == null ? null : refusal(owner, Json.text(a, "departmentId"));
            }
            ObjectNode result = results.addObject().put("id", id).put("success", refusal == null);
            if (refusal == null) {
                result.putNull("errors");
                a.put("ownerId", owner).put("modifiedTime", now);
                directory.activities.put(key, a);
            } else {
                result.putObject("errors")
                        .put("errorMessage", refusal)
                        .put("errorCode", "UNPROCESSABLE_ENTITY")
                        .put("httpCode", "422");
            }
        }
        desk.store().commit();
        return SandboxResponse.of(200, answer);
    }

    /** Why {@code agentId} may not own work of the department, or null when it may. */
    private String refusal(String agentId, String departmentId) {
        ObjectNode a = directory.stored(agentId);
        if (a == null || !"ACTIVE".equals(a.path("status").asText())) {
            return "No active agent with id " + agentId;
        }
        if ("Light".equals(Json.text(a, "rolePermissionType"))) {
            return "The agent " + agentId + " is a light agent and cannot own records";
        }
        if (!texts(a.path("associatedDepartmentIds")).contains(departmentId)) {
            return "The agent " + agentId + " is not in the department " + departmentId;
        }
        return null;
    }

    /** The new owner: null (JSON null or "") unassigns [U: the Desk's way to unassign in updateMany]. */
    private static String owner(JsonNode body) {
        String v = Json.text(body, "fieldValue");
        return v == null || v.isEmpty() ? null : v;
    }

    private static Object ids(JsonNode body) {
        JsonNode ids = body.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            return DeskApi.invalidData(List.of(DeskSimulator.fieldError("ids", "missing", "ids is mandatory")));
        }
        if (ids.size() > MAX_BULK) {
            return DeskApi.invalidData(List.of(DeskSimulator.fieldError(
                    "ids", "invalid", "ids takes at most " + MAX_BULK + " values, not " + ids.size())));
        }
        return ids;
    }

    private static List<String> strings(Object ids) {
        return texts((JsonNode) ids);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private Object includes(SandboxRequest req) {
        if (req.param("include") == null) {
            return Set.of();
        }
        Set<String> include = Set.of(req.param("include").split(","));
        if (!INCLUDES.containsAll(include)) {
            return DeskApi.unprocessable(
                    "The value passed for 'include' is invalid. Allowed values are profile, role.");
        }
        return include;
    }

    private static ObjectNode wire(ObjectNode stored, Set<?> include) {
        ObjectNode out = DeskTickets.strip(stored);
        AgentDirectory.Access access = AgentDirectory.ACCESS.get(Json.text(stored, "rolePermissionType"));
        if (include.contains("role")) {
            out.putObject("role")
                    .put("id", access.roleId())
                    .put("name", access.roleName())
                    .put("isDefault", !"Custom".equals(Json.text(stored, "rolePermissionType")))
                    .put("adminRole", "ADMIN".equals(access.profileType()));
        }
        if (include.contains("profile")) {
            out.putObject("profile")
                    .put("id", access.profileId())
                    .put("name", access.profileName())
                    .put("type", access.profileType())
                    .put("lightAgentProfile", "LIGHT".equals(access.profileType()))
                    .put("adminProfile", "ADMIN".equals(access.profileType()));
        }
        return out;
    }

    /** Not deleted. */
    private ObjectNode live(String id) {
        ObjectNode a = directory.stored(id);
        return a != null
                        && Set.of("ACTIVE", "DISABLED")
                                .contains(a.path("status").asText())
                ? a
                : null;
    }

    private SandboxResponse saved(ObjectNode agent) {
        directory.save(agent);
        desk.store().commit();
        return SandboxResponse.empty(204);
    }

    private static SandboxResponse noAgent(String id) {
        return DeskApi.error(404, "RESOURCE_NOT_FOUND", "No agent with id " + id);
    }
}
