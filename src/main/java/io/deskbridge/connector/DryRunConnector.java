package io.deskbridge.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.DryRunPreview;
import io.deskbridge.model.Side;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * A connector for a dry run: reads go to the real system, writes go nowhere. Each write is answered as the system
 * would answer it when it takes it (a new record gets an id of the form {@code dry-run-<n>}), so the run settles it
 * as a run would; what it would have written is recorded by the settlement ({@code PairSettler}), with the outcome it
 * has there. Deletes are recorded here, since nothing settles them.
 */
public final class DryRunConnector implements SyncConnector {

    private static final AtomicLong NEW_IDS = new AtomicLong();

    private final Side side;
    private final SyncConnector real;
    private final DryRunPreview preview;
    private final Clock clock;

    /** @param side the side {@code real} is in this sync */
    public DryRunConnector(Side side, SyncConnector real, DryRunPreview preview, Clock clock) {
        this.side = side;
        this.real = real;
        this.preview = preview;
        this.clock = clock;
    }

    @Override
    public List<WriteResult> create(String module, List<ObjectNode> records) {
        List<WriteResult> answers = new ArrayList<>(records.size());
        for (ObjectNode body : records) {
            String id = "dry-run-" + NEW_IDS.incrementAndGet();
            ObjectNode made = body.deepCopy().put("id", id);
            // Both shapes of "when it changed", so either side's mirror row has one.
            String now = Instant.now(clock).toString();
            made.put("modifiedTime", now).put("Modified_Time", now);
            answers.add(WriteResult.written(id, "insert", made));
        }
        return answers;
    }

    @Override
    public List<WriteResult> update(String module, List<ObjectNode> records) {
        String now = Instant.now(clock).toString();
        return records.stream()
                .map(body -> WriteResult.written(
                        body.path("id").asText(), "update", body.deepCopy().put("Modified_Time", now)))
                .toList();
    }

    /** Always a new record: finding one the pull did not see would take a search the real upsert does not make. */
    @Override
    public List<WriteResult> upsert(String module, List<ObjectNode> records, List<String> keyFields) {
        return create(module, records);
    }

    @Override
    public void delete(String module, List<String> ids) {
        for (String id : ids) {
            boolean crm = side == Side.CRM;
            preview.add(
                    "deleted",
                    new DryRunPreview.Item(side.system(), crm ? id : null, crm ? null : id, null, Map.of(), null));
        }
    }

    @Override
    public void delete(String module, List<String> ids, IntConsumer calls) {
        delete(module, ids);
    }

    // ---- reads: the real system's ----

    @Override
    public String system() {
        return real.system();
    }

    @Override
    public ConnectorLimits limits() {
        return real.limits();
    }

    @Override
    public ApiCaller caller() {
        return real.caller();
    }

    @Override
    public void check(String module) {
        real.check(module);
    }

    @Override
    public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
        return real.readChanges(module, fields, since, handler);
    }

    @Override
    public boolean readsNewestFirst(String module) {
        return real.readsNewestFirst(module);
    }

    @Override
    public Instant changedAt(JsonNode record) {
        return real.changedAt(record);
    }

    @Override
    public Instant changedAt(String module, JsonNode record) {
        return real.changedAt(module, record);
    }

    @Override
    public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
        return real.readDeleted(module, since, handler);
    }

    @Override
    public Instant deletedAt(JsonNode item) {
        return real.deletedAt(item);
    }

    @Override
    public List<ObjectNode> findByKey(String module, String field, String value) {
        return real.findByKey(module, field, value);
    }

    @Override
    public List<ObjectNode> findByKey(String module, String field, String value, IntConsumer calls) {
        return real.findByKey(module, field, value, calls);
    }

    @Override
    public Optional<ObjectNode> read(String module, String id) {
        return real.read(module, id);
    }
}
