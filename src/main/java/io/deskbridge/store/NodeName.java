package io.deskbridge.store;

import io.deskbridge.model.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The name of this node: the owner of the run and hand-over leases it takes, and what its runs record. Set by
 * {@code deskbridge.node.name}, or else the host name and a short id that this process keeps across its restarts:
 * slot files under {@code <data-dir>/node}, each holding a random id made once, a slot held with a file lock while the
 * runtime runs, the lowest free slot taken. So a node restarted after a crash or {@code kill -9} (the OS drops the
 * dead process's lock) takes its own name back and finds the runs it cut short, and two processes on one host, with
 * one data folder or two, get different names without a setting.
 */
public final class NodeName implements AutoCloseable {

    public static final String KEY = "deskbridge.node.name";
    /** The width of the lease owner columns (sync_state, handover_job) and of Quartz's instance name. */
    static final int MAX_LENGTH = 200;

    /** The folder of the slot files under the data folder. */
    public static final String FOLDER = "node";

    /** Instance ids Quartz does not take as given (StdSchedulerFactory AUTO_GENERATE..., SYSTEM_PROPERTY_AS...). */
    private static final Set<String> QUARTZ_RESERVED = Set.of(
            org.quartz.impl.StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID,
            org.quartz.impl.StdSchedulerFactory.SYSTEM_PROPERTY_AS_INSTANCE_ID);

    private static final int MAX_SLOTS = 1000;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern SLOT_FILE = Pattern.compile("slot-[0-9]+\\.id");
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * The slot files a runtime of this JVM holds. A second runtime in one JVM (the tests) must not open them: POSIX
     * locks belong to the process, so closing any channel to a file drops the lock the first runtime holds on it.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final String name;
    private final String origin;
    private final Slot slot;

    private NodeName(String name, String origin, Slot slot) {
        this.name = name;
        this.origin = origin;
        this.slot = slot;
    }

    /**
     * This runtime's name: {@code setting} when given (null when the key is not set at all; a blank or too long one is
     * refused), else the host name and the id of the lowest free slot under {@code dataDir}, held until {@link #close}.
     */
    public static NodeName resolve(String setting, Path dataDir, Supplier<String> hostName) {
        if (setting != null) {
            return new NodeName(valid(setting), KEY, null);
        }
        Slot slot = Slot.takeLowestFree(dataDir);
        String host = hostName.get();
        int room = MAX_LENGTH - 1 - slot.id.length();
        String name = (host.length() > room ? host.substring(0, room) : host) + "-" + slot.id;
        return new NodeName(name, "slot " + slot.number + " of " + slot.file.getParent(), slot);
    }

    /** The host name, or "deskbridge" when it cannot be told. */
    public static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "deskbridge";
        }
    }

    public String name() {
        return name;
    }

    /** Where the name comes from: the key, or the slot and its folder. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Lets another runtime take the slot (the same runtime restarted takes it back). */
    @Override
    public void close() {
        if (slot != null) {
            slot.release();
        }
    }

    private static String valid(String setting) {
        String v = setting.trim();
        if (v.isEmpty()) {
            throw new ConfigurationException(
                    KEY + " is set but empty: give this node a name, or leave the key out for the host name and an id"
                            + " kept under deskbridge.data-dir");
        }
        if (v.length() > MAX_LENGTH) {
            throw new ConfigurationException(KEY + " is " + v.length() + " characters long; at most " + MAX_LENGTH
                    + " (the lease owner's column)");
        }
        if (QUARTZ_RESERVED.contains(v)) {
            throw new ConfigurationException(
                    KEY + " = " + v + ": Quartz reserves that value (it would make up a name or"
                            + " read one elsewhere); give this node a name of its own, or leave the key out");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigurationException(KEY + " holds a control character (a line break, a tab, ...)");
        }
        return v;
    }

    /** One slot file, locked: its number, its id. */
    private static final class Slot {
        final int number;
        final Path file;
        final String id;
        private final FileChannel channel;
        private final FileLock lock;

        private Slot(int number, Path file, String id, FileChannel channel, FileLock lock) {
            this.number = number;
            this.file = file;
            this.id = id;
            this.channel = channel;
            this.lock = lock;
        }

        static Slot takeLowestFree(Path dataDir) {
            Path dir = dataDir.toAbsolutePath().normalize().resolve(FOLDER);
            try {
                OwnerOnly.directory(dir, slotFiles(dir));
                for (int n = 1; n <= MAX_SLOTS; n++) {
                    Slot slot = tryTake(n, dir.resolve("slot-" + n + ".id"));
                    if (slot != null) {
                        return slot;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                throw new ConfigurationException(
                        "deskbridge.data-dir = " + dataDir + ": cannot keep this node's name under " + dir + ": "
                                + e.getMessage() + " (make the folder writable, or set " + KEY + ")",
                        e);
            }
            throw new ConfigurationException("deskbridge.data-dir = " + dataDir + ": the " + MAX_SLOTS
                    + " node slots under " + dir + " are all held by running processes; set " + KEY);
        }

        /** The slot, or null when another runtime holds it. */
        private static Slot tryTake(int number, Path file) throws IOException {
            if (!HELD_HERE.add(file)) {
                return null;
            }
            FileChannel channel = null;
            try {
                channel = open(file);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    HELD_HERE.remove(file);
                    return null;
                }
                return new Slot(number, file, idOf(channel), channel, lock);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close();
                }
                HELD_HERE.remove(file);
                if (e instanceof OverlappingFileLockException) {
                    return null;
                }
                throw e;
            }
        }

        private static FileChannel open(Path file) throws IOException {
            Set<StandardOpenOption> options =
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<?> ownerOnly =
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
                return FileChannel.open(file, options, ownerOnly);
            }
            return FileChannel.open(file, options);
        }

        /** The slot's id; made and written once, or again when the file holds no id (a kill while it was written). */
        private static String idOf(FileChannel channel) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            String kept = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            if (ID.matcher(kept).matches()) {
                return kept;
            }
            byte[] random = new byte[4];
            RANDOM.nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return id;
        }

        private static String[] slotFiles(Path dir) throws IOException {
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.map(p -> p.getFileName().toString())
                            .filter(n -> SLOT_FILE.matcher(n).matches())
                            .forEach(names::add);
                }
            }
            return names.toArray(String[]::new);
        }

        synchronized void release() {
            if (!channel.isOpen()) {
                return;
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            } finally {
                HELD_HERE.remove(file);
            }
        }
    }
}
