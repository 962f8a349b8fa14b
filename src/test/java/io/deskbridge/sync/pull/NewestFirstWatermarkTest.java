package io.deskbridge.sync.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.WriteResult;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.DeletePolicy;
import io.deskbridge.model.Direction;
import io.deskbridge.model.Side;
import io.deskbridge.store.Database;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Watermarks;
import io.deskbridge.support.TestDatabase;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.definition.FieldMapLoader;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.outcome.RecordOutcomes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 5 of issue 15: a connector that hands its records over newest first (the Desk's products) moves the
 * watermark only when its read got to its end, never past a record it has not handed over yet.
 */
class NewestFirstWatermarkTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORG = "600000001";
    static final Instant SINCE = Instant.parse("2026-11-28T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");

    Database db;
    Watermarks watermarks;
    ChangePull pull;
    NewestFirstDesk desk = new NewestFirstDesk();
    RunContext run;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.fresh("newest-first").open();
        Jdbc jdbc = db.jdbc();
        Clock clock = Clock.systemUTC();
        Mirror mirror = new Mirror(jdbc, clock);
        Links links = new Links(jdbc, clock);
        watermarks = new Watermarks(jdbc, clock);
        RecordOutcomes outcomes = new RecordOutcomes(jdbc, mirror, new Issues(jdbc, clock), links, desk, desk, 5);
        pull = new ChangePull(desk, desk, jdbc, mirror, watermarks, links, outcomes);
        try (InputStream in = Files.newInputStream(Path.of("routes/products.fieldmap.yaml"))) {
            SyncDefinition sync = new SyncDefinition(
                    ModuleSpec.PRODUCTS,
                    new FieldMapLoader().load("products.fieldmap.yaml", in, ModuleSpec.PRODUCTS),
                    Direction.TWO_WAY,
                    ConflictPolicy.CRM_WINS,
                    DeletePolicy.KEEP,
                    "0 0 0 1 1 ? 2099");
            run = new RunContext(1, sync, Direction.TWO_WAY, ORG, "test", NOW);
        }
        watermarks.set("products", Side.DESK.system(), run.scope(Side.DESK), SINCE.toString());
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void aReadCutShortAfterItsNewestPageKeepsTheWatermark() {
        desk.failAfterFirstPage = true;
        assertThrows(ApiException.class, () -> pull.desk(run));
        assertEquals(SINCE.toString(), watermark(), "the older records not handed over are read again");
    }

    @Test
    void aReadThatGotToItsEndMovesTheWatermarkPastTheNewest() {
        pull.desk(run);
        assertEquals(SINCE.plusSeconds(3600).plusMillis(1).toString(), watermark());
    }

    private String watermark() {
        return watermarks
                .get("products", Side.DESK.system(), run.scope(Side.DESK))
                .orElseThrow();
    }

    private static ObjectNode product(String id, Instant modified) {
        return JSON.createObjectNode()
                .put("id", id)
                .put("productName", "Product " + id)
                .put("productCode", "P-" + id)
                .put("modifiedTime", modified.toString());
    }

    /** Two pages newest first, the second of which may fail, as a Desk products read cut short by a crash. */
    static final class NewestFirstDesk implements SyncConnector {
        boolean failAfterFirstPage;

        @Override
        public ReadSummary readChanges(String module, List<String> fields, Instant since, Page.Handler handler) {
            handler.page(new Page(List.of(product("2", SINCE.plusSeconds(3600))), NOW));
            if (failAfterFirstPage) {
                throw ApiException.of(system(), 500, "SERVER_ERROR", "the second page failed");
            }
            handler.page(new Page(List.of(product("1", SINCE.plusSeconds(60))), NOW));
            return new ReadSummary(2, 2, false);
        }

        @Override
        public boolean readsNewestFirst(String module) {
            return true;
        }

        @Override
        public Instant changedAt(JsonNode record) {
            return Instant.parse(record.path("modifiedTime").asText());
        }

        @Override
        public String system() {
            return "Zoho Desk";
        }

        @Override
        public ConnectorLimits limits() {
            return ZohoDeskClient.LIMITS;
        }

        @Override
        public ApiCaller caller() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void check(String module) {}

        @Override
        public DeletedRead readDeleted(String module, Instant since, Page.Handler handler) {
            return new DeletedRead(0, 0, true);
        }

        @Override
        public Instant deletedAt(JsonNode item) {
            return null;
        }

        @Override
        public List<WriteResult> create(String module, List<ObjectNode> records) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<WriteResult> update(String module, List<ObjectNode> records) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ObjectNode> findByKey(String module, String field, String value) {
            return List.of();
        }

        @Override
        public void delete(String module, List<String> ids) {}
    }
}
