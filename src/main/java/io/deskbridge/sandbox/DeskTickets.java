package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Simulated Zoho Desk tickets with their threads, comments and happiness ratings: the Java inspection and setup API
 * (public methods, used by tests and demos) and the operations the HTTP side ({@link TicketsApi},
 * {@link TicketActivityApi}, {@link DeskOrgApi}) performs. Callers of the package-private methods hold the store lock.
 *
 * <p>Tickets are stored in wire shape plus fields starting with {@code _} that only the simulator reads (when the
 * first reply went out, the latest thread); {@link #wire(ObjectNode)} drops them. {@code isOverDue} is computed on
 * every read (a due date in the past on a ticket whose status type is not Closed), so a ticket falls overdue without
 * a write and, as far as the sandbox knows, without a new {@code modifiedTime}. Every other change (fields, status,
 * a thread, a comment, a rating, the trash) sets {@code modifiedTime}.
 */
public final class DeskTickets {

    static final String DEPARTMENT_ID = "1892000000006907";
    static final String DEPARTMENT_NAME = "Support";
    static final String LAYOUT_ID = "1892000000006921";
    static final List<String> PRIORITIES = List.of("High", "Medium", "Low");
    /** Happiness ratings as the API spells them (the {@code rating} filter takes good, ok, bad). */
    static final List<String> RATINGS = List.of("GOOD", "OK", "BAD");

    /** A Desk agent (ticket assignee, reply author, commenter). */
    record Agent(String id, String firstName, String lastName, String email) {
        ObjectNode author() {
            return Json.obj()
                    .put("id", id)
                    .put("firstName", firstName)
                    .put("lastName", lastName)
                    .put("name", firstName + " " + lastName)
                    .put("email", email)
                    .putNull("photoURL")
                    .put("type", "AGENT");
        }
    }

    static final Agent AGENT = new Agent(DeskSimulator.AGENT_ID, "Sandbox", "Agent", "agent@sandbox.example");
    static final Agent SECOND_AGENT = new Agent("1892000000042002", "Aiko", "Support", "aiko@sandbox.example");
    static final Map<String, Agent> AGENTS = Map.of(AGENT.id(), AGENT, SECOND_AGENT.id(), SECOND_AGENT);

    /** The agent with this id, or null (also for a null id: tickets may be unassigned). */
    static Agent agent(String id) {
        return id == null ? null : AGENTS.get(id);
    }

    /** Wire fields a client may send back (e.g. a ticket it read) that a write ignores. */
    static final Set<String> READ_ONLY = Set.of(
            "id",
            "ticketNumber",
            "statusType",
            "createdTime",
            "modifiedTime",
            "closedTime",
            "onholdTime",
            "customerResponseTime",
            "responseDueDate",
            "threadCount",
            "commentCount",
            "taskCount",
            "attachmentCount",
            "approvalCount",
            "timeEntryCount",
            "isOverDue",
            "isEscalated",
            "isResponseOverdue",
            "isSpam",
            "isArchived",
            "isDeleted",
            "isTrashed",
            "sentiment",
            "source",
            "sharedDepartments",
            "secondaryContacts",
            "entitySkills",
            "channelRelatedInfo",
            "layoutDetails",
            "slaId",
            "createdBy",
            "modifiedBy",
            "lockedTime",
            "webUrl",
            "channelCode",
            "layoutId",
            "teamId");

    static final Set<String> TEXT_FIELDS =
            Set.of("phone", "category", "subCategory", "classification", "language", "resolution");

    /** A write's outcome: the ticket in stored form, or the field errors in Desk's shape. */
    record Write(ObjectNode ticket, List<ObjectNode> errors) {
        static Write failed(List<ObjectNode> errors) {
            return new Write(null, errors);
        }
    }

    private final DeskSimulator desk;
    private final SandboxStore store;
    private final Clock clock;
    final RecordTable tickets;
    final RecordTable threads;
    final RecordTable comments;
    final RecordTable ratings;
    final TicketStatuses statuses;

    DeskTickets(DeskSimulator desk, SandboxStore store, Clock clock) {
        this.desk = desk;
        this.store = store;
        this.clock = clock;
        tickets = new RecordTable(
                        store.map("desk.tickets"),
                        (id, r) -> new RecordTable.Meta(
                                id,
                                Times.parseDesk(r.get("createdTime").asText()),
                                Times.parseDesk(r.get("modifiedTime").asText()),
                                !r.path("isTrashed").asBoolean(false)))
                .keyIndex("contact", r -> Json.keys(Json.text(r, "contactId")))
                .keyIndex("account", r -> Json.keys(Json.text(r, "accountId")));
        threads = new RecordTable(store.map("desk.threads"), (id, r) -> at(id, r, "createdTime"))
                .keyIndex("ticket", r -> Json.keys(Json.text(r, "_ticketId")));
        comments = new RecordTable(store.map("desk.comments"), (id, r) -> at(id, r, "commentedTime"))
                .keyIndex("ticket", r -> Json.keys(Json.text(r, "_ticketId")));
        ratings = new RecordTable(store.map("desk.happiness"), (id, r) -> at(id, r, "ratedTime"))
                .keyIndex("ticket", r -> Json.keys(Json.text(r, "ticketId")))
                .keyIndex("contact", r -> Json.keys(Json.text(r, "contactId")));
        for (RecordTable t : List.of(tickets, threads, comments, ratings)) {
            t.load();
        }
        statuses = new TicketStatuses(store);
    }

    private static RecordTable.Meta at(long id, ObjectNode r, String timeField) {
        long t = Times.parseDesk(r.get(timeField).asText());
        return new RecordTable.Meta(id, t, t, true);
    }

    long now() {
        return clock.millis();
    }

    /** The latest modification time of any ticket, thread, comment or rating (0 when none). */
    long latestMillis() {
        long latest = 0;
        for (RecordTable t : List.of(tickets, threads, comments, ratings)) {
            if (!t.byModified().isEmpty()) {
                latest = Math.max(latest, t.byModified().last().modified());
            }
        }
        return latest;
    }

    // ------------------------------------------------------------------------------------------ Java API

    /** Tickets that are not in the trash, in id order, as {@code GET /tickets/{id}} answers. */
    public List<ObjectNode> all() {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (RecordTable.Meta m : tickets.byId(true)) {
                out.add(wire(tickets.get(m.id())));
            }
            return out;
        }
    }

    /** A ticket by id, also when it is in the trash. */
    public Optional<ObjectNode> ticket(String id) {
        synchronized (store.lock) {
            Long key = CrmSimulator.parseId(id);
            ObjectNode t = key == null ? null : tickets.get(key);
            return Optional.ofNullable(t == null ? null : wire(t));
        }
    }

    public int count() {
        synchronized (store.lock) {
            return tickets.visibleCount();
        }
    }

    /**
     * Create a ticket as {@code POST /tickets} does, at the current time. Unlike the API it does not check e-mail
     * syntax; field errors throw IllegalArgumentException.
     */
    public ObjectNode create(ObjectNode fields) {
        synchronized (store.lock) {
            Write w = create(fields, false, runtimeIds(), runtimeIds(), desk.nextMillis());
            return commit(w);
        }
    }

    /** Change fields as {@code PATCH /tickets/{id}} does; field errors throw IllegalArgumentException. */
    public ObjectNode update(String id, ObjectNode fields) {
        synchronized (store.lock) {
            Write w = update(existing(id), fields, false, desk.nextMillis());
            return commit(w);
        }
    }

    /** Threads of a ticket, oldest first, each with its content. */
    public List<ObjectNode> threads(String ticketId) {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (long id : threads.lookup("ticket", Long.toString(existing(ticketId)))) {
                out.add(threadWire(threads.get(id), true));
            }
            return out;
        }
    }

    /** Comments of a ticket, oldest first. */
    public List<ObjectNode> comments(String ticketId) {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (long id : comments.lookup("ticket", Long.toString(existing(ticketId)))) {
                out.add(strip(comments.get(id)));
            }
            return out;
        }
    }

    /** Happiness ratings, oldest first. */
    public List<ObjectNode> ratings() {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (RecordTable.Meta m : ratings.byCreated()) {
                out.add(ratings.get(m.id()));
            }
            return out;
        }
    }

    /** The customer answers by e-mail: an incoming thread from the ticket's contact. */
    public ObjectNode addCustomerReply(String ticketId, String content) {
        return addCustomerReply(ticketId, content, "");
    }

    /** The customer answers by e-mail, copying {@code cc} (comma-separated addresses). */
    public ObjectNode addCustomerReply(String ticketId, String content, String cc) {
        synchronized (store.lock) {
            long key = existing(ticketId);
            ObjectNode in = incoming(tickets.get(key), content, "plainText").put("cc", cc);
            ObjectNode t = addThread(key, in, desk.nextMillis(), runtimeIds());
            store.commit();
            return threadWire(t, true);
        }
    }

    /** An agent comments on the ticket. */
    public ObjectNode addComment(String ticketId, String content, boolean isPublic) {
        synchronized (store.lock) {
            ObjectNode c = addComment(
                    existing(ticketId), content, "plainText", isPublic, AGENT, desk.nextMillis(), runtimeIds());
            store.commit();
            return strip(c);
        }
    }

    /** The customer rates the support on the ticket: rating GOOD, OK or BAD. */
    public ObjectNode rate(String ticketId, String rating, String feedback) {
        synchronized (store.lock) {
            ObjectNode r = rate(existing(ticketId), rating, feedback, desk.nextMillis(), runtimeIds());
            store.commit();
            return r;
        }
    }

    /** An SLA escalation rule fires: {@code isEscalated} becomes true. */
    public ObjectNode escalate(String ticketId) {
        synchronized (store.lock) {
            long key = existing(ticketId);
            ObjectNode t = tickets.get(key);
            t.put("isEscalated", true);
            touch(key, t, desk.nextMillis());
            store.commit();
            return wire(t);
        }
    }

    /** Move tickets to the trash, as {@code POST /tickets/moveToTrash} does. */
    public void trash(Collection<String> ids) {
        synchronized (store.lock) {
            List<Long> keys = new ArrayList<>();
            for (String id : ids) {
                keys.add(existing(id));
            }
            trash(keys, desk.nextMillis());
            store.commit();
        }
    }

    /**
     * Add {@code n} tickets ("Generated ticket i") for the Desk contacts in turn, created and last modified one second
     * apart, the newest now, in one commit: many tickets without thousands of API calls. Returns their ids.
     */
    public List<String> generate(int n) {
        return generateAssigned(n, DEPARTMENT_ID, null, null, null);
    }

    /**
     * As {@link #generate}, in {@code departmentId}, assigned to {@code assigneeId} in {@code teamId} (each may be
     * null) with {@code status} (null: the default): the open work of an agent (issue 16) without an HTTP call apiece.
     */
    public List<String> generateAssigned(int n, String departmentId, String assigneeId, String teamId, String status) {
        synchronized (store.lock) {
            List<ObjectNode> contacts = desk.contacts();
            if (contacts.isEmpty()) {
                throw new IllegalStateException("tickets need a Desk contact; the sandbox has none");
            }
            long now = desk.nextMillis();
            List<String> ids = new ArrayList<>(n);
            LongSupplier idSource = runtimeIds();
            for (int i = 1; i <= n; i++) {
                ObjectNode contact = contacts.get((i - 1) % contacts.size());
                ObjectNode input = Json.obj()
                        .put("subject", "Generated ticket " + i)
                        .put("departmentId", departmentId)
                        .put("contactId", contact.get("id").asText())
                        .put("assigneeId", assigneeId);
                if (status != null) {
                    input.put("status", status);
                }
                Write w = create(input, false, idSource, idSource, now - (n - i) * 1000L);
                if (!w.errors().isEmpty()) {
                    throw new IllegalArgumentException("the sandbox refused a generated ticket: " + w.errors());
                }
                if (teamId != null) {
                    ObjectNode t = w.ticket().put("teamId", teamId);
                    tickets.put(Long.parseLong(t.get("id").asText()), t);
                }
                ids.add(w.ticket().get("id").asText());
            }
            store.commit();
            return ids;
        }
    }

    /** The org's ticket statuses as {@code {value, statusType}}. */
    public List<ObjectNode> statuses() {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (TicketStatuses.Status s : statuses.all()) {
                out.add(Json.obj().put("value", s.value()).put("statusType", s.type()));
            }
            return out;
        }
    }

    /** Add a custom status, as a Desk admin can; type Open, On Hold or Closed. */
    public void addStatus(String value, String statusType) {
        synchronized (store.lock) {
            statuses.add(value, statusType);
            store.commit();
        }
    }

    // ------------------------------------------------------------------------------------------ wire forms

    /** A stored ticket as the API returns it: without simulator fields, {@code isOverDue} as of now. */
    ObjectNode wire(ObjectNode stored) {
        ObjectNode out = strip(stored);
        out.put("isOverDue", overdue(stored, clock.millis()));
        return out;
    }

    static boolean overdue(ObjectNode ticket, long now) {
        Long due = Times.tryParseDesk(Json.text(ticket, "dueDate"));
        return due != null && due < now && !TicketStatuses.CLOSED.equals(Json.text(ticket, "statusType"));
    }

    /** A copy without the fields only the simulator reads. */
    static ObjectNode strip(ObjectNode stored) {
        ObjectNode out = stored.deepCopy();
        List<String> internal = new ArrayList<>();
        out.fieldNames().forEachRemaining(f -> {
            if (f.startsWith("_")) {
                internal.add(f);
            }
        });
        out.remove(internal);
        return out;
    }

    /** A thread as the list ({@code withContent} false) or a single read returns it. */
    static ObjectNode threadWire(ObjectNode stored, boolean withContent) {
        ObjectNode out = strip(stored);
        if (!withContent) {
            for (String f : List.of("content", "fullContentURL", "isContentTruncated", "attachments", "replyTo")) {
                out.remove(f);
            }
        }
        return out;
    }

    static String webUrl(long ticketId) {
        return "https://desk.zoho.com/support/sandbox/ShowHomePage.do#Cases/dv/" + ticketId;
    }

    // ------------------------------------------------------------------------------------------ writes

    LongSupplier runtimeIds() {
        return () -> store.nextId("desk.id", DeskSimulator.FIRST_RUNTIME_ID);
    }

    private ObjectNode commit(Write w) {
        if (!w.errors().isEmpty()) {
            throw new IllegalArgumentException(w.errors().toString());
        }
        store.commit();
        return wire(w.ticket());
    }

    long existing(String id) {
        Long key = CrmSimulator.parseId(id);
        if (key == null || tickets.meta(key) == null) {
            throw new NoSuchElementException("no Desk ticket " + id);
        }
        return key;
    }

    /** A new ticket with every wire field present and Desk's defaults. */
    private static ObjectNode blank() {
        ObjectNode t = Json.obj();
        t.putNull("id");
        t.putNull("ticketNumber");
        t.put("layoutId", LAYOUT_ID);
        for (String f : List.of(
                "email",
                "phone",
                "subject",
                "description",
                "status",
                "statusType",
                "createdTime",
                "modifiedTime",
                "closedTime",
                "onholdTime",
                "dueDate",
                "responseDueDate",
                "customerResponseTime",
                "priority")) {
            t.putNull(f);
        }
        t.put("channel", "Email");
        t.putNull("channelCode");
        t.put("language", "English");
        for (String f : List.of("category", "subCategory", "classification")) {
            t.putNull(f);
        }
        t.put("departmentId", DEPARTMENT_ID);
        for (String f : List.of("contactId", "accountId", "productId", "assigneeId", "teamId")) {
            t.putNull(f);
        }
        for (String f : List.of(
                "threadCount", "commentCount", "taskCount", "attachmentCount", "approvalCount", "timeEntryCount")) {
            t.put(f, "0");
        }
        for (String f : List.of(
                "isOverDue", "isEscalated", "isResponseOverdue", "isSpam", "isArchived", "isDeleted", "isTrashed")) {
            t.put(f, false);
        }
        t.putNull("sentiment");
        t.putNull("resolution");
        t.putObject("source")
                .putNull("appName")
                .putNull("extId")
                .putNull("permalink")
                .put("type", "SYSTEM")
                .putNull("appPhotoURL");
        t.putArray("sharedDepartments");
        t.putArray("secondaryContacts");
        t.putArray("entitySkills");
        t.putNull("channelRelatedInfo");
        t.putObject("layoutDetails").put("id", LAYOUT_ID).put("layoutName", "Default Ticket Layout");
        t.putNull("slaId");
        t.put("createdBy", AGENT.id());
        t.put("modifiedBy", AGENT.id());
        t.putNull("lockedTime");
        t.putNull("webUrl");
        t.putObject("cf");
        return t;
    }

    /**
     * Create a ticket at {@code at} with an id from {@code ticketIds} ({@code ids} for its description thread).
     * {@code strict} (HTTP) validates e-mail syntax. Desk's create needs
     * {@code departmentId} and a contact: {@code contactId}, or a {@code contact} object with {@code lastName} and
     * {@code email} that is matched by e-mail or else created; the sandbox also needs {@code subject}, as Desk's
     * default ticket layout does.
     */
    Write create(JsonNode input, boolean strict, LongSupplier ticketIds, LongSupplier ids, long at) {
        if (input == null || !input.isObject()) {
            return Write.failed(List.of(DeskSimulator.fieldError("", "invalid", "the ticket must be a JSON object")));
        }
        ObjectNode t = blank();
        List<ObjectNode> errs = new ArrayList<>();
        TicketStatuses.Status status = applyFields(input, t, strict, true, errs);
        ObjectNode contactInput = input.get("contact") instanceof ObjectNode o ? o : null;
        if (Json.text(t, "contactId") == null && contactInput == null && !input.has("contactId")) {
            errs.add(DeskSimulator.fieldError("contactId", "missing", "contactId or a contact object is mandatory"));
        }
        if (contactInput != null && Json.text(t, "contactId") == null) {
            for (String f : List.of("lastName", "email")) {
                String v = Json.text(contactInput, f);
                if (v == null || v.isBlank()) {
                    errs.add(DeskSimulator.fieldError("contact/" + f, "missing", "contact." + f + " is mandatory"));
                } else if (f.equals("email") && !Json.validEmail(v.strip())) {
                    errs.add(DeskSimulator.fieldError("contact/email", "invalid", "'" + v + "' is not a valid email"));
                }
            }
        }
        if (!input.has("departmentId")) {
            errs.add(DeskSimulator.fieldError("departmentId", "missing", "departmentId is mandatory"));
        }
        String subject = Json.text(t, "subject");
        if (subject == null || subject.isBlank()) {
            errs.add(DeskSimulator.fieldError("subject", "missing", "subject is mandatory"));
        }
        if (!errs.isEmpty()) {
            return Write.failed(errs);
        }
        ObjectNode contact = Json.text(t, "contactId") != null
                ? desk.contacts.get(Long.parseLong(Json.text(t, "contactId")))
                : findOrCreateContact(contactInput, at);
        t.put("contactId", contact.get("id").asText());
        if (!input.has("email")) {
            t.put("email", Json.text(contact, "email"));
        }
        if (!input.has("accountId")) {
            t.put("accountId", Json.text(contact, "accountId"));
        }
        long id = ticketIds.getAsLong();
        t.put("id", Long.toString(id));
        t.put("ticketNumber", Long.toString(store.nextId("desk.ticketNumber", 101)));
        t.put("createdTime", Times.desk(at));
        t.put("modifiedTime", Times.desk(at));
        t.put("customerResponseTime", Times.desk(at));
        t.put("webUrl", webUrl(id));
        applyStatus(t, status != null ? status : statuses.firstOfType(TicketStatuses.OPEN), at);
        tickets.put(id, t);
        String description = Json.text(t, "description");
        if (description != null && !description.isBlank()) {
            ObjectNode thread = incoming(t, description, "html");
            thread.put("isDescriptionThread", true);
            addThread(id, thread, at, ids);
            t = tickets.get(id);
        }
        return new Write(t, List.of());
    }

    /** Desk matches a new ticket's contact by e-mail and creates it when there is none. */
    private ObjectNode findOrCreateContact(ObjectNode contactInput, long at) {
        String email = Json.text(contactInput, "email").strip();
        List<ObjectNode> same = desk.contactsWithEmail(email);
        if (!same.isEmpty()) {
            return same.get(0);
        }
        ObjectNode c = DeskSimulator.blank(DeskSimulator.Kind.CONTACT, null);
        c.put("lastName", Json.text(contactInput, "lastName"));
        c.put("firstName", Json.text(contactInput, "firstName"));
        c.put("email", email);
        c.put("phone", Json.text(contactInput, "phone"));
        return desk.insert(DeskSimulator.Kind.CONTACT, null, c, at, at);
    }

    /** Change fields of a ticket at {@code at}; a new status moves the status times as Desk does. */
    Write update(long id, JsonNode input, boolean strict, long at) {
        if (input == null || !input.isObject()) {
            return Write.failed(List.of(DeskSimulator.fieldError("", "invalid", "the ticket must be a JSON object")));
        }
        ObjectNode t = tickets.get(id);
        List<ObjectNode> errs = new ArrayList<>();
        TicketStatuses.Status status = applyFields(input, t, strict, false, errs);
        String subject = Json.text(t, "subject");
        if (input.has("subject") && (subject == null || subject.isBlank())) {
            errs.add(DeskSimulator.fieldError("subject", "missing", "subject is mandatory"));
        }
        if (!errs.isEmpty()) {
            return Write.failed(errs);
        }
        if (status != null && !status.value().equals(Json.text(t, "status"))) {
            applyStatus(t, status, at);
        }
        touch(id, t, at);
        return new Write(t, List.of());
    }

    /**
     * Copy the writable fields of {@code input} into {@code t}, collecting field errors. Returns the status asked
     * for (not yet applied: its side effects need the old status), or null.
     */
    private TicketStatuses.Status applyFields(
            JsonNode input, ObjectNode t, boolean strict, boolean creating, List<ObjectNode> errs) {
        TicketStatuses.Status status = null;
        Iterator<Map.Entry<String, JsonNode>> it = input.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            JsonNode v = e.getValue();
            if (READ_ONLY.contains(f) || (f.equals("contact") && creating)) {
                continue;
            }
            boolean isNull = v == null || v.isNull();
            String s = isNull || !v.isValueNode() ? null : v.asText();
            switch (f) {
                case "subject" -> {
                    if (s != null && s.length() > 1000) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "subject is longer than 1000 characters"));
                    } else {
                        t.put(f, s);
                    }
                }
                case "description" -> t.put(f, s);
                case "status" -> {
                    Optional<TicketStatuses.Status> found = statuses.find(s);
                    if (found.isEmpty()) {
                        errs.add(DeskSimulator.fieldError(
                                f,
                                "invalid",
                                "'" + s + "' is not a ticket status of this "
                                        + "org; its statuses are "
                                        + statuses.all().stream()
                                                .map(TicketStatuses.Status::value)
                                                .toList()));
                    } else {
                        status = found.get();
                    }
                }
                case "priority" -> {
                    String p = isNull ? null : canonical(PRIORITIES, s);
                    if (!isNull && p == null) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "priority must be one of " + PRIORITIES));
                    } else {
                        t.put(f, p);
                    }
                }
                case "channel" -> {
                    if (s == null || s.isBlank()) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "channel must be a channel name"));
                    } else {
                        t.put(f, s.strip());
                    }
                }
                case "email" -> {
                    String m = s == null ? null : s.strip();
                    if (m != null && m.isEmpty()) {
                        m = null;
                    }
                    if (m != null && strict && !Json.validEmail(m)) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "'" + s + "' is not a valid email address"));
                    } else {
                        t.put(f, m);
                    }
                }
                case "contactId" -> {
                    Long key = CrmSimulator.parseId(s);
                    RecordTable.Meta m = key == null ? null : desk.contacts.meta(key);
                    if (m == null || !m.visible()) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "No contact with id " + s));
                    } else {
                        t.put(f, s);
                    }
                }
                case "contact" ->
                    errs.add(DeskSimulator.fieldError(
                            f, "invalid", "the sandbox changes a ticket's contact only through contactId"));
                case "departmentId" -> {
                    if (!AgentDirectory.DEPARTMENTS.contains(s)) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "No department with id " + s));
                    } else if (creating) {
                        // A ticket changes department only by POST tickets/{id}/move, which the sandbox lacks.
                        t.put(f, s);
                    }
                }
                case "assigneeId" -> {
                    if (!isNull && !desk.agents().assignable(s)) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "No agent with id " + s));
                    } else {
                        t.put(f, s);
                    }
                }
                case "dueDate" -> {
                    Long due = isNull ? null : Times.tryParseDesk(s);
                    if (!isNull && due == null) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "dueDate must be yyyy-MM-ddTHH:mm:ss.SSSZ"));
                    } else {
                        t.put(f, due == null ? null : Times.desk(due));
                    }
                }
                case "accountId" -> {
                    Long key = isNull ? null : CrmSimulator.parseId(s);
                    if (!isNull && (key == null || desk.accounts.meta(key) == null)) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "No account with id " + s));
                    } else {
                        t.put(f, s);
                    }
                }
                case "productId" -> {
                    if (!isNull && !s.isEmpty()) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "No product with id " + s));
                    }
                }
                case "cf" -> {
                    if (v != null && v.isObject()) {
                        ((ObjectNode) t.get("cf")).setAll((ObjectNode) v);
                    } else if (!isNull) {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "cf must be a JSON object"));
                    }
                }
                default -> {
                    if (TEXT_FIELDS.contains(f)) {
                        t.put(f, s);
                    } else {
                        errs.add(DeskSimulator.fieldError(f, "invalid", "Unknown field " + f));
                    }
                }
            }
        }
        return status;
    }

    private static String canonical(List<String> allowed, String value) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value == null ? "" : value.strip())) {
                return a;
            }
        }
        return null;
    }

    /**
     * Set a ticket's status and what follows from it: {@code closedTime} when it becomes Closed (cleared when it is
     * reopened), {@code onholdTime} when it is put on hold, {@code isEscalated} when the status is Escalated (cleared
     * when the ticket is closed).
     */
    void applyStatus(ObjectNode t, TicketStatuses.Status s, long at) {
        String before = Json.text(t, "statusType");
        t.put("status", s.value());
        t.put("statusType", s.type());
        boolean closed = s.type().equals(TicketStatuses.CLOSED);
        if (closed && !TicketStatuses.CLOSED.equals(before)) {
            t.put("closedTime", Times.desk(at));
        } else if (!closed) {
            t.putNull("closedTime");
        }
        if (s.type().equals(TicketStatuses.ON_HOLD)) {
            if (!TicketStatuses.ON_HOLD.equals(before)) {
                t.put("onholdTime", Times.desk(at));
            }
        } else {
            t.putNull("onholdTime");
        }
        if (s.value().equalsIgnoreCase("Escalated")) {
            t.put("isEscalated", true);
        } else if (closed) {
            t.put("isEscalated", false);
        }
    }

    private void touch(long id, ObjectNode t, long at) {
        t.put("modifiedTime", Times.desk(at));
        t.put("modifiedBy", AGENT.id());
        tickets.put(id, t);
    }

    void close(List<Long> ids, long at) {
        TicketStatuses.Status closed = statuses.firstOfType(TicketStatuses.CLOSED);
        for (long id : ids) {
            ObjectNode t = tickets.get(id);
            if (!TicketStatuses.CLOSED.equals(Json.text(t, "statusType"))) {
                applyStatus(t, closed, at);
                touch(id, t, at);
            }
        }
    }

    void trash(List<Long> ids, long at) {
        for (long id : ids) {
            ObjectNode t = tickets.get(id);
            t.put("isTrashed", true);
            touch(id, t, at);
        }
    }

    /** A new incoming (customer) e-mail thread for {@code ticket}, not yet stored. */
    ObjectNode incoming(ObjectNode ticket, String content, String contentType) {
        ObjectNode contact =
                desk.contacts.get(Long.parseLong(ticket.get("contactId").asText()));
        String first = Json.text(contact, "firstName");
        String last = Json.text(contact, "lastName");
        ObjectNode author = Json.obj()
                .put("id", contact.get("id").asText())
                .put("firstName", first)
                .put("lastName", last)
                .put("name", first == null ? last : first + " " + last)
                .put("email", Json.text(contact, "email"))
                .putNull("photoURL")
                .put("type", "END_USER");
        ObjectNode th = thread("in", content, contentType, author);
        th.put("fromEmailAddress", Json.text(contact, "email"));
        th.put("to", "support@sandbox.example");
        return th;
    }

    /** A new outgoing (agent) e-mail thread, not yet stored. */
    static ObjectNode outgoing(String content, String contentType, String from, String to, Agent agent) {
        ObjectNode th = thread("out", content, contentType, agent.author());
        th.put("fromEmailAddress", from);
        th.put("to", to);
        th.put("responderId", agent.id());
        return th;
    }

    private static ObjectNode thread(String direction, String content, String contentType, ObjectNode author) {
        ObjectNode th = Json.obj();
        th.putNull("id");
        th.put("channel", "EMAIL");
        th.put("direction", direction);
        String plain =
                content.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        th.put("summary", plain.length() > 100 ? plain.substring(0, 100) : plain);
        th.putNull("createdTime");
        th.set("author", author);
        th.putNull("impersonatedUser");
        th.put("visibility", "public");
        th.put("isDescriptionThread", false);
        th.put("canReply", true);
        th.put("hasAttach", false);
        th.put("attachmentCount", "0");
        th.put("isForward", false);
        th.put("contentType", contentType.equals("html") ? "text/html" : "text/plain");
        th.put("status", "SUCCESS");
        th.putNull("respondedIn");
        th.putNull("responderId");
        th.putNull("fromEmailAddress");
        th.putNull("to");
        th.put("cc", "");
        th.put("bcc", "");
        th.put("replyTo", "");
        th.putNull("sentiment");
        th.putNull("keyWords");
        th.putNull("aspects");
        th.putObject("source")
                .putNull("appName")
                .putNull("extId")
                .putNull("permalink")
                .put("type", "SYSTEM")
                .putNull("appPhotoURL");
        th.putNull("lastRatingIconURL");
        th.putNull("channelRelatedInfo");
        th.putArray("actions");
        th.putNull("readReceipts");
        th.put("content", content);
        th.putNull("fullContentURL");
        th.put("isContentTruncated", false);
        th.putArray("attachments");
        return th;
    }

    /**
     * Store {@code thread} on the ticket at {@code at}: the ticket's thread count, latest thread and
     * {@code modifiedTime} move; an incoming thread sets {@code customerResponseTime}, an outgoing one gets
     * {@code respondedIn} (time since the customer's latest message) and the first one is the ticket's first response.
     * Returns the stored thread.
     */
    ObjectNode addThread(long ticketId, ObjectNode thread, long at, LongSupplier ids) {
        ObjectNode t = tickets.get(ticketId);
        long id = ids.getAsLong();
        thread.put("id", Long.toString(id));
        thread.put("createdTime", Times.desk(at));
        thread.put("_ticketId", Long.toString(ticketId));
        String direction = thread.get("direction").asText();
        if (direction.equals("in")) {
            t.put("customerResponseTime", Times.desk(at));
        } else {
            Long customer = Times.tryParseDesk(Json.text(t, "customerResponseTime"));
            thread.put("respondedIn", customer == null ? null : hms(at - customer));
            if (!t.has("_firstResponseTime")) {
                t.put("_firstResponseTime", at);
            }
        }
        threads.put(id, thread);
        t.put(
                "threadCount",
                Integer.toString(Integer.parseInt(t.get("threadCount").asText()) + 1));
        t.putObject("_lastThread")
                .put("channel", "EMAIL")
                .put("isDraft", false)
                .put("isForward", thread.path("isForward").asBoolean(false))
                .put("direction", direction);
        t.put("_lastThreadTime", at);
        touch(ticketId, t, at);
        return thread;
    }

    ObjectNode addComment(
            long ticketId, String content, String contentType, boolean isPublic, Agent by, long at, LongSupplier ids) {
        long id = ids.getAsLong();
        ObjectNode c = Json.obj()
                .put("id", Long.toString(id))
                .put("content", content)
                .put("contentType", contentType)
                .put("isPublic", isPublic)
                .put("commentedTime", Times.desk(at))
                .putNull("modifiedTime")
                .put("commenterId", by.id());
        ObjectNode commenter = by.author().put("roleName", "Agent");
        commenter.remove("id");
        c.set("commenter", commenter);
        c.putArray("attachments");
        c.put("_ticketId", Long.toString(ticketId));
        comments.put(id, c);
        ObjectNode t = tickets.get(ticketId);
        t.put(
                "commentCount",
                Integer.toString(Integer.parseInt(t.get("commentCount").asText()) + 1));
        touch(ticketId, t, at);
        return c;
    }

    ObjectNode rate(long ticketId, String rating, String feedback, long at, LongSupplier ids) {
        String r = canonical(RATINGS, rating);
        if (r == null) {
            throw new IllegalArgumentException("rating must be one of " + RATINGS + ", not " + rating);
        }
        ObjectNode t = tickets.get(ticketId);
        long id = ids.getAsLong();
        ObjectNode rec = Json.obj()
                .put("id", Long.toString(id))
                .put("rating", r)
                .put("feedback", feedback)
                .put("ratedTime", Times.desk(at))
                .put("ticketId", Long.toString(ticketId))
                .put("contactId", Json.text(t, "contactId"))
                .put("agentId", Json.text(t, "assigneeId"))
                .put("departmentId", Json.text(t, "departmentId"));
        ratings.put(id, rec);
        touch(ticketId, t, at);
        return rec;
    }

    /** Time as Desk's threads show {@code respondedIn}: HH:mm:ss. */
    static String hms(long millis) {
        long s = Math.max(0, millis / 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** Time as the ticket metrics show it: HH:mm hrs. */
    static String hoursMinutes(long millis) {
        long m = Math.max(0, millis / 60_000);
        return String.format(Locale.ROOT, "%02d:%02d hrs", m / 60, m % 60);
    }
}
