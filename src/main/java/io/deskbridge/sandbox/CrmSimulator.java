package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * Simulated Zoho CRM (modules {@code Contacts}, {@code Accounts} and {@code Deals}, plus {@link #signals()}), or
 * Bigin's modules when built for it ({@link BiginModules}, issue 15): the
 * Java inspection/setup API used by tests, demos and benchmarks. The HTTP side is {@link CrmApi}. All records are
 * returned in wire shape (Jackson {@link ObjectNode}s with every module field, null when empty). Ids are numeric
 * strings.
 *
 * <p>Storage form: the record JSON minus derived {@code Full_Name}, with {@code Owner}/{@code Created_By}/
 * {@code Modified_By} kept as user ids and the Contacts {@code Account_Name} lookup kept as {@code {"id"}}; the wire
 * form is produced on read.
 */
public final class CrmSimulator {

    /** A CRM user (record owner / API user). */
    record User(String id, String name, String email) {
        ObjectNode wire(boolean withEmail) {
            ObjectNode n = Json.obj().put("name", name).put("id", id);
            if (withEmail) {
                n.put("email", email);
            }
            return n;
        }
    }

    static final User ADMIN = new User("5725767000000250001", "Sandbox Admin", "admin@sandbox.example");
    static final User SALES = new User("5725767000000250002", "佐々木 健", "ken.sasaki@sandbox.example");
    static final Map<String, User> USERS = Map.of(ADMIN.id(), ADMIN, SALES.id(), SALES);

    /** First id handed out to records created at run time (seed ids are below it). */
    static final long FIRST_RUNTIME_ID = 5725767000001000001L;

    /** How many generated contacts share one Modified_Time. */
    static final int GENERATED_PER_SECOND = 100;
    /** How many records one page_token walk reaches: Zoho's 100,000, lowered to test reads past it. */
    static final int PAGE_TOKEN_LIMIT = 100_000;

    static final Set<String> USER_FIELDS = Set.of("Owner", "Created_By", "Modified_By");
    /** Fields whose values are numbers on the wire (Deals). */
    static final Set<String> NUMBER_FIELDS = Set.of("Amount", "Unit_Price");
    /** Fields holding a date (yyyy-MM-dd). */
    static final Set<String> DATE_FIELDS = Set.of("Closing_Date");

    static final Set<String> READ_ONLY =
            Set.of("id", "Full_Name", "Created_Time", "Modified_Time", "Created_By", "Modified_By");

    /**
     * Custom fields (API name to data type) Contacts, Accounts and Deals have here, as an integration engineer would
     * create them for the tickets' support figures (routes/tickets.statsmap.yaml). A record shows them once set.
     */
    static final Map<String, String> CUSTOM_FIELDS = customFields();

    /**
     * The most characters a custom text field takes, as its metadata's {@code length} says; a longer value is refused
     * with {@code maximum_length}, as the CRM does. A multi-line field of Zoho's small kind takes 2,000.
     */
    static final Map<String, Integer> CUSTOM_FIELD_LENGTHS = Map.of("Desk_Latest_Feedback", 2000);

    private static Map<String, String> customFields() {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        for (String count : List.of(
                "Desk_Tickets_Total",
                "Desk_Tickets_Open",
                "Desk_Tickets_Overdue",
                "Desk_Ratings_Good",
                "Desk_Ratings_Okay",
                "Desk_Ratings_Bad")) {
            f.put(count, "integer");
        }
        f.put("Desk_First_Response_Hours", "double");
        f.put("Desk_Resolution_Hours", "double");
        f.put("Desk_Latest_Feedback", "textarea");
        f.put("Desk_Latest_Feedback_At", "datetime");
        return Collections.unmodifiableMap(f);
    }

    /** Static description of a module plus its storage. */
    static final class Module {
        final String name;
        final List<String> fields; // wire order, without id
        final Set<String> writable;
        final List<String> mandatory;
        final String dupField;
        /** Lookup fields (stored as {"id"}, read as {"name","id"}) and the module each points to. */
        final Map<String, String> lookups;

        final RecordTable table;
        final MVMap<Long, String> deleted;

        Module(
                String name,
                List<String> fields,
                List<String> mandatory,
                String dupField,
                Map<String, String> lookups,
                RecordTable table,
                MVMap<Long, String> deleted) {
            this.name = name;
            this.fields = fields;
            Set<String> w = new LinkedHashSet<>(fields);
            w.removeAll(READ_ONLY);
            w.addAll(CUSTOM_FIELDS.keySet());
            this.writable = Collections.unmodifiableSet(w);
            this.mandatory = mandatory;
            this.dupField = dupField;
            this.lookups = lookups;
            this.table = table;
            this.deleted = deleted;
        }

        boolean isContacts() {
            return name.equals("Contacts");
        }

        /** A module of people (contacts, leads): its records have a derived Full_Name. */
        boolean isPeople() {
            return name.equals("Contacts") || name.equals("Leads");
        }

        /** The first mandatory field the stored record lacks, or null. */
        String missingMandatory(ObjectNode stored) {
            for (String f : mandatory) {
                String v = Json.text(stored, f);
                if (v == null || v.isBlank()) {
                    return f;
                }
            }
            return null;
        }

        boolean hasField(String f) {
            return f.equals("id") || fields.contains(f) || CUSTOM_FIELDS.containsKey(f);
        }

        /** The data type the CRM's field metadata gives a field. */
        String dataType(String f) {
            if (CUSTOM_FIELDS.containsKey(f)) {
                return CUSTOM_FIELDS.get(f);
            }
            if (f.equals("Owner")) {
                return "ownerlookup";
            }
            if (lookups.containsKey(f)) {
                return "lookup";
            }
            if (USER_FIELDS.contains(f)) {
                return "ownerlookup";
            }
            if (f.endsWith("_Time")) {
                return "datetime";
            }
            if (NUMBER_FIELDS.contains(f)) {
                return "currency";
            }
            if (DATE_FIELDS.contains(f)) {
                return "date";
            }
            if (f.endsWith("Email")) {
                return "email";
            }
            return f.equals("Description") ? "textarea" : "text";
        }
    }

    private final SandboxStore store;
    private final Clock clock;
    private final Map<String, Module> modules = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private volatile int pageTokenLimit = PAGE_TOKEN_LIMIT;
    private final CrmSignals signals;
    private final SimulatedCrm product;

    CrmSimulator(SandboxStore store, Clock clock) {
        this(store, clock, SimulatedCrm.ZOHO_CRM);
    }

    /** The CRM of {@code product}: Zoho CRM's modules, or Bigin's ({@link BiginModules}). */
    CrmSimulator(SandboxStore store, Clock clock, SimulatedCrm product) {
        this.store = store;
        this.clock = clock;
        this.product = product;
        RecordTable.MetaFn metaFn = new RecordTable.MetaFn() {
            private String lastText;
            private long lastValue;

            private long time(String t) {
                if (t == null) {
                    return 0;
                }
                if (!t.equals(lastText)) {
                    lastValue = Times.parseCrm(t);
                    lastText = t;
                }
                return lastValue;
            }

            @Override
            public RecordTable.Meta meta(long id, ObjectNode rec) {
                long c = time(Json.text(rec, "Created_Time"));
                long m = time(Json.text(rec, "Modified_Time"));
                return new RecordTable.Meta(id, c, m, true);
            }
        };
        if (product == SimulatedCrm.BIGIN) {
            BiginModules.register(modules, store, metaFn);
            modules.values().forEach(m -> m.table.load());
            this.signals = new CrmSignals(store, this);
            return;
        }
        RecordTable contacts = new RecordTable(store.map("crm.Contacts"), metaFn)
                .keyIndex("dup", r -> Json.keys(Json.text(r, "Email")));
        RecordTable accounts = new RecordTable(store.map("crm.Accounts"), metaFn)
                .keyIndex("dup", r -> Json.keys(Json.text(r, "Account_Name")));
        RecordTable deals = new RecordTable(store.map("crm.Deals"), metaFn)
                .keyIndex("dup", r -> Json.keys(Json.text(r, "Deal_Name")));
        RecordTable leads =
                new RecordTable(store.map("crm.Leads"), metaFn).keyIndex("dup", r -> Json.keys(Json.text(r, "Email")));
        modules.put(
                "Contacts",
                new Module(
                        "Contacts",
                        List.of(
                                "Owner",
                                "First_Name",
                                "Last_Name",
                                "Full_Name",
                                "Email",
                                "Secondary_Email",
                                "Phone",
                                "Mobile",
                                "Account_Name",
                                "Title",
                                "Description",
                                "Mailing_City",
                                "Mailing_Country",
                                "Created_By",
                                "Modified_By",
                                "Created_Time",
                                "Modified_Time"),
                        List.of("Last_Name"),
                        "Email",
                        Map.of("Account_Name", "Accounts"),
                        contacts,
                        store.map("crm.Contacts.deleted")));
        modules.put(
                "Accounts",
                new Module(
                        "Accounts",
                        List.of(
                                "Owner",
                                "Account_Name",
                                "Phone",
                                "Website",
                                "Billing_City",
                                "Billing_Country",
                                "Description",
                                "Created_By",
                                "Modified_By",
                                "Created_Time",
                                "Modified_Time"),
                        List.of("Account_Name"),
                        "Account_Name",
                        Map.of(),
                        accounts,
                        store.map("crm.Accounts.deleted")));
        modules.put(
                "Deals",
                new Module(
                        "Deals",
                        List.of(
                                "Owner",
                                "Deal_Name",
                                "Stage",
                                "Amount",
                                "Closing_Date",
                                "Contact_Name",
                                "Account_Name",
                                "Description",
                                "Created_By",
                                "Modified_By",
                                "Created_Time",
                                "Modified_Time"),
                        List.of("Deal_Name", "Stage"),
                        "Deal_Name",
                        Map.of("Contact_Name", "Contacts", "Account_Name", "Accounts"),
                        deals,
                        store.map("crm.Deals.deleted")));
        // Leads: people not yet qualified; no sync here writes them, but a sales signal sent by email reaches a lead
        // whose email it is (the Signals API resolves an email to a lead or a contact).
        modules.put(
                "Leads",
                new Module(
                        "Leads",
                        List.of(
                                "Owner",
                                "First_Name",
                                "Last_Name",
                                "Full_Name",
                                "Email",
                                "Company",
                                "Phone",
                                "Lead_Status",
                                "Description",
                                "Created_By",
                                "Modified_By",
                                "Created_Time",
                                "Modified_Time"),
                        List.of("Last_Name"),
                        "Email",
                        Map.of(),
                        leads,
                        store.map("crm.Leads.deleted")));
        addProducts(metaFn);
        for (Module m : modules.values()) {
            m.table.load();
        }
        this.signals = new CrmSignals(store, this);
    }

    /** Products (issue 15), for the products sync; their duplicate check is the product name, as assumed for Zoho. */
    private void addProducts(RecordTable.MetaFn metaFn) {
        RecordTable products = new RecordTable(store.map("crm.Products"), metaFn)
                .keyIndex("dup", r -> Json.keys(Json.text(r, "Product_Name")));
        modules.put(
                "Products",
                new Module(
                        "Products",
                        List.of(
                                "Owner",
                                "Product_Name",
                                "Product_Code",
                                "Unit_Price",
                                "Product_Category",
                                "Manufacturer",
                                "Description",
                                "Created_By",
                                "Modified_By",
                                "Created_Time",
                                "Modified_Time"),
                        List.of("Product_Name"),
                        "Product_Name",
                        Map.of(),
                        products,
                        store.map("crm.Products.deleted")));
    }

    private volatile boolean deletedListServed = true;

    /**
     * Whether {@code GET {Module}/deleted} is served; off, it is answered 404 {@code INVALID_URL_PATTERN} as a URL Zoho
     * does not know. Bigin's deleted-records list is unconfirmed (issue 15): this shows a run without one.
     */
    public void serveDeletedList(boolean served) {
        this.deletedListServed = served;
    }

    boolean servesDeletedList() {
        return deletedListServed;
    }

    /** Which product this is: Zoho CRM, or Bigin (issue 15). */
    public SimulatedCrm product() {
        return product;
    }

    /** The CRM's sales signals: registered namespaces and the signals it accepted. */
    public CrmSignals signals() {
        return signals;
    }

    // ------------------------------------------------------------------------------------------ Java API

    /** All records of a module in id order, wire shape. */
    public List<ObjectNode> list(String module) {
        synchronized (store.lock) {
            Module m = module(module);
            List<ObjectNode> out = new ArrayList<>(m.table.visibleCount());
            Map<String, String> accountNames = new HashMap<>();
            for (RecordTable.Meta meta : m.table.byId(true)) {
                out.add(wire(m, meta.id(), m.table.get(meta.id()), null, accountNames));
            }
            return out;
        }
    }

    public Optional<ObjectNode> get(String module, String id) {
        synchronized (store.lock) {
            Module m = module(module);
            Long key = parseId(id);
            ObjectNode rec = key == null ? null : m.table.get(key);
            return rec == null ? Optional.empty() : Optional.of(wire(m, key, rec, null, new HashMap<>()));
        }
    }

    /**
     * Insert a record: assigns id, Created_Time and Modified_Time (now), Owner (default user unless given).
     * No e-mail validation (so odd data can be set up); unknown fields throw IllegalArgumentException.
     */
    public ObjectNode insert(String module, ObjectNode fields) {
        synchronized (store.lock) {
            Module m = module(module);
            ObjectNode stored = Json.obj();
            ObjectNode err = applyFields(m, fields, stored, -1, false);
            if (err != null) {
                throw new IllegalArgumentException(err.toString());
            }
            long now = nowSec();
            long id = insertStored(m, null, stored, now, now, ADMIN);
            store.commit();
            return wire(m, id, m.table.get(id), null, new HashMap<>());
        }
    }

    /** Merge fields into a record; Modified_Time = now. Unknown id throws NoSuchElementException. */
    public ObjectNode update(String module, String id, ObjectNode fields) {
        synchronized (store.lock) {
            Module m = module(module);
            long key = existing(m, id);
            ObjectNode stored = m.table.get(key).deepCopy();
            ObjectNode err = applyFields(m, fields, stored, -1, false);
            if (err != null) {
                throw new IllegalArgumentException(err.toString());
            }
            updateStored(m, key, stored, nowSec(), ADMIN);
            store.commit();
            return wire(m, key, m.table.get(key), null, new HashMap<>());
        }
    }

    /** Delete a record; it then shows up in {@code GET /{Module}/deleted}. */
    public void delete(String module, String id) {
        synchronized (store.lock) {
            Module m = module(module);
            deleteStored(m, existing(m, id), nowSec(), ADMIN);
            store.commit();
        }
    }

    public int count(String module) {
        synchronized (store.lock) {
            return module(module).table.visibleCount();
        }
    }

    /** How many records one page_token walk reaches before PAGINATION_LIMIT_EXCEEDED (default 100,000, as Zoho). */
    public void setPageTokenLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the page_token limit must be at least 1, not " + limit);
        }
        this.pageTokenLimit = limit;
    }

    int pageTokenLimit() {
        return pageTokenLimit;
    }

    /**
     * Bulk insert {@code n} synthetic contacts named "Bulk Contact i" with e-mail {@code <prefix><i>@bulk.example}
     * for i = 1..n, created and last modified in the seconds up to now, {@value #GENERATED_PER_SECOND} a second.
     * Linear time; one commit at the end.
     */
    public void generateContacts(int n, String emailPrefix) {
        generateContacts(n, emailPrefix, GENERATED_PER_SECOND);
    }

    /** As {@link #generateContacts(int, String)}, {@code perSecond} of them sharing each Modified_Time. */
    public void generateContacts(int n, String emailPrefix, int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("contacts are generated at least 1 a second, not " + perSecond);
        }
        synchronized (store.lock) {
            Module m = module("Contacts");
            long now = nowSec();
            for (int i = 1; i <= n; i++) {
                long id = store.nextId("crm.id", FIRST_RUNTIME_ID);
                // Spread over the time before now, the newest last: no real CRM changes a million records in one
                // second.
                String at = Times.crm(now - (n - i) / perSecond);
                ObjectNode rec = Json.obj();
                rec.put("Owner", ADMIN.id());
                rec.put("First_Name", "Bulk");
                rec.put("Last_Name", "Contact " + i);
                rec.put("Email", emailPrefix + i + "@bulk.example");
                rec.put("Created_By", ADMIN.id());
                rec.put("Modified_By", ADMIN.id());
                rec.put("Created_Time", at);
                rec.put("Modified_Time", at);
                m.table.put(id, rec);
            }
            store.commit();
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    Module module(String name) {
        Module m = name == null ? null : modules.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown CRM module " + name);
        }
        return m;
    }

    Module moduleOrNull(String name) {
        return modules.get(name);
    }

    SandboxStore store() {
        return store;
    }

    long nowSec() {
        return clock.millis() / 1000;
    }

    static Long parseId(String id) {
        if (id == null || id.isEmpty() || id.length() > 19) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private long existing(Module m, String id) {
        Long key = parseId(id);
        if (key == null || m.table.meta(key) == null) {
            throw new NoSuchElementException("no " + m.name + " record " + id);
        }
        return key;
    }

    /** Insert a stored-form record with explicit id (seed) or a new id; returns the id. */
    long insertStored(Module m, Long fixedId, ObjectNode stored, long created, long modified, User by) {
        long id = fixedId != null ? fixedId : store.nextId("crm.id", FIRST_RUNTIME_ID);
        if (!stored.hasNonNull("Owner")) {
            stored.put("Owner", by.id());
        }
        stored.put("Created_By", by.id());
        stored.put("Modified_By", by.id());
        stored.put("Created_Time", Times.crm(created));
        stored.put("Modified_Time", Times.crm(modified));
        m.table.put(id, stored);
        return id;
    }

    void updateStored(Module m, long id, ObjectNode stored, long modified, User by) {
        stored.put("Modified_By", by.id());
        stored.put("Modified_Time", Times.crm(modified));
        m.table.put(id, stored);
    }

    void deleteStored(Module m, long id, long when, User by) {
        ObjectNode rec = m.table.get(id);
        ObjectNode d = Json.obj();
        d.put("id", Long.toString(id));
        d.put("display_name", displayName(m, rec));
        d.put("type", "recycle");
        d.set("deleted_by", by.wire(false));
        User creator = USERS.getOrDefault(Json.text(rec, "Created_By"), ADMIN);
        d.set("created_by", creator.wire(false));
        d.put("deleted_time", Times.crm(when));
        m.deleted.put(id, Json.write(d));
        m.table.remove(id);
    }

    static String displayName(Module m, ObjectNode rec) {
        return switch (m.name) {
            case "Contacts", "Leads" -> fullName(rec);
            case "Deals", "Pipelines" -> Json.text(rec, "Deal_Name");
            default -> Json.text(rec, "Account_Name");
        };
    }

    static String fullName(ObjectNode rec) {
        String f = Json.text(rec, "First_Name");
        String l = Json.text(rec, "Last_Name");
        if (f == null || f.isBlank()) {
            return l;
        }
        return l == null ? f : f + " " + l;
    }

    /** Deleted-record entries of a module, newest deletion first. */
    List<ObjectNode> deletedEntries(Module m, Long sinceSec) {
        List<ObjectNode> out = new ArrayList<>();
        Cursor<Long, String> c = m.deleted.cursor(null);
        while (c.hasNext()) {
            c.next();
            ObjectNode d = Json.parseStored(c.getValue());
            if (sinceSec == null || Times.parseCrm(d.get("deleted_time").asText()) >= sinceSec) {
                out.add(d);
            }
        }
        out.sort((a, b) -> {
            int t = Long.compare(
                    Times.parseCrm(b.get("deleted_time").asText()),
                    Times.parseCrm(a.get("deleted_time").asText()));
            return t != 0 ? t : b.get("id").asText().compareTo(a.get("id").asText());
        });
        return out;
    }

    /**
     * Wire form of a stored record: id plus the requested fields (all module fields when {@code fields} is null),
     * requested-but-empty fields as null.
     */
    ObjectNode wire(Module m, long id, ObjectNode stored, Collection<String> fields, Map<String, String> lookupNames) {
        ObjectNode out = Json.obj();
        out.put("id", Long.toString(id));
        List<String> shown = fields == null ? new ArrayList<>(m.fields) : new ArrayList<>(fields);
        if (fields == null) {
            CUSTOM_FIELDS.keySet().stream().filter(stored::has).forEach(shown::add);
        }
        for (String f : shown) {
            if (f.equals("id")) {
                continue;
            }
            if (f.equals("Full_Name") && m.isPeople()) {
                String fn = fullName(stored);
                out.put(f, fn);
            } else if (USER_FIELDS.contains(f)) {
                User u = USERS.get(Json.text(stored, f));
                out.set(f, u == null ? null : u.wire(true));
            } else if (m.lookups.containsKey(f)) {
                String refId = Json.text(stored.get(f), "id");
                Module target = module(m.lookups.get(f));
                String name = refId == null ? null : lookupNames.computeIfAbsent(refId, x -> recordName(target, x));
                out.set(f, refId == null ? null : Json.obj().put("name", name).put("id", refId));
            } else {
                JsonNode v = stored.get(f);
                out.set(f, v == null ? null : v.deepCopy());
            }
        }
        return out;
    }

    /** Display name of a record a lookup points to (record ids are unique across modules). */
    private String recordName(Module target, String id) {
        Long key = parseId(id);
        ObjectNode rec = key == null ? null : target.table.get(key);
        return rec == null ? null : displayName(target, rec);
    }

    /**
     * Copy writable input fields into {@code target} (stored form). Returns an error item (wire shape) or null.
     * {@code strict} (HTTP) validates e-mail syntax and trims e-mails; the Java API stores what it is given.
     */
    ObjectNode applyFields(Module m, JsonNode input, ObjectNode target, int index, boolean strict) {
        if (input == null || !input.isObject()) {
            return CrmApi.itemError("INVALID_DATA", "invalid data", null, index);
        }
        Iterator<Map.Entry<String, JsonNode>> it = input.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            JsonNode v = e.getValue();
            if (f.startsWith("$") || READ_ONLY.contains(f)) {
                continue;
            }
            if (!m.writable.contains(f)) {
                return CrmApi.itemError("INVALID_DATA", "invalid data", f, index);
            }
            if (v == null || v.isNull()) {
                if (f.equals("Owner")) {
                    return CrmApi.itemError("INVALID_DATA", "invalid data", f, index);
                }
                target.remove(f);
                continue;
            }
            if (f.equals("Owner")) {
                String uid = v.isObject() ? Json.text(v, "id") : v.isValueNode() ? v.asText() : null;
                if (uid == null || !USERS.containsKey(uid)) {
                    return CrmApi.itemError("INVALID_DATA", "invalid data", f, index);
                }
                target.put(f, uid);
            } else if (m.lookups.containsKey(f)) {
                String refId = resolveLookup(module(m.lookups.get(f)), v);
                if (refId == null) {
                    return CrmApi.itemError("INVALID_DATA", "invalid data", f, index)
                            .put("message", "the related id given seems to be invalid");
                }
                target.set(f, Json.obj().put("id", refId));
            } else if (NUMBER_FIELDS.contains(f) || isNumberField(f)) {
                BigDecimal n = v.isNumber() ? v.decimalValue() : v.isTextual() ? parseDecimal(v.asText()) : null;
                boolean integer = "integer".equals(CUSTOM_FIELDS.get(f));
                if (n == null || (integer && n.stripTrailingZeros().scale() > 0)) {
                    return typeError(f, integer ? "integer" : "double", index);
                }
                // Whole amounts read back as 48000, not 48000.0 or 4.8E+4.
                target.set(
                        f,
                        n.stripTrailingZeros().scale() <= 0
                                ? Json.F.numberNode(n.longValue())
                                : Json.F.numberNode(n.doubleValue()));
            } else if ("datetime".equals(CUSTOM_FIELDS.get(f))) {
                if (!v.isTextual() || !isDateTime(v.asText())) {
                    return typeError(f, "datetime", index);
                }
                target.put(f, v.asText());
            } else if (DATE_FIELDS.contains(f)) {
                if (!v.isTextual() || !isDate(v.asText())) {
                    return typeError(f, "date", index);
                }
                target.put(f, v.asText());
            } else {
                if (!v.isValueNode() || v.isBoolean()) {
                    ObjectNode err = CrmApi.itemError("INVALID_DATA", "invalid data", f, index);
                    ((ObjectNode) err.get("details")).put("expected_data_type", f.endsWith("Email") ? "email" : "text");
                    return err;
                }
                String s = v.asText();
                if (strict && f.endsWith("Email")) {
                    s = s.strip();
                    if (s.isEmpty()) {
                        target.remove(f);
                        continue;
                    }
                    if (!Json.validEmail(s)) {
                        ObjectNode err = CrmApi.itemError("INVALID_DATA", "invalid data", f, index);
                        ((ObjectNode) err.get("details")).put("expected_data_type", "email");
                        return err;
                    }
                }
                Integer max = CUSTOM_FIELD_LENGTHS.get(f);
                if (max != null && s.codePointCount(0, s.length()) > max) {
                    ObjectNode err = CrmApi.itemError("INVALID_DATA", "invalid data", f, index);
                    ((ObjectNode) err.get("details")).put("maximum_length", max);
                    return err;
                }
                target.set(f, TextNode.valueOf(s));
            }
        }
        return null;
    }

    private static ObjectNode typeError(String field, String type, int index) {
        ObjectNode err = CrmApi.itemError("INVALID_DATA", "invalid data", field, index);
        ((ObjectNode) err.get("details")).put("expected_data_type", type);
        return err;
    }

    private static BigDecimal parseDecimal(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A custom field that holds a number. */
    private static boolean isNumberField(String f) {
        String type = CUSTOM_FIELDS.get(f);
        return "integer".equals(type) || "double".equals(type);
    }

    private static boolean isDateTime(String s) {
        try {
            java.time.OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Record id for a lookup value: {"id"} of a record of {@code target}, or a name ({"name"} or plain text) matched
     * against the target's duplicate-check field; null if there is no such record.
     */
    private String resolveLookup(Module target, JsonNode v) {
        String id = v.isObject() ? Json.text(v, "id") : null;
        if (id != null) {
            Long key = parseId(id);
            return key != null && target.table.meta(key) != null ? id : null;
        }
        String name = v.isObject() ? Json.text(v, "name") : v.isTextual() ? v.asText() : null;
        List<Long> ids = target.table.lookup("dup", Json.norm(name));
        return ids.isEmpty() ? null : Long.toString(ids.get(0));
    }

    /** Ids of records whose field equals {@code value} (trimmed, case-insensitive). Indexed for the dup field. */
    List<Long> findBy(Module m, String field, String value) {
        String key = Json.norm(value);
        if (key == null) {
            return List.of();
        }
        if (field.equals(m.dupField)) {
            return m.table.lookup("dup", key);
        }
        if (field.equals("id")) {
            Long id = parseId(value.strip());
            return id != null && m.table.meta(id) != null ? List.of(id) : List.of();
        }
        List<Long> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (RecordTable.Meta meta : m.table.byId(true)) {
            ObjectNode rec = wire(m, meta.id(), m.table.get(meta.id()), List.of(field), names);
            JsonNode fv = rec.get(field);
            String s = fv == null || fv.isNull() ? null : fv.isObject() ? Json.text(fv, "name") : fv.asText();
            if (key.equals(Json.norm(s))) {
                out.add(meta.id());
            }
        }
        return out;
    }

    /**
     * Visible records of a module in the given order, optionally only those with Modified_Time >= sinceSec.
     * Uses the sorted indexes: O(skipped + returned) for Modified_Time order, a cheap in-memory filter otherwise.
     */
    Iterator<RecordTable.Meta> iterate(Module m, String sortBy, boolean asc, Long sinceSec) {
        Iterable<RecordTable.Meta> src;
        Predicate<RecordTable.Meta> filter = null;
        switch (sortBy) {
            case "Modified_Time" -> {
                NavigableSet<RecordTable.Meta> s = m.table.modifiedRange(sinceSec, null);
                src = asc ? s : s.descendingSet();
            }
            case "Created_Time" -> {
                src = asc ? m.table.byCreated() : m.table.byCreated().descendingSet();
                filter = sinceSec == null ? null : x -> x.modified() >= sinceSec;
            }
            default -> {
                src = m.table.byId(asc);
                filter = sinceSec == null ? null : x -> x.modified() >= sinceSec;
            }
        }
        Iterator<RecordTable.Meta> it = src.iterator();
        if (filter == null) {
            return it;
        }
        Predicate<RecordTable.Meta> f = filter;
        return new Iterator<>() {
            RecordTable.Meta next = advance();

            private RecordTable.Meta advance() {
                while (it.hasNext()) {
                    RecordTable.Meta x = it.next();
                    if (f.test(x)) {
                        return x;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RecordTable.Meta next() {
                RecordTable.Meta x = next;
                next = advance();
                return x;
            }
        };
    }
}
