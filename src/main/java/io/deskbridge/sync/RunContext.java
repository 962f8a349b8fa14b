package io.deskbridge.sync;

import io.deskbridge.model.Direction;
import io.deskbridge.model.RunCounters;
import io.deskbridge.model.Side;
import io.deskbridge.sync.definition.SyncDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run in progress, carried through the sync route as the exchange property {@value #PROPERTY}.
 * Split exchanges share it, so the counters add up across records, and CRM writes queued by one
 * record are sent in batches with those of the next.
 */
public final class RunContext {

    public static final String PROPERTY = "deskbridgeRun";

    private final long runId;
    private final SyncDefinition sync;
    private final Direction direction;
    private final String deskOrg;
    private final String trigger;
    private final Instant startedAt;
    private final RunCounters counters = new RunCounters();
    private final AtomicInteger crmCalls = new AtomicInteger();
    private final AtomicInteger deskCalls = new AtomicInteger();
    private final List<QueuedWrite> crmQueue = new ArrayList<>();
    private final List<QueuedWrite> deskQueue = new ArrayList<>();
    private final java.util.Set<String> claimed = new java.util.HashSet<>();

    private java.util.Set<String> withIssues;
    private java.util.Set<String> withIntents;
    private java.util.Set<String> waiting;
    private String stoppedBecause;
    private long retriesAtStart;
    private java.util.Map<String, io.deskbridge.connector.SystemGate.Counts> gatesAtStart = java.util.Map.of();
    private int serverTroubleInARow;

    public RunContext(
            long runId, SyncDefinition sync, Direction direction, String deskOrg, String trigger, Instant startedAt) {
        this.runId = runId;
        this.sync = sync;
        this.direction = direction;
        this.deskOrg = deskOrg;
        this.trigger = trigger;
        this.startedAt = startedAt;
    }

    public long runId() {
        return runId;
    }

    private volatile io.deskbridge.model.DryRunPreview preview;
    private volatile java.time.Clock dryRunClock;
    private volatile Runnable endAfterRollback;

    /** Makes this a dry run: its writes go to {@code preview}, not to the systems. */
    public void dryRun(io.deskbridge.model.DryRunPreview preview, java.time.Clock clock) {
        this.preview = preview;
        this.dryRunClock = clock;
    }

    public boolean dryRun() {
        return preview != null;
    }

    /** A dry run's record of what it would have written; null for a run. */
    public io.deskbridge.model.DryRunPreview preview() {
        return preview;
    }

    /** The connector a write of this run goes to: {@code real}, or for a dry run one that only answers. */
    public io.deskbridge.connector.SyncConnector writesTo(Side side, io.deskbridge.connector.SyncConnector real) {
        return preview == null ? real : new io.deskbridge.connector.DryRunConnector(side, real, preview, dryRunClock);
    }

    /**
     * A dry run's end (its row and its released lease), written once its transaction is rolled back: inside it, it
     * would be rolled back too.
     */
    public void endAfterRollback(Runnable end) {
        this.endAfterRollback = end;
    }

    public Runnable endAfterRollback() {
        return endAfterRollback;
    }

    public SyncDefinition sync() {
        return sync;
    }

    public String syncId() {
        return sync.id();
    }

    public String deskOrg() {
        return deskOrg;
    }

    public String trigger() {
        return trigger;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public RunCounters counters() {
        return counters;
    }
    /** The direction in force (an active sync keeps its direction until paused, whatever the configuration says). */
    public Direction direction() {
        return direction;
    }

    public boolean twoWay() {
        return direction == Direction.TWO_WAY;
    }

    /** Direction none: the run reads both sides and links the records that exist on both, and writes to neither. */
    public boolean writesNothing() {
        return direction == Direction.NONE;
    }

    /** Whether the Desk's changed records go through the router too: two-way, and none (they may find a CRM match). */
    public boolean passesDeskRecords() {
        return twoWay() || writesNothing();
    }

    private volatile String skipped;

    /** What the run left out and went on without (a system with no deleted-records list); null when nothing. */
    public String skipped() {
        return skipped;
    }

    public void skipped(String what) {
        this.skipped = what;
    }

    /** Set when the run stopped early at a batch boundary (the sync was paused), with why. */
    public String stoppedBecause() {
        return stoppedBecause;
    }

    public void stop(String why) {
        this.stoppedBecause = why;
    }

    private volatile RuntimeException endsWith;

    /**
     * A failure that ends the run, met where it cannot be thrown to the route (while the route's handler keeps a
     * record's failure): the run's next step throws it ({@link #throwIfEnding}).
     */
    public void endWith(RuntimeException failure) {
        if (endsWith == null) {
            endsWith = failure;
        }
    }

    public void throwIfEnding() {
        if (endsWith != null) {
            throw endsWith;
        }
    }

    /**
     * Where a side's records are kept in the mirror. Both are per Desk org, so pointing at another org
     * starts clean (everything is read and matched again) and nothing of two orgs is mixed.
     */
    public String scope(Side side) {
        return side == Side.DESK ? deskOrg : "crm@" + deskOrg;
    }

    public void crmCalls(int n) {
        crmCalls.addAndGet(n);
    }

    public void deskCalls(int n) {
        deskCalls.addAndGet(n);
    }

    public int crmCalls() {
        return crmCalls.get();
    }

    public int deskCalls() {
        return deskCalls.get();
    }

    /**
     * A record about to be linked by a CRM write still waiting in the batch: until the write is answered
     * and the link stored, no other record of this run may match it.
     */
    public void claim(Side side, String id) {
        claimed.add(side.system() + ":" + id);
    }

    public boolean claimed(Side side, String id) {
        return claimed.contains(side.system() + ":" + id);
    }

    /**
     * Whether a record may have an open issue: the issues of the sync are read once per run, so a record
     * without one costs no store call when it syncs.
     */
    public synchronized boolean mayHaveIssue(
            Side side, String id, java.util.function.Supplier<java.util.Set<String>> load) {
        if (withIssues == null) {
            withIssues = new java.util.HashSet<>(load.get());
        }
        return withIssues.contains(side.system() + ":" + id);
    }

    public synchronized void issueKept(Side side, String id) {
        if (withIssues != null) {
            withIssues.add(side.system() + ":" + id);
        }
    }

    /**
     * Whether a record may be waiting for the link of a record it refers to: read once per run, so a record that
     * waits for nothing costs no store call.
     */
    public synchronized boolean mayBeWaiting(
            Side side, String id, java.util.function.Supplier<java.util.Set<String>> load) {
        if (waiting == null) {
            waiting = new java.util.HashSet<>(load.get());
        }
        return waiting.contains(side.system() + ":" + id);
    }

    public synchronized void waiting(Side side, String id) {
        if (waiting != null) {
            waiting.add(side.system() + ":" + id);
        }
    }

    /** Whether a create of this record was sent in an earlier run without its link being stored. */
    public boolean hadIntent(String sourceId, java.util.function.Supplier<java.util.Set<String>> load) {
        if (withIntents == null) {
            withIntents = new java.util.HashSet<>(load.get());
        }
        return withIntents.contains(sourceId);
    }

    /** Each system's gate figures when the run began; the run's own are what was added since. */
    public void gatesAtStart(java.util.Map<String, io.deskbridge.connector.SystemGate.Counts> counts) {
        gatesAtStart = counts;
    }

    public java.util.Map<String, io.deskbridge.connector.SystemGate.Counts> gatesAtStart() {
        return gatesAtStart;
    }

    public void retriesAtStart(long n) {
        retriesAtStart = n;
    }

    public long retriesAtStart() {
        return retriesAtStart;
    }

    /** Counts a record lost to a server error or timeout; returns how many in a row. */
    public synchronized int serverTrouble() {
        return ++serverTroubleInARow;
    }

    /** A write went through: the API is answering. */
    public synchronized void serverOk() {
        serverTroubleInARow = 0;
    }

    public void releaseClaims() {
        claimed.clear();
    }

    /**
     * A write the push stage queued and has not sent yet. Its kinds (a Desk create or update, a CRM upsert or
     * update) are the push stage's own ({@code io.deskbridge.sync.push.PendingWrite}); the run only needs to
     * know whose it is.
     */
    public interface QueuedWrite {
        SyncRecord record();
    }

    /** CRM writes waiting for a batch of 100; owned by the push stage's {@code WriteQueue}. */
    public List<QueuedWrite> crmQueue() {
        return crmQueue;
    }

    /** Desk writes waiting for their batch; owned by the push stage's {@code WriteQueue}. */
    public List<QueuedWrite> deskQueue() {
        return deskQueue;
    }
}
