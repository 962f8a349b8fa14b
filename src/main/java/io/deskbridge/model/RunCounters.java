package io.deskbridge.model;

/**
 * The figures of one run. Every record read ends in exactly one of the other counters, so
 * read = created + updated + linked + unchanged + excluded + failed once a run is over.
 * A chats run counts its chats instead: read = noted + conflicts + excluded + failed, and besides the leads it
 * created, the tasks it left and the phones it set. A noted chat taken again only for its task (tagged for sales
 * after it was noted) counts under tasks alone, neither as read nor as noted.
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
    private int noted;
    private int leadsCreated;
    private int tasks;
    private int phonesSet;

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

    /** A chat written as a note on its Sell record. */
    public synchronized void noted() {
        noted++;
    }

    /**
     * A noted chat the export listed again tagged for sales, taken again only for its task: counted under tasks, not
     * as read or noted again, so read = noted + conflicts + excluded + failed still holds.
     */
    public synchronized void takenForTaskOnly() {
        read--;
    }

    public synchronized void leadCreated() {
        leadsCreated++;
    }

    public synchronized void task() {
        tasks++;
    }

    public synchronized void phoneSet() {
        phonesSet++;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(
                read,
                created,
                updated,
                linked,
                unchanged,
                excluded,
                failed,
                conflicts,
                deleted,
                new Chats(noted, leadsCreated, tasks, phonesSet));
    }

    /** What a chats run wrote: zero for the other syncs. */
    public record Chats(int noted, int leadsCreated, int tasks, int phonesSet) {
        public static final Chats NONE = new Chats(0, 0, 0, 0);

        @Override
        public String toString() {
            return "noted=" + noted + " leadsCreated=" + leadsCreated + " tasks=" + tasks + " phonesSet=" + phonesSet;
        }
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
            int deleted,
            Chats chats) {
        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, Chats.NONE);

        /** The figures of a record sync, with no chats. */
        public Snapshot(
                int read,
                int created,
                int updated,
                int linked,
                int unchanged,
                int excluded,
                int failed,
                int conflicts,
                int deleted) {
            this(read, created, updated, linked, unchanged, excluded, failed, conflicts, deleted, Chats.NONE);
        }

        /**
         * The records read that have their outcome already (a run's writes may still be in flight): all of them once
         * the run is over.
         */
        public int done(boolean chatsRun) {
            return chatsRun
                    ? chats.noted() + conflicts + excluded + failed
                    : created + updated + linked + unchanged + excluded + failed;
        }

        @Override
        public String toString() {
            return "read=" + read + " created=" + created + " updated=" + updated + " linked=" + linked
                    + " unchanged=" + unchanged + " excluded=" + excluded + " failed=" + failed + " conflicts="
                    + conflicts
                    + " deleted=" + deleted
                    + (chats.equals(Chats.NONE) ? "" : " " + chats);
        }
    }
}
