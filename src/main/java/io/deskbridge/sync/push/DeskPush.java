package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.ModuleSpec;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.map.ContentHash;
import io.deskbridge.sync.pull.MirrorRows;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The push step towards the Desk. After each write the answer goes into the mirror and the link is
 * stored in one commit, so the next record (and the next run) sees what is now in the Desk.
 * Updates send only the fields whose value differs, and an empty CRM value never wipes a Desk value.
 */
public final class DeskPush {

    private final ZohoDeskClient desk;
    private final Jdbc jdbc;
    private final Mirror mirror;
    private final Links links;
    private final Issues issues;
    private final ObjectMapper json;

    public DeskPush(ZohoDeskClient desk, Jdbc jdbc, Mirror mirror, Links links, Issues issues, ObjectMapper json) {
        this.desk = desk;
        this.jdbc = jdbc;
        this.mirror = mirror;
        this.links = links;
        this.issues = issues;
        this.json = json;
    }

    public void create(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        ObjectNode body = withoutEmpties(record.mapped());
        ObjectNode created = desk.create(run.sync().module().deskModule(), body);
        run.deskCalls(1);
        String deskId = created.path("id").asText();
        jdbc.inTransaction(() -> {
            remember(run, created);
            links.link(new Links.Link(run.syncId(), run.deskOrg(), record.sourceId(), deskId, record.primaryEmail().value(),
                    null, ContentHash.of(record.mapped())));
            settled(run, record);
        });
        run.counters().created();
    }

    public void update(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        boolean wrote = bringUpToDate(run, record, () -> links.wroteToDesk(run.syncId(), run.deskOrg(),
                record.sourceId(), record.primaryEmail().value(), ContentHash.of(record.mapped())));
        if (wrote) {
            run.counters().updated();
        } else {
            run.counters().unchanged();
        }
    }

    /** Links to the one Desk record with this email; matched by the secondary email, its primary email becomes the CRM's. */
    public void link(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        bringUpToDate(run, record, () -> links.link(new Links.Link(run.syncId(), run.deskOrg(), record.sourceId(),
                record.targetId(), record.primaryEmail().value(), null, ContentHash.of(record.mapped()))));
        run.counters().linked();
    }

    /** Writes the fields that differ, if any; then stores the link change and settles the record in one commit. */
    private boolean bringUpToDate(RunContext run, SyncRecord record, Runnable storeLink) {
        String deskId = record.targetId();
        ObjectNode current = mirror.get(run.syncId(), "desk", run.deskOrg(), deskId)
                .map(r -> parse(r.payload())).orElse(json.createObjectNode());
        ObjectNode changes = changedFields(record.mapped(), current);
        ObjectNode written = null;
        if (!changes.isEmpty()) {
            written = desk.update(run.sync().module().deskModule(), deskId, changes);
            run.deskCalls(1);
        }
        ObjectNode answer = written;
        jdbc.inTransaction(() -> {
            if (answer != null) {
                remember(run, answer);
            }
            storeLink.run();
            settled(run, record);
        });
        return answer != null;
    }

    private void remember(RunContext run, ObjectNode deskRecord) {
        ModuleSpec.MatchKeys keys = run.sync().module().matchKeys();
        mirror.put(run.syncId(), "desk", run.deskOrg(),
                List.of(MirrorRows.of(deskRecord, keys.deskPrimary(), keys.deskSecondary(), "modifiedTime")), false);
    }

    private void settled(RunContext run, SyncRecord record) {
        mirror.done(run.syncId(), "crm", "crm", record.sourceId());
        issues.resolve(run.syncId(), "crm", record.sourceId());
    }

    /** The mapped fields whose non-empty value differs from the Desk's; nested custom fields compared one by one. */
    static ObjectNode changedFields(ObjectNode mapped, ObjectNode current) {
        ObjectNode changes = mapped.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = mapped.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isObject()) {
                ObjectNode nested = changedFields((ObjectNode) value, current.path(e.getKey()) instanceof ObjectNode o
                        ? o : mapped.objectNode());
                if (!nested.isEmpty()) {
                    changes.set(e.getKey(), nested);
                }
            } else if (!isEmpty(value) && !value.equals(current.get(e.getKey()))) {
                changes.set(e.getKey(), value);
            }
        }
        return changes;
    }

    static ObjectNode withoutEmpties(ObjectNode mapped) {
        return changedFields(mapped, mapped.objectNode());
    }

    private static boolean isEmpty(JsonNode v) {
        return v == null || v.isNull() || (v.isTextual() && v.asText().isBlank());
    }

    private ObjectNode parse(String payload) {
        try {
            return (ObjectNode) json.readTree(payload);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}
