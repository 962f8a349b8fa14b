package io.deskbridge.connector.zohodesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ApiResponse;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Json;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Zoho Desk REST API v1 ({@code {api-url}/api/v1/...}), every call with the {@code orgId} header.
 * Changes are read by search with {@code modifiedTimeRange}, because Desk list items carry no
 * {@code modifiedTime}; search pages are 100 records and cannot start beyond offset 999, so a long
 * read re-anchors its range at the last {@code modifiedTime} it saw.
 */
public final class ZohoDeskClient implements SyncConnector {

    public static final int PAGE_SIZE = 100;
    /**
     * A record a call; an unchanged read is one search answered 204; no upsert (a lost create is found again by
     * {@link #findByKey}); 5 calls at once, the lowest concurrency limit of the paid editions.
     */
    public static final ConnectorLimits LIMITS =
            new ConnectorLimits(PAGE_SIZE, 1, 0, true, false, java.time.Duration.ofMillis(1), "modifiedTime", 5);

    /** The search's bound, which the recycle-bin listing is assumed to share (it is in no OpenAPI file). */
    static final int MAX_FROM = DeskCalls.SEARCH_MAX_FROM;

    private final DeskCalls desk;
    /** Products, for the departments {@link #productDepartments} chose; none chosen until then. */
    private volatile DeskProducts products;

    public ZohoDeskClient(ApiCaller caller, URI apiUrl, String orgId, ObjectMapper json) {
        this.desk = new DeskCalls(caller, apiUrl, orgId, json);
        this.products = new DeskProducts(desk, new DeskDepartments(desk, List.of()));
    }

    /**
     * Chooses the departments (names or ids) whose products the {@code products} module reads and creates; returns
     * them, to be checked at activation.
     */
    public DeskDepartments productDepartments(List<String> chosen) {
        DeskDepartments departments = new DeskDepartments(desk, chosen);
        this.products = new DeskProducts(desk, departments);
        return departments;
    }

    private static boolean isProducts(String module) {
        return module.equals(DeskProducts.MODULE);
    }

    @Override
    public String system() {
        return desk.system();
    }

    @Override
    public ConnectorLimits limits() {
        return LIMITS;
    }

    @Override
    public ApiCaller caller() {
        return desk.caller;
    }

    /**
     * Streams the records of {@code module} ({@code contacts}, {@code accounts}) modified at or after
     * {@code since} (all when null), oldest first, pages overlapping by one record
     * ({@link DeskCalls#searchChanges}, which says why).
     */
    @Override
    public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
        if (isProducts(module)) {
            return products.readChanges(fields, since, handler);
        }
        return desk.searchChanges(module, since, handler, MAX_FROM);
    }

    /** Products: their list has no time filter and is read newest first ({@link DeskProducts}). */
    @Override
    public boolean readsNewestFirst(String module) {
        return isProducts(module);
    }

    /** One cheap read that proves the credentials, the org and the module: throws what the Desk said if refused. */
    @Override
    public void check(String module) {
        // Products count from 0 (zohodesk-oas Product.json); the contacts and accounts lists from 1.
        desk.done(desk.get(module + "?from=" + (isProducts(module) ? 0 : 1) + "&limit=1"), "GET " + module, 200, 204);
    }

    /** Records whose {@code field} equals {@code value} (the Desk's own search, e.g. {@code email}, {@code accountName}). */
    @Override
    public List<ObjectNode> findByKey(String module, String field, String value) {
        return findByKey(module, field, value, calls -> {});
    }

    /** A product code has no search: each chosen department's list is read, page by page, and each page counted. */
    @Override
    public List<ObjectNode> findByKey(String module, String field, String value, IntConsumer calls) {
        if (isProducts(module)) {
            return products.findByKey(value, calls);
        }
        calls.accept(1);
        return desk.page(
                desk.get(module + "/search?" + DeskCalls.enc(field) + "=" + DeskCalls.enc(value) + "&limit="
                        + PAGE_SIZE),
                "GET " + module + "/search");
    }

    /**
     * A record a call. A record the Desk refuses gets its refused result and the others go on; a failure of the
     * connection or the server ends the call with its exception.
     */
    @Override
    public List<WriteResult> create(String module, List<ObjectNode> records) {
        List<WriteResult> results = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            results.add(answered(() -> create(module, record)));
        }
        return results;
    }

    /** Each record's changes, by its {@code id} (which is not sent in the body). */
    @Override
    public List<WriteResult> update(String module, List<ObjectNode> records) {
        List<WriteResult> results = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            ObjectNode changes = record.deepCopy();
            String id = changes.remove("id").asText();
            results.add(answered(() -> update(module, id, changes)));
        }
        return results;
    }

    static WriteResult answered(java.util.function.Supplier<ObjectNode> write) {
        try {
            ObjectNode written = write.get();
            return WriteResult.written(written.path("id").asText(), null, written);
        } catch (RecordRefused e) {
            if (e.status() >= 200 && e.status() < 300) {
                // Accepted but unreadable (no id, not JSON): the record may well exist now, so this is no refusal;
                // the caller keeps its write intent and looks for the record before it tries again.
                throw e;
            }
            return WriteResult.refused(e);
        }
    }

    /** Creating is not repeated after a lost answer: the next read finds the record and links it instead. */
    ObjectNode create(String module, ObjectNode record) {
        if (isProducts(module)) {
            return products.create(record);
        }
        return desk.record(desk.send("POST", module, record, false), "POST " + module);
    }

    ObjectNode update(String module, String id, ObjectNode changes) {
        return desk.record(desk.send("PATCH", module + "/" + DeskCalls.enc(id), changes, true), "PATCH " + module);
    }

    /**
     * Streams the trashed records of {@code module} from the Desk's recycle bin ({@code id},
     * {@code deletedTime}, ...), newest first ({@code sortBy=-deletedTime}), and stops at the first page
     * that reaches a record trashed before {@code since}: the listing has no time filter, so this is what
     * keeps a run with nothing new at one call however full the bin is. With {@code since} null only the
     * newest page is read. An empty page is handed over too, for the API's clock.
     * <p>Pages overlap by one record: if the last record of a page is not on the next one, records above it
     * left the bin while we read (restored or purged), the offsets moved up and a record may have been
     * stepped over, so the read starts again from the top ({@link DeskCalls#MAX_RESTARTS} times at most).
     * The listing cannot page past offset {@value #MAX_FROM} (as the search): when that many were trashed
     * since the last read, the older ones are not seen here; the result says so.
     */
    @Override
    public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
        if (isProducts(module)) {
            // Whether the recycle bin lists products is in no OpenAPI file: trashed products are not read (a write to
            // one fails and is reported) rather than a run failing on a module the bin may refuse.
            return new DeletedRead(0, 0, true);
        }
        int calls = 0;
        int records = 0;
        int restarts = 0;
        String last = null;
        int from = 0;
        while (true) {
            ApiResponse r = desk.get("recycleBin?module=" + DeskCalls.enc(module) + "&sortBy=-deletedTime&from=" + from
                    + "&limit=" + PAGE_SIZE);
            calls++;
            List<ObjectNode> data = desk.page(r, "GET recycleBin");
            if (DeskCalls.steppedOver(data, last)) {
                if (++restarts > DeskCalls.MAX_RESTARTS) {
                    throw ApiException.of(
                            desk.system(),
                            r.status(),
                            "RECYCLE_BIN_MOVING",
                            "the Desk " + module
                                    + " recycle bin lost records above offset " + from + " during " + (restarts)
                                    + " reads in a row"
                                    + " (restored or purged while read); the next run reads it again");
                }
                last = null;
                from = 0;
                continue;
            }
            records += data.size();
            handler.page(new Page(data, Json.serverTime(r)));
            boolean reachedSince = since == null
                    || data.stream().map(DeskCalls::deletedTime).anyMatch(t -> t != null && t.isBefore(since));
            if (reachedSince || data.size() < PAGE_SIZE) {
                return new DeletedRead(calls, records, true);
            }
            last = data.get(data.size() - 1).path("id").asText();
            from += PAGE_SIZE - 1;
            if (from > MAX_FROM) {
                return new DeletedRead(calls, records, false);
            }
        }
    }

    @Override
    public Instant deletedAt(JsonNode item) {
        return DeskCalls.deletedTime(item);
    }

    /** A contact's or an account's {@code modifiedTime} (ISO-8601). */
    @Override
    public Instant changedAt(JsonNode record) {
        return DeskCalls.modifiedTime(record);
    }

    /** Products may give {@code modifiedTime} in epoch milliseconds too (Product.json's example). */
    @Override
    public Instant changedAt(String module, JsonNode record) {
        return isProducts(module) ? DeskProducts.modifiedTime(record) : changedAt(record);
    }

    /** Moves records to the Desk's trash ({@code contacts/moveToTrash} with {@code contactIds}, and so on). */
    @Override
    public void delete(String module, List<String> ids) {
        delete(module, ids, calls -> {});
    }

    /** Products: a read and a trash call per department they are in ({@link DeskProducts#delete}); others: one call. */
    @Override
    public void delete(String module, List<String> ids, IntConsumer calls) {
        if (isProducts(module)) {
            products.delete(ids, calls);
            return;
        }
        calls.accept(1);
        String singular = module.endsWith("s") ? module.substring(0, module.length() - 1) : module;
        ObjectNode body = desk.json.createObjectNode();
        ids.forEach(body.putArray(singular + "Ids")::add);
        String path = module + "/moveToTrash";
        desk.done(desk.send("POST", path, body, true), "POST " + path, 200, 204);
    }
}
