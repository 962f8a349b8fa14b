package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Simulated Zoho Desk (contacts and accounts; tickets in {@link #tickets()}): the Java inspection/setup API. The
 * HTTP side is {@link DeskApi}.
 * Records are stored and returned in wire shape; timestamps are UTC with millis. Modification times never go
 * backwards; equal times are ordered by id.
 */
public final class DeskSimulator {

    static final String AGENT_ID = "1892000000042001";
    static final long FIRST_RUNTIME_ID = 1892000001000001L;

    static final List<String> CONTACT_WRITABLE = List.of(
            "firstName",
            "lastName",
            "email",
            "secondaryEmail",
            "phone",
            "mobile",
            "accountId",
            "ownerId",
            "title",
            "description",
            "type",
            "cf");
    static final List<String> ACCOUNT_WRITABLE = List.of("accountName", "email", "phone", "website", "city", "country");
    private Set<String> requiredContactFields = Set.of();
    static final Set<String> READ_ONLY = Set.of(
            "id",
            "createdTime",
            "modifiedTime",
            "isTrashed",
            "isDeleted",
            "zohoCRMContact",
            "zohoCRMAccount",
            "webUrl");

    /** Contact or account: the differences the shared code needs. */
    enum Kind {
        CONTACT("lastName", CONTACT_WRITABLE),
        ACCOUNT("accountName", ACCOUNT_WRITABLE);

        final String mandatory;
        final List<String> writable;

        Kind(String mandatory, List<String> writable) {
            this.mandatory = mandatory;
            this.writable = writable;
        }
    }

    private final SandboxStore store;
    private final Clock clock;
    final RecordTable contacts;
    final RecordTable accounts;
    private final DeskTickets tickets;
    private final AgentDirectory agents;
    private long lastMillis;
    private volatile boolean uniqueEmails = true;

    DeskSimulator(SandboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        RecordTable.MetaFn metaFn = (id, r) -> {
            long c = Times.parseDesk(r.get("createdTime").asText());
            long m = Times.parseDesk(r.get("modifiedTime").asText());
            return new RecordTable.Meta(id, c, m, !r.path("isTrashed").asBoolean(false));
        };
        contacts = new RecordTable(store.map("desk.contacts"), metaFn)
                .keyIndex("email", r -> Json.keys(Json.text(r, "email")))
                .keyIndex("anyEmail", r -> Json.keys(Json.text(r, "email"), Json.text(r, "secondaryEmail")));
        accounts = new RecordTable(store.map("desk.accounts"), metaFn)
                .keyIndex("name", r -> Json.keys(Json.text(r, "accountName")));
        contacts.load();
        accounts.load();
        for (RecordTable t : List.of(contacts, accounts)) {
            if (!t.byModified().isEmpty()) {
                lastMillis = Math.max(lastMillis, t.byModified().last().modified());
            }
        }
        tickets = new DeskTickets(this, store, clock);
        lastMillis = Math.max(lastMillis, tickets.latestMillis());
        agents = new AgentDirectory(this, store);
    }

    /** Agents with their roles, departments and teams, and their open activities (issue 16). */
    public AgentDirectory agents() {
        return agents;
    }

    /** Tickets with their threads, comments and happiness ratings; the org's ticket statuses. */
    public DeskTickets tickets() {
        return tickets;
    }

    // ------------------------------------------------------------------------------------------ Java API

    /** Contacts that are not trashed, in id order. */
    public List<ObjectNode> contacts() {
        return all(contacts);
    }

    /** A contact by id (also when trashed). */
    public Optional<ObjectNode> contact(String id) {
        return one(contacts, id);
    }

    /** Create a contact (no e-mail syntax or uniqueness checks; unknown fields throw IllegalArgumentException). */
    public ObjectNode createContact(ObjectNode fields) {
        return create(Kind.CONTACT, fields);
    }

    public ObjectNode updateContact(String id, ObjectNode fields) {
        return update(Kind.CONTACT, id, fields);
    }

    /** Non-trashed contacts whose primary or secondary e-mail equals {@code email} (trimmed, case-insensitive). */
    public List<ObjectNode> contactsWithEmail(String email) {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (long id : contacts.lookup("anyEmail", Json.norm(email))) {
                out.add(contacts.get(id));
            }
            return out;
        }
    }

    public int contactCount() {
        synchronized (store.lock) {
            return contacts.visibleCount();
        }
    }

    /**
     * Makes contact fields mandatory for writes over HTTP, as a Desk admin can in the contact layout;
     * an empty set lifts the rule. A way to see how Deskbridge keeps and replays refused records.
     */
    public void requireContactFields(Collection<String> fields) {
        synchronized (store.lock) {
            requiredContactFields = Set.copyOf(fields);
        }
    }

    /**
     * Trashed contacts, the longest trashed first (equal trash times by id). A trashed contact's
     * {@code modifiedTime} is when it was trashed: the recycle bin's {@code deletedTime}.
     */
    public List<ObjectNode> trashedContacts() {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>();
            for (Long key : contacts.keys()) {
                ObjectNode c = contacts.get(key);
                if (c.path("isTrashed").asBoolean(false)) {
                    out.add(c.deepCopy());
                }
            }
            out.sort(java.util.Comparator.comparingLong((ObjectNode c) ->
                            Times.parseDesk(c.path("modifiedTime").asText()))
                    .thenComparingLong(c -> Long.parseLong(c.path("id").asText())));
            return out;
        }
    }

    /**
     * Adds {@code count} contacts that are already in the recycle bin, trashed one second apart and the newest
     * {@code newestAgo} before now, in one commit: a large recycle bin without thousands of API calls.
     * Returns their ids, the longest trashed first.
     */
    public List<String> addTrashedContacts(int count, java.time.Duration newestAgo) {
        if (count < 0 || newestAgo.isNegative()) {
            throw new IllegalArgumentException("count and newestAgo must not be negative: " + count + ", " + newestAgo);
        }
        synchronized (store.lock) {
            long newest = clock.millis() - newestAgo.toMillis();
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long at = newest - (count - 1 - i) * 1000L;
                ObjectNode rec = blank(Kind.CONTACT, null);
                rec.put("firstName", "Trashed")
                        .put("lastName", "Contact " + i)
                        .put("email", "trashed." + i + "@recycle.example")
                        .put("isTrashed", true);
                ids.add(insert(Kind.CONTACT, null, rec, at, at).path("id").asText());
            }
            store.commit();
            return ids;
        }
    }

    /** Delete contacts for good, as emptying the recycle bin does: they are in no list, search or recycle bin. */
    public void purgeContacts(Collection<String> ids) {
        synchronized (store.lock) {
            for (String id : ids) {
                contacts.remove(existing(contacts, id));
            }
            store.commit();
        }
    }

    /** Move contacts to the trash: isTrashed=true, they leave list and search. */
    public void trashContacts(Collection<String> ids) {
        synchronized (store.lock) {
            List<Long> keys = new ArrayList<>();
            for (String id : ids) {
                keys.add(existing(contacts, id));
            }
            trash(keys);
            store.commit();
        }
    }

    public List<ObjectNode> accounts() {
        return all(accounts);
    }

    public Optional<ObjectNode> account(String id) {
        return one(accounts, id);
    }

    public ObjectNode createAccount(ObjectNode fields) {
        return create(Kind.ACCOUNT, fields);
    }

    public ObjectNode updateAccount(String id, ObjectNode fields) {
        return update(Kind.ACCOUNT, id, fields);
    }

    public int accountCount() {
        synchronized (store.lock) {
            return accounts.visibleCount();
        }
    }

    /** Whether HTTP writes reject a contact e-mail / account name already used by another record (default true). */
    public void setUniqueEmails(boolean unique) {
        this.uniqueEmails = unique;
    }

    // ------------------------------------------------------------------------------------------ internals

    SandboxStore store() {
        return store;
    }

    boolean uniqueEmails() {
        return uniqueEmails;
    }

    RecordTable table(Kind k) {
        return k == Kind.CONTACT ? contacts : accounts;
    }

    private List<ObjectNode> all(RecordTable t) {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>(t.visibleCount());
            for (RecordTable.Meta m : t.byId(true)) {
                out.add(t.get(m.id()));
            }
            return out;
        }
    }

    private Optional<ObjectNode> one(RecordTable t, String id) {
        synchronized (store.lock) {
            Long key = CrmSimulator.parseId(id);
            return Optional.ofNullable(key == null ? null : t.get(key));
        }
    }

    private ObjectNode create(Kind k, ObjectNode fields) {
        synchronized (store.lock) {
            ObjectNode rec = blank(k, null);
            List<ObjectNode> errs = apply(k, fields, rec, false);
            if (!errs.isEmpty()) {
                throw new IllegalArgumentException(errs.toString());
            }
            long now = nextMillis();
            ObjectNode out = insert(k, null, rec, now, now);
            store.commit();
            return out;
        }
    }

    private ObjectNode update(Kind k, String id, ObjectNode fields) {
        synchronized (store.lock) {
            RecordTable t = table(k);
            long key = existing(t, id);
            ObjectNode rec = t.get(key);
            List<ObjectNode> errs = apply(k, fields, rec, false);
            if (!errs.isEmpty()) {
                throw new IllegalArgumentException(errs.toString());
            }
            rec.put("modifiedTime", Times.desk(nextMillis()));
            t.put(key, rec);
            store.commit();
            return rec;
        }
    }

    private static long existing(RecordTable t, String id) {
        Long key = CrmSimulator.parseId(id);
        if (key == null || t.meta(key) == null) {
            throw new NoSuchElementException("no Desk record " + id);
        }
        return key;
    }

    long nextMillis() {
        long now = clock.millis();
        if (now < lastMillis) {
            now = lastMillis; // never go back in time (clock adjustments); equal times tie-break by id
        }
        lastMillis = now;
        return now;
    }

    /** A record with every wire field present (null) and defaults; id filled in by insert. */
    static ObjectNode blank(Kind k, String id) {
        ObjectNode r = Json.obj();
        r.put("id", id);
        if (k == Kind.CONTACT) {
            for (String f :
                    List.of("firstName", "lastName", "email", "secondaryEmail", "phone", "mobile", "accountId")) {
                r.putNull(f);
            }
            r.put("ownerId", AGENT_ID);
            for (String f : List.of("title", "description", "type", "createdTime", "modifiedTime")) {
                r.putNull(f);
            }
            r.put("isTrashed", false);
            r.put("isDeleted", false);
            r.putNull("zohoCRMContact");
            r.putObject("cf");
            r.putNull("webUrl");
        } else {
            for (String f : List.of(
                    "accountName", "email", "phone", "website", "city", "country", "createdTime", "modifiedTime")) {
                r.putNull(f);
            }
        }
        return r;
    }

    /** Insert a prepared record with a fixed (seed) or new id. */
    ObjectNode insert(Kind k, Long fixedId, ObjectNode rec, long created, long modified) {
        long id = fixedId != null ? fixedId : store.nextId("desk.id", FIRST_RUNTIME_ID);
        rec.put("id", Long.toString(id));
        rec.put("createdTime", Times.desk(created));
        rec.put("modifiedTime", Times.desk(modified));
        if (k == Kind.CONTACT) {
            rec.put("webUrl", "https://desk.zoho.com/support/sandbox/ShowHomePage.do#Contacts/dv/" + id);
        }
        table(k).put(id, rec);
        return rec;
    }

    void trash(List<Long> ids) {
        for (long id : ids) {
            ObjectNode rec = contacts.get(id);
            rec.put("isTrashed", true);
            rec.put("modifiedTime", Times.desk(nextMillis()));
            contacts.put(id, rec);
        }
    }

    static ObjectNode fieldError(String field, String type, String message) {
        return Json.obj().put("fieldName", "/" + field).put("errorType", type).put("errorMessage", message);
    }

    /**
     * Apply input fields to {@code target}; returns the field errors (empty = ok). {@code strict} (HTTP) also
     * validates and trims e-mails and enforces uniqueness when enabled. Read-only fields are ignored.
     */
    List<ObjectNode> apply(Kind k, JsonNode input, ObjectNode target, boolean strict) {
        List<ObjectNode> errs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = input.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            JsonNode v = e.getValue();
            if (READ_ONLY.contains(f)) {
                continue;
            }
            if (!k.writable.contains(f)) {
                errs.add(fieldError(f, "invalid", "Unknown field " + f));
                continue;
            }
            if (v == null || v.isNull()) {
                if (f.equals("cf")) {
                    continue;
                }
                if (f.equals("ownerId")) {
                    errs.add(fieldError(f, "invalid", "ownerId cannot be null"));
                    continue;
                }
                target.putNull(f);
                continue;
            }
            if (f.equals("cf")) {
                if (!v.isObject()) {
                    errs.add(fieldError(f, "invalid", "cf must be a JSON object"));
                    continue;
                }
                ObjectNode cf = target.get("cf") instanceof ObjectNode o ? o : target.putObject("cf");
                cf.setAll((ObjectNode) v);
                continue;
            }
            if (!v.isTextual() && !v.isNumber()) {
                errs.add(fieldError(f, "invalid", f + " must be a string"));
                continue;
            }
            String s = v.asText();
            if (f.equals("email") || f.equals("secondaryEmail")) {
                if (strict) {
                    s = s.strip();
                    if (s.isEmpty()) {
                        target.putNull(f);
                        continue;
                    }
                    if (!Json.validEmail(s)) {
                        errs.add(fieldError(f, "invalid", "'" + s + "' is not a valid email address"));
                        continue;
                    }
                }
            } else if (f.equals("accountId")) {
                Long acc = CrmSimulator.parseId(s);
                if (acc == null || accounts.meta(acc) == null) {
                    errs.add(fieldError(f, "invalid", "No account with id " + s));
                    continue;
                }
            } else if (f.equals("ownerId")) {
                if (!AGENT_ID.equals(s)) {
                    errs.add(fieldError(f, "invalid", "No agent with id " + s));
                    continue;
                }
            }
            target.put(f, s);
        }
        String mand = Json.text(target, k.mandatory);
        if (mand == null || mand.isBlank()) {
            errs.add(fieldError(k.mandatory, "missing", k.mandatory + " is mandatory"));
        }
        if (strict && uniqueEmails && errs.isEmpty()) {
            String uniqueField = k == Kind.CONTACT ? "email" : "accountName";
            String key = Json.norm(Json.text(target, uniqueField));
            String selfId = Json.text(target, "id");
            for (long other : table(k).lookup(k == Kind.CONTACT ? "email" : "name", key)) {
                if (!Long.toString(other).equals(selfId)) {
                    errs.add(fieldError(
                            uniqueField,
                            "duplicate",
                            "A " + (k == Kind.CONTACT ? "contact" : "account") + " with this " + uniqueField
                                    + " already exists (id " + other + ")"));
                    break;
                }
            }
        }
        if (strict && k == Kind.CONTACT) {
            for (String f : requiredContactFields) {
                JsonNode v = target.get(f);
                if (v == null || v.isNull() || v.asText().isBlank()) {
                    errs.add(fieldError(f, "missing", f + " is mandatory in this Desk's contact layout"));
                }
            }
        }
        return errs;
    }
}
