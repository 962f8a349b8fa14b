package io.deskbridge.sync;

import io.deskbridge.model.ConfigurationException;
import io.deskbridge.store.SyncStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lease of this node's runs, kept alive while the node is: a run takes it with {@link #claim}, a timer renews
 * it every quarter of its length until {@link #stop}, so a run may last longer than its lease. A node that dies
 * (kill -9, a lost machine) stops renewing, and another node takes the sync over a lease after the last renewal, not a
 * whole run later. The renewal is fenced on the run (as at the batch boundaries, which renew too): once another node
 * has taken the sync over, this one stops renewing and the run learns it at its next batch boundary.
 *
 * <p>A run whose thread is stuck (a deadlock, a hang outside the calls' timeouts) must not keep its sync for the life
 * of the process: the run stamps {@link #progress} at each record, batch and page, every API call of this node counts
 * too ({@link #watchActivity}), and a run silent for {@link #silenceAllowed} is no longer renewed.
 */
public final class LeaseHeartbeat implements AutoCloseable {

    public static final String KEY = "deskbridge.sync.run-lease";
    public static final Duration DEFAULT = Duration.ofMinutes(2);
    /** Shorter, a slow store answer or a garbage-collection pause could let a live run's lease run out. */
    public static final Duration MINIMUM = Duration.ofSeconds(10);

    /**
     * N, the leases a run may stay silent: a healthy step (a batch of 200 records, a page, one call) takes seconds,
     * and a lease is at least 10 s (2 min by default), so 5 leases is far beyond any healthy silence, while a stuck
     * run's sync is free again within minutes, not never.
     */
    static final int SILENT_LEASES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final SyncStates states;
    private final Duration lease;
    private final Duration silence;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<Long, Beat> renewing = new ConcurrentHashMap<>();
    private volatile LongSupplier activity = () -> 0;

    /** A run whose lease is renewed, and when it last showed progress. */
    private static final class Beat {
        volatile ScheduledFuture<?> future;
        volatile Instant progressed;
        volatile long activitySeen;
    }

    /** @param lease the run lease's length: {@link #checked} when it comes from the settings */
    public LeaseHeartbeat(SyncStates states, Duration lease) {
        this(states, lease, lease.multipliedBy(SILENT_LEASES), Clock.systemUTC());
    }

    /**
     * @param silence how long a run may show no progress before its lease is no longer renewed: {@link
     *     #silenceAllowed}
     */
    public LeaseHeartbeat(SyncStates states, Duration lease, Duration silence, Clock clock) {
        this.states = states;
        this.lease = lease;
        this.silence = silence;
        this.clock = clock;
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

    /**
     * N ({@link #SILENT_LEASES}) leases, but never less than twice the longest wait a healthy run may make without any
     * call or record: a Retry-After up to {@code deskbridge.http.max-retry-after} (a longer one stops the run) and the
     * call after it (its timeout). So a run waiting out a long Retry-After keeps its lease.
     */
    public static Duration silenceAllowed(Duration lease, Duration maxRetryAfter, Duration callTimeout) {
        Duration leases = lease.multipliedBy(SILENT_LEASES);
        Duration waits = maxRetryAfter.plus(callTimeout).multipliedBy(2);
        return leases.compareTo(waits) >= 0 ? leases : waits;
    }

    public Duration lease() {
        return lease;
    }

    /**
     * The count of API calls this node has made: one that grows is a sign of progress of its runs (the callers do not
     * know which run they serve, so a call counts for every run).
     */
    public void watchActivity(LongSupplier calls) {
        this.activity = calls;
    }

    /** The run made progress (a record, a batch, a page): its lease goes on being renewed. */
    public void progress(long runId) {
        Beat beat = renewing.get(runId);
        if (beat != null) {
            beat.progressed = clock.instant();
        }
    }

    /** Takes the run lease of {@code syncId} for a new run and keeps it alive until {@link #stop}. */
    public SyncStates.Claim claim(String syncId, String deskOrg, String trigger) {
        SyncStates.Claim claim = states.claimRun(syncId, deskOrg, trigger, lease);
        if (claim.started()) {
            long runId = claim.runId();
            long every = lease.toMillis() / 4;
            Beat beat = new Beat();
            beat.progressed = clock.instant();
            beat.activitySeen = activity.getAsLong();
            renewing.put(runId, beat);
            beat.future = timer.scheduleWithFixedDelay(() -> renew(syncId, runId), every, every, TimeUnit.MILLISECONDS);
            if (!renewing.containsKey(runId)) {
                beat.future.cancel(false); // stopped while being set up
            }
        }
        return claim;
    }

    /** The run is over (or never got going): its lease is no longer renewed. */
    public void stop(long runId) {
        cancel(renewing.remove(runId));
    }

    private static void cancel(Beat beat) {
        // A beat is in the map before its future is set: the claim's thread sets it right after.
        if (beat != null && beat.future != null) {
            beat.future.cancel(false);
        }
    }

    /** How many runs this node is keeping the lease of. */
    public int renewing() {
        return renewing.size();
    }

    private void renew(String syncId, long runId) {
        Beat silent = renewing.get(runId);
        if (silent != null && silentFor(silent).compareTo(silence) > 0 && renewing.remove(runId, silent)) {
            cancel(silent);
            LOG.warn(
                    "{} run {} has shown no progress for {} s (no record, batch, page or API call): its thread looks"
                            + " stuck; its lease is no longer renewed, so another node may take the sync over",
                    syncId,
                    runId,
                    silentFor(silent).toSeconds());
            return;
        }
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
        Beat beat = renewing.remove(runId);
        if (beat != null) {
            cancel(beat);
            LOG.warn(
                    "{} run {} does not hold its lease any more: another node took the sync over; no longer renewed",
                    syncId,
                    runId);
        }
    }

    /** How long the run has shown no progress; an API call of this node since the last beat is progress. */
    private Duration silentFor(Beat beat) {
        long calls = activity.getAsLong();
        if (calls != beat.activitySeen) {
            beat.activitySeen = calls;
            beat.progressed = clock.instant();
        }
        return Duration.between(beat.progressed, clock.instant());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
