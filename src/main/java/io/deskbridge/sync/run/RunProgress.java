package io.deskbridge.sync.run;

import io.deskbridge.model.RunCounters;
import io.deskbridge.model.Side;
import io.deskbridge.store.Mirror;
import io.deskbridge.store.Runs;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.definition.ModuleSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of the runs of this node, told every {@link #EVERY} by a timer of its own: a run's thread may spend
 * minutes in one write (rate limits, slow answers, the writes queued after the last record read) and must still be
 * heard of. Each line says the records done, their rate, and, while a pass reads staged records, how many it has in
 * all and the estimate to its end. The run's figures are saved with it, so its JSON shows them on every node.
 */
public final class RunProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);
    /** How often a running run's progress is told. */
    static final Duration EVERY = Duration.ofSeconds(10);

    /** Where a pass over staged records is: read and buffered so far, and whether the store has more after lastId. */
    private record Cursor(Side side, String scope, String lastId, int readAndBuffered, boolean exhausted) {}

    private static final class Tracked {
        final RunContext run;
        volatile Instant lastTold;
        volatile Cursor cursor;

        Tracked(RunContext run) {
            this.run = run;
            this.lastTold = run.startedAt();
        }
    }

    private final Map<Long, Tracked> runs = new ConcurrentHashMap<>();
    private final Mirror mirror;
    private final Runs history;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "deskbridge-run-progress");
        t.setDaemon(true);
        return t;
    });

    RunProgress(Mirror mirror, Runs history, Clock clock) {
        this.mirror = mirror;
        this.history = history;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::tellDue, 1, 1, TimeUnit.SECONDS);
    }

    void track(RunContext run) {
        runs.put(run.runId(), new Tracked(run));
    }

    void untrack(long runId) {
        runs.remove(runId);
    }

    /** A pass over staged records has read up to {@code lastId}; {@code readAndBuffered} counts the run's read. */
    void passAt(RunContext run, Side side, String lastId, int readAndBuffered, boolean exhausted) {
        Tracked t = runs.get(run.runId());
        if (t != null) {
            t.cursor = new Cursor(side, run.scope(side), lastId, readAndBuffered, exhausted);
        }
    }

    private void tellDue() {
        Instant now = clock.instant();
        for (Tracked t : runs.values()) {
            if (Duration.between(t.lastTold, now).compareTo(EVERY) < 0) {
                continue;
            }
            t.lastTold = now;
            try {
                RunCounters.Snapshot c = t.run.counters().snapshot();
                Integer total = total(t);
                history.progress(t.run.runId(), c, total);
                LOG.info(line(t.run, c, Duration.between(t.run.startedAt(), now), total));
            } catch (RuntimeException e) {
                // A store that cannot be reached just now costs this line, not the timer.
                LOG.debug("{} run {}: no progress line: {}", t.run.syncId(), t.run.runId(), e.toString());
            }
        }
    }

    /** The records of the pass in hand, read or still staged; null outside such a pass (tickets, chats). */
    private Integer total(Tracked t) {
        Cursor c = t.cursor;
        // A dry run's staged records are in its own transaction: read from here, the total would be short of them.
        if (c == null || t.run.dryRun()) {
            return null;
        }
        int staged = c.exhausted()
                ? 0
                : mirror.pendingCountAfter(t.run.syncId(), c.side().system(), c.scope(), c.lastId());
        return c.readAndBuffered() + staged;
    }

    static String line(RunContext run, RunCounters.Snapshot c, Duration took, Integer total) {
        int done = c.done(run.sync().module().equals(ModuleSpec.CHATS));
        double perSecond = took.toMillis() <= 0 ? 0 : done * 1000.0 / took.toMillis();
        String of = total == null ? "" : " of " + total;
        Long toGo = etaSeconds(done, total, took);
        String eta = toGo == null ? "" : String.format(Locale.ROOT, ", about %d s to go", toGo);
        return String.format(
                Locale.ROOT,
                "%s run %d in progress: %d%s record(s) done in %d s (%.1f/s)%s; %s",
                run.syncId(),
                run.runId(),
                done,
                of,
                took.toSeconds(),
                perSecond,
                eta,
                c);
    }

    /**
     * The seconds to the end of a pass of {@code total} records at the rate of the {@code done} ones so far; null when
     * the total is not known or nothing is done yet. Shared by the progress line and the run's JSON.
     */
    public static Long etaSeconds(int done, Integer total, Duration took) {
        if (total == null || done <= 0 || took.toMillis() <= 0) {
            return null;
        }
        double perSecond = done * 1000.0 / took.toMillis();
        return Math.round(Math.max(0, total - done) / perSecond);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
