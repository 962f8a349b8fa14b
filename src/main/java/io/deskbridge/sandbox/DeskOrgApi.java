package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * HTTP side of the Desk's org-level reads around tickets; callers hold the store lock.
 * <pre>
 * GET /organizationFields?module=tickets   the ticket fields; status's allowedValues are {value, statusType}
 * GET /departments?from&amp;limit&amp;isEnabled        the org's departments: Support (the tickets') and Sales
 * GET /customerHappiness?department=allDepartment|{id}&amp;ticketId|contactId|accountId|agentId&amp;rating
 *     &amp;startTime&amp;endTime&amp;sortBy=ratedTime|-ratedTime&amp;from&amp;limit&amp;include=contacts,tickets,agents
 * </pre>
 */
final class DeskOrgApi {

    static final List<String> CHANNELS = List.of(
            "Email", "Phone", "Web", "Chat", "Forums", "Twitter", "Facebook", "Feedback Widget", "Customer Portal");
    static final Set<String> HAPPINESS_SUBJECTS = Set.of("agentId", "contactId", "accountId", "ticketId");
    static final Set<String> HAPPINESS_UNSUPPORTED = Set.of("duration", "startDate", "endDate");

    private final DeskSimulator desk;
    private final DeskTickets tickets;

    DeskOrgApi(DeskSimulator desk) {
        this.desk = desk;
        this.tickets = desk.tickets();
    }

    // ------------------------------------------------------------------------------------------ fields

    SandboxResponse fields(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("module", "apiNames"));
        if (bad != null) {
            return bad;
        }
        String module = req.param("module");
        if (module == null || module.isBlank()) {
            return DeskApi.unprocessable("The parameter 'module' is mandatory.");
        }
        if (!module.equals("tickets")) {
            return DeskApi.unprocessable(
                    "The sandbox serves the fields of module 'tickets' only, not '" + module + "'.");
        }
        ArrayNode statusValues = Json.arr();
        for (TicketStatuses.Status s : tickets.statuses.all()) {
            statusValues.addObject().put("value", s.value()).put("statusType", s.type());
        }
        List<ObjectNode> fields = List.of(
                field(1, "subject", "Subject", "Text", 255, true),
                field(2, "departmentId", "Department", "LookUp", 50, true),
                field(3, "contactId", "Contact Name", "LookUp", 50, true),
                field(4, "accountId", "Account Name", "LookUp", 50, false),
                field(5, "email", "Email", "Email", 120, false),
                field(6, "phone", "Phone", "Phone", 120, false),
                picklist(field(7, "status", "Status", "Picklist", 120, false), statusValues),
                picklist(field(8, "priority", "Priority", "Picklist", 120, false), values(DeskTickets.PRIORITIES)),
                picklist(field(9, "channel", "Channel", "Picklist", 120, false), values(CHANNELS)),
                field(10, "assigneeId", "Ticket Owner", "LookUp", 50, false),
                field(11, "dueDate", "Due Date", "DateTime", 300, false),
                field(12, "description", "Description", "Textarea", 65535, false),
                field(13, "category", "Category", "Text", 120, false),
                field(14, "classification", "Classification", "Text", 120, false));
        Set<String> only = req.param("apiNames") == null ? null : TicketsApi.csv(req.param("apiNames"));
        ObjectNode body = Json.obj();
        ArrayNode data = body.putArray("data");
        fields.stream()
                .filter(f -> only == null || only.contains(f.get("apiName").asText()))
                .forEach(data::add);
        return SandboxResponse.of(200, body);
    }

    private static ObjectNode field(
            int n, String apiName, String label, String type, int maxLength, boolean mandatory) {
        return Json.obj()
                .put("displayLabel", label)
                .put("apiName", apiName)
                .put("isCustomField", false)
                .put("showToHelpCenter", true)
                .put("i18NLabel", label)
                .put("name", apiName)
                .put("isEncryptedField", false)
                .put("id", Long.toString(1892000000008000L + n))
                .put("type", type)
                .put("maxLength", maxLength)
                .put("isMandatory", mandatory);
    }

    private static ObjectNode picklist(ObjectNode field, ArrayNode allowedValues) {
        field.set("allowedValues", allowedValues);
        return field;
    }

    private static ArrayNode values(List<String> values) {
        ArrayNode a = Json.arr();
        values.forEach(v -> a.addObject().put("value", v));
        return a;
    }

    // ------------------------------------------------------------------------------------------ departments

    SandboxResponse departments(SandboxRequest req) {
        SandboxResponse bad = DeskApi.extraParam(req, Set.of("from", "limit", "isEnabled", "chatStatus", "searchStr"));
        if (bad == null) {
            bad = TicketsApi.unsupported(req, Set.of("chatStatus", "searchStr"));
        }
        if (bad != null) {
            return bad;
        }
        Object paging = DeskPaging.read(req, 0, DeskApi.MAX_FROM, 10, 200);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        if ("false".equals(req.param("isEnabled"))) {
            return SandboxResponse.empty(204);
        }
        ObjectNode d = TicketsApi.department()
                .put("isAssignToTeamEnabled", false)
                .put("chatStatus", "DISABLED")
                .put("hasLogo", false)
                .put("isVisibleInCustomerPortal", true)
                .put("creatorId", DeskTickets.AGENT.id())
                .putNull("description")
                .put("isEnabled", true)
                .put("isDefault", true)
                .put("nameInCustomerPortal", DeskTickets.DEPARTMENT_NAME)
                .put("sanitizedName", DeskTickets.DEPARTMENT_NAME.toLowerCase(Locale.ROOT))
                .put("createdTime", "2026-01-01T00:00:00.000Z");
        ArrayNode agents = d.putArray("associatedAgentIds");
        DeskTickets.AGENTS.keySet().stream().sorted().forEach(agents::add);
        return ((DeskPaging) paging).pageFromOne(DeskProductsApi.departments(d));
    }

    // ------------------------------------------------------------------------------------------ happiness

    /**
     * Happiness ratings, oldest first unless {@code sortBy=-ratedTime}. {@code department} is mandatory; at most one of
     * agentId, contactId, accountId, ticketId narrows the list; startTime/endTime are epoch millis.
     */
    SandboxResponse happiness(SandboxRequest req) {
        Set<String> allowed = new java.util.HashSet<>(
                Set.of("department", "startTime", "endTime", "from", "limit", "rating", "sortBy", "include"));
        allowed.addAll(HAPPINESS_SUBJECTS);
        allowed.addAll(HAPPINESS_UNSUPPORTED);
        SandboxResponse bad = DeskApi.extraParam(req, allowed);
        if (bad == null) {
            bad = TicketsApi.unsupported(req, HAPPINESS_UNSUPPORTED);
        }
        if (bad != null) {
            return bad;
        }
        String department = req.param("department");
        if (department == null || department.isBlank()) {
            return DeskApi.unprocessable("The parameter 'department' is mandatory: allDepartment or a department id.");
        }
        boolean ourDepartment = department.equals("allDepartment") || department.equals(DeskTickets.DEPARTMENT_ID);
        List<String> subjects =
                HAPPINESS_SUBJECTS.stream().filter(req::hasParam).sorted().toList();
        if (subjects.size() > 1) {
            return DeskApi.unprocessable(
                    "Only one of agentId, contactId, accountId and ticketId can be given, not " + subjects + ".");
        }
        Object paging = DeskPaging.read(req, 0, Integer.MAX_VALUE, 10, DeskApi.MAX_LIMIT);
        if (paging instanceof SandboxResponse r) {
            return r;
        }
        String sortBy = req.param("sortBy") == null ? "ratedTime" : req.param("sortBy");
        if (!sortBy.equals("ratedTime") && !sortBy.equals("-ratedTime")) {
            return DeskApi.unprocessable(
                    "The value passed for 'sortBy' is invalid. Allowed values are ratedTime and -ratedTime.");
        }
        Set<String> include = req.param("include") == null ? Set.of() : TicketsApi.csv(req.param("include"));
        if (!Set.of("contacts", "tickets", "agents").containsAll(include)) {
            return DeskApi.unprocessable(
                    "The value passed for 'include' is invalid. Allowed values are contacts, tickets and agents.");
        }
        List<Predicate<ObjectNode>> filters = new ArrayList<>();
        if (req.param("rating") != null) {
            String rating = req.param("rating").strip().toUpperCase(Locale.ROOT);
            if (!DeskTickets.RATINGS.contains(rating)) {
                return DeskApi.unprocessable(
                        "The value passed for 'rating' is invalid. Allowed values are good, ok and bad.");
            }
            filters.add(r -> rating.equals(Json.text(r, "rating")));
        }
        for (String t : List.of("startTime", "endTime")) {
            if (req.param(t) != null) {
                Long ms = parseLong(req.param(t));
                if (ms == null) {
                    return DeskApi.unprocessable("The value passed for '" + t + "' is invalid. Give epoch millis.");
                }
                filters.add(r -> {
                    long rated = Times.parseDesk(r.get("ratedTime").asText());
                    return t.equals("startTime") ? rated >= ms : rated <= ms;
                });
            }
        }
        if (!subjects.isEmpty()) {
            String key = subjects.get(0);
            String value = req.param(key);
            filters.add(
                    key.equals("accountId")
                            ? r -> value.equals(Json.text(
                                    tickets.tickets.get(
                                            Long.parseLong(r.get("ticketId").asText())),
                                    "accountId"))
                            : r -> value.equals(Json.text(r, key)));
        }
        List<ObjectNode> all = new ArrayList<>();
        if (ourDepartment) {
            for (RecordTable.Meta m : tickets.ratings.byCreated()) {
                ObjectNode r = tickets.ratings.get(m.id());
                if (filters.stream().allMatch(f -> f.test(r))) {
                    all.add(withIncludes(r, include));
                }
            }
        }
        if (sortBy.startsWith("-")) {
            Collections.reverse(all);
        }
        return ((DeskPaging) paging).page(all);
    }

    private ObjectNode withIncludes(ObjectNode rating, Set<String> include) {
        ObjectNode out = rating.deepCopy();
        if (include.contains("tickets")) {
            ObjectNode t =
                    tickets.tickets.get(Long.parseLong(rating.get("ticketId").asText()));
            out.set(
                    "ticket",
                    Json.obj()
                            .put("id", t.get("id").asText())
                            .put("ticketNumber", t.get("ticketNumber").asText())
                            .put("subject", Json.text(t, "subject")));
        }
        if (include.contains("contacts")) {
            String id = Json.text(rating, "contactId");
            ObjectNode c = id == null ? null : desk.contacts.get(Long.parseLong(id));
            out.set(
                    "contact",
                    c == null
                            ? null
                            : Json.obj()
                                    .put("id", id)
                                    .put("firstName", Json.text(c, "firstName"))
                                    .put("lastName", Json.text(c, "lastName"))
                                    .put("email", Json.text(c, "email")));
        }
        if (include.contains("agents")) {
            DeskTickets.Agent a = DeskTickets.agent(Json.text(rating, "agentId"));
            out.set("agent", a == null ? null : a.author());
        }
        return out;
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
