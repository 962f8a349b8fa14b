package io.deskbridge.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * What the sync pipeline needs from a system it keeps in step, and all it knows of one: Zoho CRM and Zoho Desk
 * implement it, and a new system (Bigin, Zendesk Sell) is a new implementation, not a change to the pipeline.
 * <p>
 * Every call goes through the system's {@link ApiCaller} (timeouts, retries, 401 → one refresh, 429 → its
 * {@code Retry-After}, the system's concurrency gate and the daily call budget), and every failure is one of the
 * typed {@link ApiException}s, so the routes decide what stops a run.
 * <p>
 * Reads are incremental and resumable: records come oldest change first, a page at a time, with the system's
 * clock; the caller stores how far it got with each page, and a later read from there misses nothing (it may hand
 * over a record again, which callers store by id). Modules are the system's own names ({@code Contacts},
 * {@code contacts}).
 */
public interface SyncConnector {

    /** The system's name in messages, logs and a run's figures ({@code Zoho CRM}). */
    String system();

    ConnectorLimits limits();

    /** The caller every call of this connector goes through: its retries and gate are part of a run's figures. */
    ApiCaller caller();

    /** One cheap read that proves the credentials, the org and the module; throws what the system said if refused. */
    void check(String module);

    /**
     * Streams the records of {@code module} changed at or after {@code since} (all when null) to {@code handler},
     * oldest change first. {@code fields} are the fields to read where the API asks for them.
     */
    ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler);

    /**
     * Whether {@link #readChanges} hands {@code module}'s records over newest change first instead (a list with no
     * time filter, read down to the watermark). A record not handed over yet is then older than those that were, so
     * the watermark moves only when the read got to its end.
     */
    default boolean readsNewestFirst(String module) {
        return false;
    }

    /** When the record was last changed, by {@link ConnectorLimits#changeTimeField()}; null when it has no such time. */
    Instant changedAt(JsonNode record);

    /**
     * When a record of {@code module} was last changed: for a connector whose modules write their change time
     * differently (the Desk's products); by default {@link #changedAt(JsonNode)}.
     */
    default Instant changedAt(String module, JsonNode record) {
        return changedAt(record);
    }

    /**
     * Streams the records of {@code module} deleted at or after {@code since}; each item has the record's
     * {@code id} and {@link #deletedAt} reads when. With {@code since} null, a system may read only its newest
     * deletions: nothing older can be linked to anything a sync made.
     */
    DeletedRead readDeleted(String module, Instant since, Page.Handler handler);

    /** When an item of {@link #readDeleted} was deleted; null when it does not say. */
    Instant deletedAt(JsonNode item);

    /** Creates records, {@link ConnectorLimits#writeBatch()} a call; one result per record, in order. */
    List<WriteResult> create(String module, List<ObjectNode> records);

    /** Updates records, each carrying its {@code id}; one result per record, in order. */
    List<WriteResult> update(String module, List<ObjectNode> records);

    /**
     * Creates or updates by {@code keyFields}, when {@link ConnectorLimits#upsert()} says the API can; one result per
     * record, with {@link WriteResult#action()} {@code insert} or {@code update}.
     */
    default List<WriteResult> upsert(String module, List<ObjectNode> records, List<String> keyFields) {
        throw new UnsupportedOperationException(system() + " has no upsert; check limits().upsert() first");
    }

    /**
     * The records whose {@code field} equals {@code value}: how a write whose answer was lost (a crash) is found
     * again before it is sent twice.
     */
    List<ObjectNode> findByKey(String module, String field, String value);

    /**
     * {@link #findByKey(String, String, String)}, telling {@code calls} how many calls it made, for a run's figures and
     * budget: one search by default, more where a key has no search and lists are read instead.
     */
    default List<ObjectNode> findByKey(String module, String field, String value, IntConsumer calls) {
        calls.accept(1);
        return findByKey(module, field, value);
    }

    /** Deletes records (to the system's recycle bin where it has one). */
    void delete(String module, List<String> ids);

    /** {@link #delete(String, List)}, telling {@code calls} how many calls it made: one a record by default. */
    default void delete(String module, List<String> ids, IntConsumer calls) {
        calls.accept(ids.size());
        delete(module, ids);
    }

    /**
     * One record by its id, or empty when the system has no such record: for an action on one record (a ticket for a
     * CRM contact, a deal to link), not for syncing, which reads changes.
     */
    default Optional<ObjectNode> read(String module, String id) {
        throw new UnsupportedOperationException(system() + " does not read one record by id here");
    }
}
