package io.deskbridge.model;

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
    private int conflicts;
    private int deleted;

    public synchronized void read() {
        read++;
    }
    /** A record read whose write was queued but never sent: it stays staged, as one the run did not reach. */
    public synchronized void notReached() {
        read--;
    }

    public synchronized void created() {
        created++;
    }

    public synchronized void updated() {
        updated++;
    }

    public synchronized void linked() {
        linked++;
    }

    public synchronized void unchanged() {
        unchanged++;
    }

    public synchronized void excluded() {
        excluded++;
    }

    public synchronized void failed() {
        failed++;
    }
    /** A field both sides changed since the last sync, settled by the conflict policy. */
    public synchronized void conflict() {
        conflicts++;
    }
    /** A record deleted on one side and noticed by this run. */
    public synchronized void deleted() {
        deleted++;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(read, created, updated, linked, unchanged, excluded, failed, conflicts, deleted);
    }

    /** conflicts and deleted are counted besides: they are not outcomes of a record read. */
    public record Snapshot(
            int read,
            int created,
            int updated,
            int linked,
            int unchanged,
            int excluded,
            int failed,
            int conflicts,
            int deleted) {
        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0);

        @Override
        public String toString() {
            return "read=" + read + " created=" + created + " updated=" + updated + " linked=" + linked
                    + " unchanged=" + unchanged + " excluded=" + excluded + " failed=" + failed + " conflicts="
                    + conflicts
                    + " deleted=" + deleted;
        }
    }
}
