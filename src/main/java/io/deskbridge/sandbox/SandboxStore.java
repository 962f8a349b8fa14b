package io.deskbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The sandbox's storage: one H2 MVStore, file backed ({@code <dataDir>/sandbox.mv.db}) or purely in memory.
 * Every mutation of simulator state happens while holding {@link #lock}; {@link #commit()} is called after each
 * mutating request so an acknowledged write survives a {@code kill -9} of the process.
 */
final class SandboxStore implements AutoCloseable {

    final Object lock = new Object();
    private final MVStore mv;
    private final boolean persistent;
    private final MVMap<String, Long> counters;

    SandboxStore(String dataDir) {
        MVStore.Builder b = new MVStore.Builder();
        if (dataDir != null && !dataDir.isBlank()) {
            try {
                Path dir = Path.of(dataDir);
                Files.createDirectories(dir);
                b.fileName(dir.resolve("sandbox.mv.db").toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create sandbox data dir " + dataDir, e);
            }
            persistent = true;
        } else {
            persistent = false;
        }
        mv = b.open();
        counters = mv.openMap("counters");
    }

    MVMap<Long, String> map(String name) {
        return mv.openMap(name);
    }

    /** Next value of a persistent id sequence; the first value handed out is {@code start}. */
    long nextId(String sequence, long start) {
        Long v = counters.get(sequence);
        long id = v == null ? start : v;
        counters.put(sequence, id + 1);
        return id;
    }

    boolean persistent() {
        return persistent;
    }

    void commit() {
        if (persistent && !mv.isClosed()) {
            mv.commit();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!mv.isClosed()) {
                mv.close();
            }
        }
    }
}
