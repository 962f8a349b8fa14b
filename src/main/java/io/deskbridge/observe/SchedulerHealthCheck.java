package io.deskbridge.observe;

import java.util.Map;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Liveness beside Camel's {@code context} check ({@code scheduler}): the Quartz scheduler that fires the syncs'
 * schedules on this node is running. A node whose scheduler stopped takes no fires any more; a restart is its cure.
 * Read from the scheduler's own state in memory, so it is cheap.
 */
public final class SchedulerHealthCheck extends AbstractHealthCheck {

    public SchedulerHealthCheck() {
        super("deskbridge", "scheduler");
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!getCamelContext().isStarted()) {
            // Quartz starts once Camel has (and stands by as it stops): the context check tells of those moments.
            builder.unknown().message("Camel is not started: the scheduler runs once it is");
            return;
        }
        QuartzComponent quartz = getCamelContext().hasComponent("quartz") instanceof QuartzComponent q ? q : null;
        Scheduler scheduler = quartz == null ? null : quartz.getScheduler();
        if (scheduler == null) {
            builder.down().message("no Quartz scheduler: the syncs' schedules do not fire on this node");
            return;
        }
        try {
            if (scheduler.isShutdown() || !scheduler.isStarted() || scheduler.isInStandbyMode()) {
                builder.down()
                        .message("the Quartz scheduler is "
                                + (scheduler.isShutdown() ? "shut down" : "not running")
                                + ": the syncs' schedules do not fire on this node");
                return;
            }
            builder.up().message("the Quartz scheduler is running");
        } catch (SchedulerException e) {
            builder.down().message("the Quartz scheduler cannot be asked: " + e.getMessage());
        }
    }
}
