package io.deskbridge.store;

import io.deskbridge.model.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's check-ins in Quartz's cluster table ({@code QRTZ_SCHEDULER_STATE}), read before the node starts its
 * scheduler. Two live processes with one name would each take the other's fired triggers for its own, and the start's
 * recovery of "this node's" cut-short runs would fail the other's live run; so a start finds out whether a process of
 * its name still checks in, and refuses.
 */
public final class NodeCheckIns {

    /** How late Quartz lets a check-in be, past its interval, before it takes the node for dead (JobStoreSupport). */
    static final Duration QUARTZ_MARGIN = Duration.ofMillis(7500);
    /** What a live node may be late by, beyond its interval, under load. */
    static final Duration LATE_ALLOWANCE = Duration.ofSeconds(2);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(NodeCheckIns.class);

    private final Jdbc jdbc;

    public NodeCheckIns(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Refuses the start when another process checks in under this node's name. A recent check-in may also be this
     * node's own before a crash or {@code kill -9}: it is watched for one check-in interval (the longer of the stored
     * and this node's) and a little more; only one that advances meanwhile is another live process. Quartz's times
     * are the writers' clocks, so "recent" assumes clocks in step; "advances" does not.
     */
    public void refuseIfLiveElsewhere(NodeName node, Duration checkinInterval) throws InterruptedException {
        Optional<CheckIn> seen = read(node.name());
        if (seen.isEmpty() || !seen.get().recentAt(System.currentTimeMillis(), checkinInterval)) {
            return;
        }
        Duration watch =
                max(checkinInterval, Duration.ofMillis(seen.get().interval())).plus(LATE_ALLOWANCE);
        long until = System.currentTimeMillis() + watch.toMillis();
        while (System.currentTimeMillis() < until) {
            Thread.sleep(POLL.toMillis());
            Optional<CheckIn> now = read(node.name());
            if (now.isPresent() && now.get().at() > seen.get().at()) {
                throw new ConfigurationException(NodeName.KEY + ": another live process checks in as node "
                        + node.name() + " (the name comes from " + node.origin() + ") on this database"
                        + ": two nodes with one name would run each other's fires and fail each other's runs"
                        + ". Give each node its own " + NodeName.KEY + ", or leave it unset on both for the host"
                        + " name and an id kept under deskbridge.data-dir (a copied data folder copies the ids:"
                        + " delete the copy's " + NodeName.FOLDER + " folder)");
            }
        }
    }

    /**
     * Dates this node's last check-in back to "never" once its scheduler has stopped for good: the other nodes then
     * take back at once the fires it had taken (as they would once its check-ins had stopped long enough), and the
     * same node started again right away is not kept waiting by its own last check-in.
     */
    public void markStopped(String node) {
        try {
            jdbc.update(
                    "UPDATE QRTZ_SCHEDULER_STATE SET LAST_CHECKIN_TIME = 0 WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?",
                    ClusteredScheduler.NAME,
                    node);
        } catch (RuntimeException e) {
            // The check-in then ages as after a crash: the others and a restart of this node wait it out.
            LOG.warn("Could not mark node {} stopped in Quartz's cluster table: {}", node, e.getMessage());
        }
    }

    private Optional<CheckIn> read(String node) {
        return jdbc.queryOne(
                "SELECT LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE"
                        + " WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?",
                rs -> new CheckIn(rs.getLong("LAST_CHECKIN_TIME"), rs.getLong("CHECKIN_INTERVAL")),
                ClusteredScheduler.NAME,
                node);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** One stored check-in: when (epoch millis), and the interval its node checks in at. */
    private record CheckIn(long at, long interval) {
        /** Whether Quartz would still take its node for alive at {@code now}. */
        boolean recentAt(long now, Duration ours) {
            long every = Math.max(interval, ours.toMillis());
            return now - at < every + QUARTZ_MARGIN.toMillis();
        }
    }
}
