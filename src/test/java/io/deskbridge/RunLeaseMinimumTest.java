package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, item 4: a run lease too short to be renewed in time stops the start, naming the key. */
class RunLeaseMinimumTest {

    @TempDir
    Path dir;

    @Test
    void aLeaseShorterThanTheMinimumStopsTheStartNamingTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.run-lease", "5s");
        Exception e =
                assertThrows(Exception.class, () -> RunningDeskbridge.start(p).close());
        Throwable reason = Deskbridge.setupProblem(e);
        assertNotNull(reason, "expected a configuration error, got " + e);
        assertTrue(
                reason.getMessage().startsWith("deskbridge.sync.run-lease = 5s is shorter than the minimum 10s"),
                reason.getMessage());
    }
}
