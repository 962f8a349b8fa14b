package io.deskbridge.sync;

import io.deskbridge.model.ConfigurationException;
import io.deskbridge.store.SyncStates;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lease of this node's runs, kept alive while the node is: a run takes it with {@link #claim}, a timer renews
 * it every quarter of its length until {@link #stop}, so a run may last longer than its lease. A node that dies
 * (kill -9, a lost machine) stops renewing, and another node takes the sync over a lease after the last renewal, not a
 * whole run later. The renewal is fenced on the run (as at the batch boundaries, which renew too): once another node
 * has taken the sync over, this one stops renewing and the run learns it at its next batch boundary.
 */
public final class LeaseHeartbeat implements AutoCloseable {

    public static final String KEY = "deskbridge.sync.run-lease";
    public static final Duration DEFAULT = Duration.ofMinutes(2);
    /** Shorter, a slow store answer or a garbage-collection pause could let a live run's lease run out. */
    public static final Duration MINIMUM = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final SyncStates states;
    private final Duration lease;
    private final ScheduledExecutorService timer;
    private final Map<Long, ScheduledFuture<?>> renewing = new ConcurrentHashMap<>();

    /** @param lease the run lease's length: {@link #checked} when it comes from the settings */
    public LeaseHeartbeat(SyncStates states, Duration lease) {
        this.states = states;
        this.lease = lease;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deskbridge-run-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /** The lease {@link #KEY} sets, refused below {@link #MINIMUM} with a message naming the key. */
    public static Duration checked(Duration lease) {
        if (lease.compareTo(MINIMUM) < 0) {
            throw new ConfigurationException(KEY + " = " + shown(lease) + " is shorter than the minimum "
                    + MINIMUM.toSeconds() + "s: a live run could lose its lease between two renewals");
        }
        return lease;
    }

    private static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    public Duration lease() {
        return lease;
    }

    /** Takes the run lease of {@code syncId} for a new run and keeps it alive until {@link #stop}. */
    public SyncStates.Claim claim(String syncId, String deskOrg, String trigger) {
        SyncStates.Claim claim = states.claimRun(syncId, deskOrg, trigger, lease);
        if (claim.started()) {
            long runId = claim.runId();
            long every = lease.toMillis() / 4;
            renewing.put(
                    runId,
                    timer.scheduleWithFixedDelay(() -> renew(syncId, runId), every, every, TimeUnit.MILLISECONDS));
        }
        return claim;
    }

    /** The run is over (or never got going): its lease is no longer renewed. */
    public void stop(long runId) {
        ScheduledFuture<?> beat = renewing.remove(runId);
        if (beat != null) {
            beat.cancel(false);
        }
    }

    /** How many runs this node is keeping the lease of. */
    int renewing() {
        return renewing.size();
    }

    private void renew(String syncId, long runId) {
        try {
            if (states.renewLease(syncId, runId, lease)) {
                return;
            }
        } catch (RuntimeException e) {
            // The store may be back before the lease runs out: the next beat tries again.
            LOG.warn("{} run {}: its lease could not be renewed: {}", syncId, runId, e.getMessage());
            return;
        }
        // Not when the renewal only raced the run's end (stopped meanwhile, the lease released).
        ScheduledFuture<?> beat = renewing.remove(runId);
        if (beat != null) {
            beat.cancel(false);
            LOG.warn(
                    "{} run {} does not hold its lease any more: another node took the sync over; no longer renewed",
                    syncId,
                    runId);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
