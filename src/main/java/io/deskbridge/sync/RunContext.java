package io.deskbridge.sync;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run in progress, carried through the sync route as the exchange property {@value #PROPERTY}.
 * Split exchanges share it, so the counters add up across records.
 */
public final class RunContext {

    public static final String PROPERTY = "deskbridgeRun";

    private final long runId;
    private final SyncDefinition sync;
    private final String deskOrg;
    private final String trigger;
    private final Instant startedAt;
    private final RunCounters counters = new RunCounters();
    private final AtomicInteger crmCalls = new AtomicInteger();
    private final AtomicInteger deskCalls = new AtomicInteger();

    public RunContext(long runId, SyncDefinition sync, String deskOrg, String trigger, Instant startedAt) {
        this.runId = runId;
        this.sync = sync;
        this.deskOrg = deskOrg;
        this.trigger = trigger;
        this.startedAt = startedAt;
    }

    public long runId() { return runId; }
    public SyncDefinition sync() { return sync; }
    public String syncId() { return sync.id(); }
    public String deskOrg() { return deskOrg; }
    public String trigger() { return trigger; }
    public Instant startedAt() { return startedAt; }
    public RunCounters counters() { return counters; }

    public void crmCalls(int n) { crmCalls.addAndGet(n); }
    public void deskCalls(int n) { deskCalls.addAndGet(n); }
    public int crmCalls() { return crmCalls.get(); }
    public int deskCalls() { return deskCalls.get(); }
}
