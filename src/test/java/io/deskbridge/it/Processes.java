package io.deskbridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the tests that start the packaged jar as processes share: waiting for one to answer, a clean folder. */
final class Processes {

    private Processes() {}

    interface Check {
        boolean ok() throws Exception;
    }

    /** Waits up to 90 s for {@code check}; a connection refused means "not listening yet". */
    static void await(Check check, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " did not come up in 90 s");
    }

    static void deleteRecursively(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
