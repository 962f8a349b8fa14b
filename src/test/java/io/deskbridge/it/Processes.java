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

    /** Starts {@code java -Xmx<heap> <props> -jar <jar> <args>} in the log's folder, its output into the log. */
    static Process startJar(Path jar, String heap, Path log, java.util.List<String> props, java.util.List<String> args)
            throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(props);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(log.getParent().toFile())
                .start();
    }

    static void deleteRecursively(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }
}
