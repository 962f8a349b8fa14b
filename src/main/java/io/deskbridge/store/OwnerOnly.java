package io.deskbridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders that hold personal data (names, emails, phones), the audit log or a token: readable by their owner only,
 * whatever the umask. Folders an older version created world-readable are tightened once, with a log line.
 */
public final class OwnerOnly {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates the folder (and missing parents) as 0700, or tightens it to 0700, and its files to 0600. */
    public static Path directory(Path dir) {
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (!posix) {
                return dir; // e.g. Windows: the folder's ACL is inherited from the user's profile
            }
            if (tighten(dir, DIRECTORY)) {
                LOG.info("{} was readable by other users; now owner-only (rwx------), and its files rw-------", dir);
            }
            // The database writes its files with the process umask; the folder keeps others out, the files too.
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        tighten(f, FILE);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + dir + " readable by its owner only: " + e.getMessage(), e);
        }
    }

    private static boolean tighten(Path p, Set<PosixFilePermission> wanted) throws IOException {
        if (Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
            return false;
        }
        Files.setPosixFilePermissions(p, wanted);
        return true;
    }
}
