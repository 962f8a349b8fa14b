package io.deskbridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders that hold personal data (names, emails, phones), the audit log or a token: readable by their owner only,
 * whatever the umask. Deskbridge changes only what is its own: a folder it creates is made 0700; in a folder that
 * exists, its own files (by name) are made 0600, and the folder itself is tightened only when it holds nothing else
 * (a data folder an older version left 0755). A folder shared with other files (a home folder, /tmp, the working
 * folder) keeps its mode, with a warning: changing it could break what else lives there.
 */
public final class OwnerOnly {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {}

    /**
     * Creates the folder (and missing parents) as 0700, or, when it exists, makes Deskbridge's own entries in it
     * owner-only: the names given, and names that start with one of them and a dot ({@code deskbridge} stands for
     * {@code deskbridge.mv.db}, {@code deskbridge.trace.db}, ...).
     */
    public static Path directory(Path dir, String... ownNames) {
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
            boolean onlyOurs = true;
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    if (!own(e.getFileName().toString(), ownNames)) {
                        onlyOurs = false;
                    } else if (Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                        tighten(e, FILE);
                    }
                }
            }
            if (onlyOurs) {
                if (tighten(dir, DIRECTORY)) {
                    LOG.info(
                            "{} was readable by other users; now owner-only (rwx------), and its files rw-------", dir);
                }
            } else if (Files.getPosixFilePermissions(dir).stream().anyMatch(OTHERS::contains)) {
                LOG.warn(
                        "{} is readable by other users and holds files that are not Deskbridge's; only Deskbridge's own "
                                + "files in it were made owner-only. Give Deskbridge a folder of its own.",
                        dir);
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + dir + " readable by its owner only: " + e.getMessage(), e);
        }
    }

    private static boolean own(String name, String... ownNames) {
        return List.of(ownNames).stream().anyMatch(n -> name.equals(n) || name.startsWith(n + "."));
    }

    private static boolean tighten(Path p, Set<PosixFilePermission> wanted) throws IOException {
        if (Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
            return false;
        }
        Files.setPosixFilePermissions(p, wanted);
        return true;
    }
}
