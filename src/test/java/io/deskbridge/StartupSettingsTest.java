package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings that shape a running Deskbridge: the schedule's time zone and the data folders' permissions. */
class StartupSettingsTest {

    @TempDir
    Path dir;

    /** Item 15: the cron is read in deskbridge.schedule.time-zone, not the JVM's zone, and nextRunAt shows its offset. */
    @Test
    void theCronIsReadInTheConfiguredZoneAndNextRunAtCarriesItsOffset() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.schedule.time-zone", "Asia/Tokyo");
        p.put("deskbridge.sync.accounts.cron", "0 0 9 * * ?");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            String next = app.get("/admin/syncs/accounts").path("nextRunAt").asText();
            assertTrue(next.endsWith("T09:00:00+09:00"), "09:00 in Tokyo, with its offset: " + next);
        }
    }

    /** Item 15: UTC by default, whatever the JVM's zone, as the API prints times in UTC. */
    @Test
    void theDefaultZoneIsUtc() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.accounts.cron", "0 0 9 * * ?");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            String next = app.get("/admin/syncs/accounts").path("nextRunAt").asText();
            assertTrue(next.endsWith("T09:00:00Z"), next);
        }
    }

    /** Item 6: the data folder, the database's folder and the sandbox's are owner-only, and so are the files in them. */
    @Test
    void dataFoldersAreOwnerOnlyAndOldWorldReadableOnesAreTightened() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(
                data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(data.resolve("deskbridge.trace.db"), "left by an older version");
        Files.setPosixFilePermissions(
                data.resolve("deskbridge.trace.db"), PosixFilePermissions.fromString("rw-r--r--"));
        // A folder shared with other things: only Deskbridge's own files in it change.
        Path shared = dir.resolve("shared");
        Files.createDirectories(
                shared, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(shared.resolve("start.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(shared.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.token", "");
        p.put(
                "deskbridge.db.url",
                "jdbc:h2:file:" + dir.resolve("db/deskbridge").toAbsolutePath());
        p.put("deskbridge.sandbox.data-dir", dir.resolve("sandbox").toString());
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            for (Path folder : new Path[] {data, dir.resolve("db"), dir.resolve("sandbox")}) {
                assertEquals("rwx------", mode(folder), folder.toString());
                try (var files = Files.list(folder)) {
                    files.filter(Files::isRegularFile).forEach(f -> assertEquals("rw-------", mode(f), f.toString()));
                }
            }
            assertTrue(Files.exists(dir.resolve("db/deskbridge.mv.db")));
            assertTrue(Files.exists(data.resolve("admin.token")));
        }
        p.put(
                "deskbridge.db.url",
                "jdbc:h2:file:" + shared.resolve("deskbridge").toAbsolutePath());
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            assertEquals("rw-------", mode(shared.resolve("deskbridge.mv.db")));
            assertEquals("rwxr-xr-x", mode(shared), "a shared folder keeps its mode");
            assertEquals("rwxr-xr-x", mode(shared.resolve("start.sh")), "what is not Deskbridge's is left alone");
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
