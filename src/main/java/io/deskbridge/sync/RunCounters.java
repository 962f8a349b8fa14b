package io.deskbridge.sync;

/**
 * The figures of one run. Every record read ends in exactly one of the other counters, so
 * read = created + updated + linked + unchanged + excluded + failed once a run is over.
 */
public final class RunCounters {
    private int read;
    private int created;
    private int updated;
    private int linked;
    private int unchanged;
    private int excluded;
    private int failed;

    public synchronized void read() { read++; }
    public synchronized void created() { created++; }
    public synchronized void updated() { updated++; }
    public synchronized void linked() { linked++; }
    public synchronized void unchanged() { unchanged++; }
    public synchronized void excluded() { excluded++; }
    public synchronized void failed() { failed++; }

    public synchronized Snapshot snapshot() {
        return new Snapshot(read, created, updated, linked, unchanged, excluded, failed);
    }

    public record Snapshot(int read, int created, int updated, int linked, int unchanged, int excluded, int failed) {
        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0);

        public int written() {
            return created + updated + linked;
        }

        @Override
        public String toString() {
            return "read=" + read + " created=" + created + " updated=" + updated + " linked=" + linked
                    + " unchanged=" + unchanged + " excluded=" + excluded + " failed=" + failed;
        }
    }
}
