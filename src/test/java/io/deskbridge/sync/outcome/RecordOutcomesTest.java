package io.deskbridge.sync.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.ApiException;
import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.DeletePolicy;
import io.deskbridge.model.Direction;
import io.deskbridge.model.Side;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.StoreException;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.definition.FieldMapLoader;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What becomes of a record's failure when it cannot be kept. */
class RecordOutcomesTest {

    @Test
    void aFailureThatCannotBeKeptEndsTheRunAtItsNextStepInsteadOfBeingLostInTheRoute() throws Exception {
        Jdbc down = new Jdbc(new StoreDown());
        Clock clock = Clock.systemUTC();
        RecordOutcomes outcomes = new RecordOutcomes(
                down, new Mirror(down, clock), new Issues(down, clock), new Links(down, clock), null, null, 5);
        SyncDefinition sync;
        try (InputStream in = Files.newInputStream(Path.of("routes/contacts.fieldmap.yaml"))) {
            sync = new SyncDefinition(
                    ModuleSpec.CONTACTS,
                    new FieldMapLoader().load("contacts.fieldmap.yaml", in, ModuleSpec.CONTACTS),
                    Direction.TWO_WAY,
                    ConflictPolicy.CRM_WINS,
                    DeletePolicy.KEEP,
                    "0 0 0 1 1 ? 2099");
        }
        RunContext run = new RunContext(7, sync, Direction.TWO_WAY, "600000001", "test", Instant.now());
        SyncRecord record = new SyncRecord(Side.CRM, "5725767000000001", new ObjectMapper().createObjectNode());

        run.counters().read();
        outcomes.failed(run, record, ApiException.of("Zoho Desk", 422, "INVALID_DATA", "refused"));

        // The route's handler is not the place to throw it: the run's next step does, and the run ends FAILED.
        StoreException ending = assertThrows(StoreException.class, run::throwIfEnding);
        assertTrue(ending.getMessage().contains("the database is down"), ending.getMessage());
        assertEquals(0, run.counters().snapshot().failed(), "nothing was kept, so nothing is counted as failed");
        assertEquals(0, run.counters().snapshot().read(), "not reached: it stays pending for the next run");
    }

    /** A state store that cannot be reached. */
    private static final class StoreDown implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused: the database is down");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
