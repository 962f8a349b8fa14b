package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated Zendesk Sell's data: leads, contacts, notes and tasks (persisted in the sandbox store), its users
 * (owners) and the rules its API enforces on writes. {@link SellApi} speaks the wire format over it; tests read and
 * change it directly through {@code sandbox.sell()}. Ids come from per-resource sequences, so a fresh sandbox always
 * hands out the same ones; times are whole seconds, as Sell's {@code updated_at}.
 */
public final class SellSimulator {

    /** The access token the sandbox's Sell accepts unless {@code deskbridge.sandbox.sell-access-token} says another. */
    public static final String DEFAULT_TOKEN = "sandbox-sell-token";
    /**
     * The longest note content accepted. Sell's real limit was not found in any source (its paragraph custom fields
     * take 64,000 characters); this is a chosen bound the connector and the chats sync keep to.
     */
    public static final int NOTE_MAX_CHARS = 10_000;

    public static final int MAX_PER_PAGE = 100;

    /** A Sell user: records are owned by one. */
    public record User(long id, String name, String email) {}

    public static final User SAM_SALES = new User(2393211L, "Sam Sales", "sam.sales@sandbox.example");
    public static final User RIN_SATO = new User(2393212L, "Rin Sato", "rin.sato@sandbox.example");
    static final List<User> USERS = List.of(SAM_SALES, RIN_SATO);

    public static final String LEADS = "leads";
    public static final String CONTACTS = "contacts";
    public static final String NOTES = "notes";
    public static final String TASKS = "tasks";

    /** What each resource is called in a record's {@code meta.type} and a note's {@code resource_type}. */
    static final Map<String, String> TYPES = Map.of(LEADS, "lead", CONTACTS, "contact", NOTES, "note", TASKS, "task");

    private static final Map<String, Long> FIRST_IDS =
            Map.of(LEADS, 310_000_001L, CONTACTS, 320_000_001L, NOTES, 330_000_001L, TASKS, 340_000_001L);

    private static final Set<String> READ_ONLY = Set.of("id", "creator_id", "created_at", "updated_at");
    private static final Map<String, Set<String>> WRITABLE = Map.of(
            LEADS,
                    Set.of(
                            "first_name",
                            "last_name",
                            "organization_name",
                            "title",
                            "description",
                            "industry",
                            "website",
                            "email",
                            "phone",
                            "mobile",
                            "fax",
                            "owner_id",
                            "status",
                            "source_id",
                            "address",
                            "tags",
                            "custom_fields"),
            CONTACTS,
                    Set.of(
                            "first_name",
                            "last_name",
                            "name",
                            "is_organization",
                            "email",
                            "phone",
                            "mobile",
                            "title",
                            "owner_id",
                            "address",
                            "tags",
                            "custom_fields"),
            NOTES, Set.of("resource_type", "resource_id", "content", "is_important", "tags", "type"),
            TASKS, Set.of("content", "due_date", "owner_id", "resource_type", "resource_id", "completed", "remind_at"));

    /** The version of a record (its {@code meta.version}), kept in the stored JSON and never shown as data. */
    private static final String VERSION = "_version";

    /** One refusal in Sell's error envelope. */
    record SellError(String field, String code, String message, String details) {}

    /** What a write did: the record written, or the refusals and the status they are answered with. */
    record Write(ObjectNode record, int status, List<SellError> errors) {
        static Write ok(ObjectNode record) {
            return new Write(record, 200, List.of());
        }

        static Write refused(int status, SellError error) {
            return new Write(null, status, List.of(error));
        }
    }

    private final SandboxStore store;
    private final Clock clock;
    private final RequestLog requests;
    private final Map<String, RecordTable> tables = new LinkedHashMap<>();
    private volatile String accessToken = DEFAULT_TOKEN;

    SellSimulator(SandboxStore store, Clock clock, RequestLog requests) {
        this.store = store;
        this.clock = clock;
        this.requests = requests;
        RecordTable.MetaFn meta = (id, rec) -> new RecordTable.Meta(
                id, seconds(Json.text(rec, "created_at")), seconds(Json.text(rec, "updated_at")), true);
        for (String module : List.of(LEADS, CONTACTS)) {
            tables.put(
                    module,
                    new RecordTable(store.map("sell." + module), meta)
                            .keyIndex("email", r -> Json.keys(Json.text(r, "email"))));
        }
        for (String module : List.of(NOTES, TASKS)) {
            tables.put(
                    module,
                    new RecordTable(store.map("sell." + module), meta)
                            .keyIndex("resource", r -> List.of(resourceKey(r))));
        }
        synchronized (store.lock) {
            tables.values().forEach(RecordTable::load);
        }
    }

    // ------------------------------------------------------------------------------------------ for tests

    public List<ObjectNode> leads() {
        return all(LEADS);
    }

    public List<ObjectNode> contacts() {
        return all(CONTACTS);
    }

    public List<ObjectNode> notes() {
        return all(NOTES);
    }

    public List<ObjectNode> tasks() {
        return all(TASKS);
    }

    /** One record's data, or null. */
    public ObjectNode record(String module, long id) {
        synchronized (store.lock) {
            ObjectNode stored = table(module).get(id);
            return stored == null ? null : shown(stored);
        }
    }

    /** Adds a lead as the API would create it, now; throws when Sell would refuse it. */
    public ObjectNode addLead(ObjectNode data) {
        return add(LEADS, data, now());
    }

    /** Adds a contact (the API here does not create contacts; Sell's users do). */
    public ObjectNode addContact(ObjectNode data) {
        return add(CONTACTS, data, now());
    }

    /** Adds a record created and last changed at {@code at}; throws when Sell would refuse it. */
    public ObjectNode add(String module, ObjectNode data, Instant at) {
        synchronized (store.lock) {
            Write w = create(module, data, at);
            if (!w.errors().isEmpty()) {
                throw new IllegalArgumentException("Sell refuses this " + TYPES.get(module) + ": " + w.errors());
            }
            store.commit();
            return w.record();
        }
    }

    /** Changes a record's {@code updated_at} (as if someone edited it in Sell) and returns it. */
    public ObjectNode touch(String module, long id, Instant at) {
        synchronized (store.lock) {
            ObjectNode stored = table(module).get(id);
            if (stored == null) {
                throw new IllegalArgumentException("no Sell " + TYPES.get(module) + " " + id);
            }
            stored.put("updated_at", time(at));
            stored.put(VERSION, stored.path(VERSION).asInt(1) + 1);
            table(module).put(id, stored);
            store.commit();
            return shown(stored);
        }
    }

    /**
     * Adds {@code n} leads "Lead {i} Generated" ({@code lead<i>@generated.example}) last changed one second apart,
     * the newest now; one commit.
     */
    public List<ObjectNode> generate(int n) {
        synchronized (store.lock) {
            Instant now = now();
            List<ObjectNode> out = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                ObjectNode lead = Json.obj()
                        .put("first_name", "Lead " + i)
                        .put("last_name", "Generated")
                        .put("email", "lead" + i + "@generated.example");
                out.add(create(LEADS, lead, now.minusSeconds(n - i)).record());
            }
            store.commit();
            return out;
        }
    }

    /** How many requests the sandbox's Sell served with {@code method} on {@code /v2/{path}} ({@code notes}, ...). */
    public long requests(String method, String path) {
        String suffix = "/v2/" + path;
        return requests.entries().stream()
                .filter(e -> "sell".equals(e.system())
                        && e.method().equals(method)
                        && e.path().endsWith(suffix))
                .count();
    }

    /** Changes a record as Sell's user would (e.g. enters a lead's phone); throws when Sell would refuse it. */
    public ObjectNode change(String module, long id, ObjectNode data) {
        Write w = update(module, id, data);
        if (!w.errors().isEmpty()) {
            throw new IllegalArgumentException(
                    "Sell refuses this change of " + TYPES.get(module) + " " + id + ": " + w.errors());
        }
        return w.record();
    }

    /** Deletes a record as Sell's user would (or as converting a lead does); false when there was none. */
    public boolean remove(String module, long id) {
        return delete(module, id);
    }

    /** Something a test has the API do once, right after it applied the next request of a method on a path. */
    record Hook(String method, String pathSuffix, Runnable action, boolean loseAnswer) {}

    private final List<Hook> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Once, right after the next {@code method} request on {@code /v2/{pathSuffix}} is applied, runs {@code action}
     * (someone changing Sell between two calls of a run).
     */
    public void afterNext(String method, String pathSuffix, Runnable action) {
        hooks.add(new Hook(method, "/v2/" + pathSuffix, action, false));
    }

    /** Once: the next {@code method} request on {@code /v2/{pathSuffix}} is applied, and answered 502 (lost). */
    public void loseNextAnswer(String method, String pathSuffix) {
        hooks.add(new Hook(method, "/v2/" + pathSuffix, () -> {}, true));
    }

    /** The hook for a request just applied, taken (each fires once), or null. */
    Hook takeHook(String method, String path) {
        for (Hook h : hooks) {
            if (h.method().equals(method) && path.endsWith(h.pathSuffix()) && hooks.remove(h)) {
                return h;
            }
        }
        return null;
    }

    public void setAccessToken(String token) {
        this.accessToken = token;
    }

    String accessToken() {
        return accessToken;
    }

    boolean isEmpty() {
        synchronized (store.lock) {
            return tables.values().stream().allMatch(RecordTable::isEmpty);
        }
    }

    // ------------------------------------------------------------------------------------------ for the API

    /** One page of a list: the records and whether another page follows. */
    record Listed(List<ObjectNode> records, boolean more) {}

    /**
     * The records of {@code module} matching {@code filters} ({@code email}, {@code ids}, {@code resource_type} with
     * {@code resource_id}), ordered by {@code sortField} ({@code id} breaking ties), page {@code page}.
     */
    Listed list(String module, Map<String, String> filters, String sortField, boolean asc, int page, int perPage) {
        synchronized (store.lock) {
            RecordTable table = table(module);
            List<ObjectNode> matched = new ArrayList<>();
            for (ObjectNode stored : candidates(table, filters)) {
                if (matches(stored, filters)) {
                    matched.add(stored);
                }
            }
            Comparator<ObjectNode> order = Comparator.comparing(
                            (ObjectNode r) -> sortKey(r, sortField), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingLong(r -> r.path("id").asLong());
            matched.sort(asc ? order : order.reversed());
            int from = (page - 1) * perPage;
            List<ObjectNode> out = new ArrayList<>();
            for (int i = from; i < Math.min(matched.size(), from + perPage); i++) {
                out.add(shown(matched.get(i)));
            }
            return new Listed(out, from + perPage < matched.size());
        }
    }

    private static List<ObjectNode> candidates(RecordTable table, Map<String, String> filters) {
        List<Long> ids;
        if (filters.containsKey("email")) {
            ids = table.lookup("email", Json.norm(filters.get("email")));
        } else if (filters.containsKey("resource_type") && filters.containsKey("resource_id")) {
            ids = table.lookup("resource", filters.get("resource_type") + ":" + filters.get("resource_id"));
        } else {
            ids = new ArrayList<>();
            for (RecordTable.Meta m : table.byId(true)) {
                ids.add(m.id());
            }
        }
        List<ObjectNode> out = new ArrayList<>(ids.size());
        for (long id : ids) {
            ObjectNode r = table.get(id);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean matches(ObjectNode r, Map<String, String> filters) {
        String ids = filters.get("ids");
        if (ids != null && !List.of(ids.split(",")).contains(r.path("id").asText())) {
            return false;
        }
        String type = filters.get("resource_type");
        String resource = filters.get("resource_id");
        return (type == null || type.equals(Json.text(r, "resource_type")))
                && (resource == null || resource.equals(r.path("resource_id").asText()));
    }

    /** A field as it sorts: text as is (ISO times sort as text), numbers zero-padded. */
    private static String sortKey(ObjectNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() ? String.format("%020d", v.asLong()) : v.asText();
    }

    ObjectNode get(String module, long id) {
        return record(module, id);
    }

    /** A record created now through the API. */
    Write create(String module, ObjectNode data) {
        synchronized (store.lock) {
            Write w = create(module, data, now());
            if (w.errors().isEmpty()) {
                store.commit();
            }
            return w;
        }
    }

    /** Changes a lead through the API: its attributes replaced by those given, the rest kept. */
    Write update(String module, long id, ObjectNode data) {
        synchronized (store.lock) {
            ObjectNode stored = table(module).get(id);
            if (stored == null) {
                return Write.refused(404, notFound(module, id));
            }
            ObjectNode merged = stored.deepCopy();
            List<SellError> errors = attributes(module, data, merged);
            errors.addAll(validate(module, merged));
            if (!errors.isEmpty()) {
                return new Write(null, 422, errors);
            }
            merged.put("updated_at", time(now()));
            merged.put(VERSION, stored.path(VERSION).asInt(1) + 1);
            table(module).put(id, merged);
            store.commit();
            return Write.ok(shown(merged));
        }
    }

    boolean delete(String module, long id) {
        synchronized (store.lock) {
            if (table(module).get(id) == null) {
                return false;
            }
            table(module).remove(id);
            store.commit();
            return true;
        }
    }

    static SellError notFound(String module, long id) {
        return new SellError(
                null, "not_found", "The requested resource could not be found", TYPES.get(module) + " " + id);
    }

    // ------------------------------------------------------------------------------------------ internals

    private Write create(String module, ObjectNode data, Instant at) {
        ObjectNode rec = Json.obj();
        List<SellError> errors = attributes(module, data, rec);
        errors.addAll(validate(module, rec));
        if (!errors.isEmpty()) {
            return new Write(null, 422, errors);
        }
        long id = store.nextId("sell." + module, FIRST_IDS.get(module));
        rec.put("id", id);
        rec.put("creator_id", SAM_SALES.id());
        if (!NOTES.equals(module) && !rec.hasNonNull("owner_id")) {
            rec.put("owner_id", SAM_SALES.id());
        }
        defaults(module, rec);
        rec.put("created_at", time(at));
        rec.put("updated_at", time(at));
        rec.put(VERSION, 1);
        table(module).put(id, rec);
        return Write.ok(shown(rec));
    }

    private static void defaults(String module, ObjectNode rec) {
        switch (module) {
            case LEADS, CONTACTS -> {
                if (!rec.has("tags")) {
                    rec.putArray("tags");
                }
                if (!rec.has("custom_fields")) {
                    rec.putObject("custom_fields");
                }
                for (String f : List.of("first_name", "last_name", "email", "phone", "mobile")) {
                    if (!rec.has(f)) {
                        rec.putNull(f);
                    }
                }
                if (LEADS.equals(module) && !rec.has("status")) {
                    rec.put("status", "New");
                }
                if (CONTACTS.equals(module)) {
                    String name = (Json.text(rec, "first_name") == null ? "" : Json.text(rec, "first_name") + " ")
                            + (Json.text(rec, "last_name") == null ? "" : Json.text(rec, "last_name"));
                    if (!rec.hasNonNull("name")) {
                        rec.put("name", name.strip());
                    }
                    if (!rec.has("is_organization")) {
                        rec.put("is_organization", false);
                    }
                }
            }
            case NOTES -> {
                if (!rec.has("is_important")) {
                    rec.put("is_important", false);
                }
                if (!rec.has("tags")) {
                    rec.putArray("tags");
                }
            }
            case TASKS -> {
                if (!rec.has("completed")) {
                    rec.put("completed", false);
                }
                if (!rec.has("due_date")) {
                    rec.putNull("due_date");
                }
            }
            default -> {}
        }
    }

    /** Copies the writable attributes of {@code data} into {@code into}; an attribute Sell does not know is refused. */
    private static List<SellError> attributes(String module, JsonNode data, ObjectNode into) {
        List<SellError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            if (WRITABLE.get(module).contains(e.getKey())) {
                into.set(e.getKey(), e.getValue());
            } else if (!READ_ONLY.contains(e.getKey())) {
                errors.add(new SellError("/" + e.getKey(), "unknown", "unknown attribute", e.getKey()));
            }
        }
        return errors;
    }

    private List<SellError> validate(String module, ObjectNode rec) {
        List<SellError> errors = new ArrayList<>();
        if (rec.hasNonNull("owner_id")
                && USERS.stream().noneMatch(u -> u.id() == rec.path("owner_id").asLong())) {
            errors.add(new SellError("owner_id", "invalid", "is invalid", "no user " + rec.path("owner_id")));
        }
        switch (module) {
            case LEADS -> {
                if (blank(rec, "last_name") && blank(rec, "organization_name")) {
                    errors.add(new SellError(
                            "last_name",
                            "blank",
                            "can't be blank",
                            "a lead needs a last_name or an organization_name"));
                }
            }
            case CONTACTS -> {
                if (blank(rec, "last_name") && blank(rec, "name")) {
                    errors.add(new SellError("last_name", "blank", "can't be blank", "a contact needs a name"));
                }
            }
            case NOTES -> {
                resource(rec, true, errors);
                String content = Json.text(rec, "content");
                if (content == null || content.isBlank()) {
                    errors.add(new SellError("content", "blank", "can't be blank", null));
                } else if (content.length() > NOTE_MAX_CHARS) {
                    errors.add(new SellError(
                            "content",
                            "too_long",
                            "is too long (maximum is " + NOTE_MAX_CHARS + " characters)",
                            content.length() + " characters"));
                }
            }
            case TASKS -> {
                if (rec.hasNonNull("resource_type") || rec.hasNonNull("resource_id")) {
                    resource(rec, false, errors);
                }
                if (blank(rec, "content")) {
                    errors.add(new SellError("content", "blank", "can't be blank", null));
                }
                String due = Json.text(rec, "due_date");
                if (due != null) {
                    try {
                        Instant.parse(due);
                    } catch (RuntimeException e) {
                        errors.add(new SellError("due_date", "invalid", "is not a valid date", due));
                    }
                }
            }
            default -> {}
        }
        return errors;
    }

    /** A note's or task's {@code resource_type} (lead, contact, deal) and {@code resource_id}, which must exist. */
    private void resource(ObjectNode rec, boolean required, List<SellError> errors) {
        String type = Json.text(rec, "resource_type");
        if (type == null && required) {
            errors.add(new SellError("resource_type", "blank", "can't be blank", null));
            return;
        }
        if (!List.of("lead", "contact", "deal").contains(type)) {
            errors.add(new SellError("resource_type", "inclusion", "is not included in the list", type));
            return;
        }
        JsonNode id = rec.get("resource_id");
        if (id == null || id.isNull() || !id.canConvertToLong() && !id.asText().matches("\\d+")) {
            errors.add(new SellError("resource_id", "blank", "can't be blank", null));
            return;
        }
        long rid = id.asLong();
        String module = "lead".equals(type) ? LEADS : "contact".equals(type) ? CONTACTS : null;
        if (module == null || table(module).get(rid) == null) {
            errors.add(new SellError("resource_id", "invalid", "resource does not exist", type + " " + rid));
        } else {
            rec.put("resource_id", rid);
        }
    }

    private static boolean blank(ObjectNode rec, String field) {
        String v = Json.text(rec, field);
        return v == null || v.isBlank();
    }

    private static String resourceKey(ObjectNode r) {
        return Json.text(r, "resource_type") + ":" + r.path("resource_id").asText();
    }

    private List<ObjectNode> all(String module) {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (RecordTable.Meta m : table(module).byId(true)) {
                out.add(shown(table(module).get(m.id())));
            }
            return out;
        }
    }

    RecordTable table(String module) {
        RecordTable t = tables.get(module);
        if (t == null) {
            throw new IllegalArgumentException("unknown Sell resource " + module);
        }
        return t;
    }

    static boolean isResource(String module) {
        return TYPES.containsKey(module);
    }

    static int version(ObjectNode shownOrStored) {
        return shownOrStored.path(VERSION).asInt(1);
    }

    /** The record as the API shows it: without the version kept beside it. */
    private static ObjectNode shown(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        copy.remove(VERSION);
        return copy;
    }

    int versionOf(String module, long id) {
        synchronized (store.lock) {
            ObjectNode stored = table(module).get(id);
            return stored == null ? 1 : version(stored);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Sell's timestamps: ISO-8601 UTC with Z and no fraction. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static long seconds(String t) {
        return t == null ? 0 : Instant.parse(t).getEpochSecond();
    }
}
