package io.deskbridge.connector.zendesksell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.SalesCrm;
import io.deskbridge.connector.WriteResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Zendesk Sell REST API v2 ({@code {api-url}/v2/...}, {@code https://api.getbase.com} for real) with a Bearer access
 * token. Leads and contacts are read newest change first ({@code sort_by=updated_at:desc}) down to {@code since} and
 * handed over oldest first; Sell's lists have no {@code updated_at} filter, so this is what keeps a run with nothing
 * new at one call however many records there are. Writes are one record a call.
 */
public final class ZendeskSellClient implements SalesCrm {

    public static final int PAGE_SIZE = 100;
    /**
     * A record a call; no {@code If-Modified-Since}; no upsert for leads (contacts have {@code /v2/contacts/upsert},
     * leads only in third-party code); {@code updated_at} has whole seconds. Sell allows 10 requests a second per
     * token (support.zendesk.com "Product limits for Sell"): 3 calls in flight at a few hundred ms each stay under it.
     */
    public static final ConnectorLimits LIMITS =
            new ConnectorLimits(PAGE_SIZE, 1, 0, false, false, Duration.ofSeconds(1), "updated_at", 3);

    /**
     * The longest note content the sandbox accepts. Sell's own limit is in no source found (its paragraph custom
     * fields take 64,000 characters); 10,000 is a choice that leaves a transcript room and a note readable.
     */
    public static final int NOTE_MAX_CHARS = 10_000;

    /** Records of one read kept in memory before the rest are held by id only and read again by id. */
    static final int HELD_RECORDS = 10_000;

    private final SellCalls sell;
    private final int heldRecords;

    /** {@code caller} carries the access token as a {@link io.deskbridge.connector.BearerToken}. */
    public ZendeskSellClient(ApiCaller caller, URI apiUrl, ObjectMapper json) {
        this(caller, apiUrl, json, HELD_RECORDS);
    }

    ZendeskSellClient(ApiCaller caller, URI apiUrl, ObjectMapper json, int heldRecords) {
        this.sell = new SellCalls(caller, apiUrl, json);
        this.heldRecords = heldRecords;
    }

    @Override
    public String system() {
        return sell.system();
    }

    @Override
    public ConnectorLimits limits() {
        return LIMITS;
    }

    @Override
    public ApiCaller caller() {
        return sell.caller;
    }

    @Override
    public void check(String module) {
        readable(module);
        sell.list(sell.get(module + "?page=1&per_page=1"), "GET " + module);
    }

    /**
     * Streams the leads or contacts changed at or after {@code since} (all when null), oldest first, 100 a page.
     * <p>Sell lists can be sorted by {@code updated_at} but not filtered by it. Walking {@code updated_at:asc} would
     * read every record on every run to find the few changed; the walk goes {@code updated_at:desc} instead and stops
     * at the first page that reaches a record older than {@code since}. A record changed during the walk moves to the
     * top and the pages below shift down: it is seen again (kept once), never skipped. The changed records are then
     * handed over oldest first; the newest {@value #HELD_RECORDS} are kept as read, older ones (a first read of a
     * large account) only by id, and read again by {@code ids=}, 100 a call, when their turn comes. One read again
     * that changed since the walk saw it is left to the next run, which finds it above this run's watermark.
     */
    @Override
    public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
        readable(module);
        String call = "GET " + module;
        List<Seen> walked = new ArrayList<>();
        Map<String, ObjectNode> held = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Instant serverTime = null;
        int calls = 0;
        for (int page = 1; ; page++) {
            ApiResponse r = sell.get(module + "?page=" + page + "&per_page=" + PAGE_SIZE + "&sort_by=updated_at:desc");
            calls++;
            if (serverTime == null) {
                serverTime = Json.serverTime(r);
            }
            SellCalls.ListPage listed = sell.list(r, call);
            boolean reachedSince = false;
            for (ObjectNode record : listed.records()) {
                Instant changed = changedAt(record);
                if (since != null && changed != null && changed.isBefore(since)) {
                    reachedSince = true;
                    break;
                }
                String id = record.path("id").asText();
                if (ids.add(id)) {
                    walked.add(new Seen(id, changed));
                    if (held.size() < heldRecords) {
                        held.put(id, record);
                    }
                }
            }
            if (reachedSince || !listed.more() || listed.records().size() < PAGE_SIZE) {
                break;
            }
        }
        int records = 0;
        for (int end = walked.size(); end > 0; end -= PAGE_SIZE) {
            List<Seen> chunk = new ArrayList<>(walked.subList(Math.max(0, end - PAGE_SIZE), end));
            java.util.Collections.reverse(chunk);
            List<String> missing = chunk.stream()
                    .map(Seen::id)
                    .filter(id -> !held.containsKey(id))
                    .toList();
            if (!missing.isEmpty()) {
                calls++;
                for (ObjectNode again : sell.list(
                                sell.get(module + "?ids=" + String.join(",", missing) + "&per_page=" + PAGE_SIZE), call)
                        .records()) {
                    held.put(again.path("id").asText(), again);
                }
            }
            List<ObjectNode> page = new ArrayList<>(chunk.size());
            for (Seen seen : chunk) {
                ObjectNode record = held.remove(seen.id());
                Instant now = record == null ? null : changedAt(record);
                // Gone since the walk (converted, deleted), or changed since: the next run reads it at its new time.
                if (record != null && (now == null || seen.changed() == null || !now.isAfter(seen.changed()))) {
                    page.add(record);
                }
            }
            records += page.size();
            handler.page(new Page(page, serverTime));
        }
        return new ReadSummary(calls, records, records == 0);
    }

    /** A record the walk saw, and its change time then. */
    private record Seen(String id, Instant changed) {}

    @Override
    public Instant changedAt(JsonNode record) {
        String t = record.path("updated_at").asText(null);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Sell has no list of deleted records outside its Sync API; nothing a chat sync writes needs one. */
    @Override
    public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
        return new DeletedRead(0, 0, true);
    }

    @Override
    public Instant deletedAt(JsonNode item) {
        return null;
    }

    /** One call per record ({@code POST /v2/leads|notes|tasks}), never repeated after a lost answer. */
    @Override
    public List<WriteResult> create(String module, List<ObjectNode> records) {
        if (!List.of(LEADS, NOTES, TASKS).contains(module)) {
            throw new IllegalArgumentException("Zendesk Sell creates leads, notes or tasks here, not " + module);
        }
        List<WriteResult> results = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            results.add(answered(() -> sell.record(sell.send("POST", module, record, false), "POST " + module)));
        }
        return results;
    }

    /** {@code PUT /v2/leads/{id}} with the record's other keys (the phone, for the chats sync). */
    @Override
    public List<WriteResult> update(String module, List<ObjectNode> records) {
        if (!LEADS.equals(module)) {
            throw new IllegalArgumentException("Zendesk Sell updates leads here, not " + module);
        }
        List<WriteResult> results = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            ObjectNode changes = record.deepCopy();
            JsonNode id = changes.remove("id");
            if (id == null || id.asText().isEmpty()) {
                throw new IllegalArgumentException("a lead to update carries its id: " + record);
            }
            String path = module + "/" + SellCalls.enc(id.asText());
            results.add(answered(() -> sell.record(sell.send("PUT", path, changes, true), "PUT " + module)));
        }
        return results;
    }

    private static WriteResult answered(Supplier<ObjectNode> write) {
        try {
            ObjectNode written = write.get();
            return WriteResult.written(written.path("id").asText(), null, written);
        } catch (RecordRefused e) {
            if (e.status() >= 200 && e.status() < 300) {
                // Accepted but unreadable: the record may exist now, so the caller looks for it before a retry.
                throw e;
            }
            return WriteResult.refused(e);
        }
    }

    /** {@code GET /v2/{module}?{field}=value}: Sell filters leads and contacts by {@code email} and others. */
    @Override
    public List<ObjectNode> findByKey(String module, String field, String value) {
        readable(module);
        return all(module + "?" + SellCalls.enc(field) + "=" + SellCalls.enc(value), "GET " + module);
    }

    /** {@code GET /v2/notes?resource_type=…&resource_id=…&sort_by=created_at:desc}, every page. */
    @Override
    public List<ObjectNode> notesOf(String resourceType, String resourceId) {
        return all(
                NOTES + "?resource_type=" + SellCalls.enc(resourceType) + "&resource_id=" + SellCalls.enc(resourceId)
                        + "&sort_by=created_at:desc",
                "GET " + NOTES);
    }

    /**
     * {@code GET /v2/tasks?resource_type=…&resource_id=…}, every page: both filters, as basecrm-java's
     * {@code TasksService.SearchCriteria} has them, since a lead's and a contact's ids are not known to differ.
     */
    @Override
    public List<ObjectNode> tasksOf(String resourceType, String resourceId) {
        return all(
                TASKS + "?resource_type=" + SellCalls.enc(resourceType) + "&resource_id=" + SellCalls.enc(resourceId),
                "GET " + TASKS);
    }

    private List<ObjectNode> all(String path, String call) {
        List<ObjectNode> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            SellCalls.ListPage listed = sell.list(sell.get(path + "&page=" + page + "&per_page=" + PAGE_SIZE), call);
            out.addAll(listed.records());
            if (!listed.more() || listed.records().size() < PAGE_SIZE) {
                return out;
            }
        }
    }

    @Override
    public Optional<ObjectNode> read(String module, String id) {
        ApiResponse r = sell.get(module + "/" + SellCalls.enc(id));
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(sell.record(r, "GET " + module));
    }

    /** {@code DELETE /v2/{module}/{id}}, answered 204; one already gone (404) is no failure. */
    @Override
    public void delete(String module, List<String> ids) {
        for (String id : ids) {
            ApiResponse r = sell.delete(module + "/" + SellCalls.enc(id));
            if (r.status() != 204 && r.status() != 200 && r.status() != 404) {
                throw sell.error("DELETE " + module, r, sell.parse(r, "DELETE " + module));
            }
        }
    }

    private static void readable(String module) {
        if (!LEADS.equals(module) && !CONTACTS.equals(module)) {
            throw new IllegalArgumentException("Zendesk Sell reads leads or contacts here, not " + module);
        }
    }
}
