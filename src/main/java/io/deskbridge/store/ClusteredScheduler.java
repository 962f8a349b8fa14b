package io.deskbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.CamelJob;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.impl.triggers.CronTriggerImpl;
import org.quartz.simpl.SimpleJobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz scheduler of the routes' {@code quartz:deskbridge/<sync>} schedules: Quartz's clustered JDBC job store
 * on the state store's database, so that each fire runs on exactly one of the nodes sharing that database and a
 * node that stops checking in has its fires taken by the others. All nodes share the scheduler name; each one is
 * an instance of it, named after the node.
 */
public final class ClusteredScheduler {

    /** The scheduler's name in Quartz's tables: the same on every node, or the nodes would not share the fires. */
    public static final String NAME = "deskbridge";
    /** The group of the routes' triggers ({@code quartz:deskbridge/contacts}). */
    public static final String GROUP = "deskbridge";
    /** A fire this late when the scheduler starts was missed while no node ran; it is skipped, not caught up. */
    static final Duration MISSED = Duration.ofSeconds(2);

    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(5);

    /**
     * Quartz's worker threads: never fewer than the schedules (7: accounts, contacts, products, tickets, chats,
     * signals, handover), since a fire that waits for a thread longer than {@link #MISFIRE_THRESHOLD} is a misfire and
     * is skipped. Each one borrows a connection of the Quartz pool briefly as its fire ends.
     */
    static final int THREADS = 8;

    /**
     * The longest a check-in waits for a connection and, when it got none, the pause before Quartz tries it again.
     * Quartz takes a node for dead 7.5 s after a check-in was due (JobStoreSupport.calcFailedIfAfter) and retries a
     * failed one after its dbRetryInterval (15 s unless set): a wait, the pause and a second wait must fit in those
     * 7.5 s, or a live node whose pool was busy for a moment is declared dead.
     */
    static final Duration LONGEST_CONNECTION_WAIT = Duration.ofSeconds(2);

    private static final java.util.Set<Trigger.TriggerState> WAITING =
            java.util.EnumSet.of(Trigger.TriggerState.NORMAL, Trigger.TriggerState.BLOCKED);
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredScheduler.class);
    // Quartz's data sources are named in one registry per JVM: a name per scheduler keeps two in one JVM (tests) apart.
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

    /** Where and as whom the scheduler runs. */
    public record Settings(
            String url,
            String user,
            String password,
            String node,
            int poolSize,
            Duration checkinInterval,
            java.util.TimeZone scheduleZone) {}

    private ClusteredScheduler() {}

    /**
     * Builds the scheduler, with a small connection pool of its own (a busy sync cannot take the connections of the
     * cluster check-in: a node that misses it is declared dead while it still runs), and hands it to the camel
     * "quartz" component, which starts it once the routes have scheduled their triggers.
     */
    public static Scheduler install(CamelContext context, Settings settings) throws SchedulerException {
        HikariConfig config = Database.config(
                settings.url(), settings.user(), settings.password(), "deskbridge-quartz", settings.poolSize());
        // Quartz's threads share the pool (workers as a fire ends, the scheduler thread, check-in, misfire scan): one
        // that cannot get a connection soon fails and Quartz tries again, rather than waiting out the check-in.
        config.setConnectionTimeout(connectionWait(settings.checkinInterval()).toMillis());
        HikariDataSource pool = new HikariDataSource(config);
        String dataSource = "deskbridge-quartz-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, provider(pool));
        Scheduler scheduler;
        try {
            scheduler = create(properties(settings, dataSource));
        } catch (SchedulerException | RuntimeException e) {
            pool.close();
            throw e;
        }
        scheduler.setJobFactory(new ThisNodesJobs(context));
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setScheduler(scheduler);
        // Run by the component after the routes have scheduled (or rescheduled) their triggers, before it starts.
        quartz.addScheduleInitTask(s -> {
            Instant now = Instant.now();
            followTimeZone(s, settings.scheduleZone(), now);
            skipMissedFires(s, now);
        });
        context.getManagementStrategy().addEventNotifier(new StandbyWhenStopping(scheduler));
        LOG.info(
                "Quartz is clustered on the state store as instance {} of scheduler {} (check-in every {} ms)",
                settings.node(),
                NAME,
                settings.checkinInterval().toMillis());
        return scheduler;
    }

    static Properties properties(Settings settings, String dataSource) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", NAME);
        p.setProperty("org.quartz.scheduler.instanceId", settings.node());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        // The runtime keeps its process alive; Quartz's threads must not keep one alive whose start failed.
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.setProperty(
                "org.quartz.jobStore.driverDelegateClass",
                Database.Vendor.of(settings.url()) == Database.Vendor.POSTGRESQL
                        ? PostgreSQLDelegate.class.getName()
                        : StdJDBCDelegate.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty(
                "org.quartz.jobStore.clusterCheckinInterval",
                String.valueOf(settings.checkinInterval().toMillis()));
        // The pause before Quartz tries again an operation that failed for want of a connection or a database: the
        // check-in, the misfire scan, the scheduler thread's acquiring, a fire's completion (JobStoreSupport).
        p.setProperty(
                "org.quartz.jobStore.dbRetryInterval",
                String.valueOf(connectionWait(settings.checkinInterval()).toMillis()));
        // A fire late by more than this is a misfire, which the routes' instruction (do nothing) skips to the next
        // time. Quartz's minute would replay, back to back, each time a long run of a short schedule missed.
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD.toMillis()));
        // Two nodes acquiring the same trigger at once is what the lock prevents (Quartz issues #318, #107).
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** Shorter than the check-in interval, within {@link #LONGEST_CONNECTION_WAIT}, and at least 1 s. */
    static Duration connectionWait(Duration checkinInterval) {
        Duration half = checkinInterval.dividedBy(2);
        Duration wait = half.compareTo(LONGEST_CONNECTION_WAIT) < 0 ? half : LONGEST_CONNECTION_WAIT;
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    /**
     * A new scheduler, kept out of Quartz's JVM-wide registry by name: otherwise a second runtime in one JVM would
     * be handed the first one's scheduler, since all of them share the name.
     */
    private static synchronized Scheduler create(Properties properties) throws SchedulerException {
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        SchedulerRepository.getInstance().remove(NAME);
        return scheduler;
    }

    private static ConnectionProvider provider(HikariDataSource pool) {
        return new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void shutdown() {
                pool.close();
            }

            @Override
            public void initialize() {}
        };
    }

    /**
     * Gives the stored cron triggers the zone of {@code deskbridge.schedule.time-zone}: camel-quartz reschedules a
     * stored trigger when its cron changed, not when only its zone did. Returns how many were changed.
     */
    static int followTimeZone(Scheduler scheduler, java.util.TimeZone zone, Instant now) throws SchedulerException {
        int changed = 0;
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            if (scheduler.getTrigger(key) instanceof CronTrigger cron
                    && !cron.getTimeZone().getID().equals(zone.getID())) {
                CronTriggerImpl rezoned = (CronTriggerImpl)
                        cron.getTriggerBuilder().startAt(Date.from(now)).build();
                rezoned.setTimeZone(zone);
                scheduler.rescheduleJob(key, rezoned);
                LOG.info(
                        "{}: its cron is now read in {} (was {})",
                        key,
                        zone.getID(),
                        cron.getTimeZone().getID());
                changed++;
            }
        }
        return changed;
    }

    /**
     * Moves each trigger whose next fire time passed while no node was running (late by more than {@link #MISSED}:
     * a live node fires on time) to its next fire time from now. Quartz would fire every missed time younger than
     * its misfire threshold (a minute) one after the other at start; the routes' misfire instruction (do nothing)
     * covers only the older ones. A blocked trigger (its sync's last fire was cut short by a kill) is moved too:
     * Quartz keeps it blocked while a live node still runs that fire. Returns how many were moved.
     */
    static int skipMissedFires(Scheduler scheduler, Instant now) throws SchedulerException {
        int moved = 0;
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            Trigger trigger = scheduler.getTrigger(key);
            if (trigger == null
                    || trigger.getNextFireTime() == null
                    || !WAITING.contains(scheduler.getTriggerState(key))
                    || !trigger.getNextFireTime().toInstant().isBefore(now.minus(MISSED))) {
                continue;
            }
            // A cron trigger's first fire is its first time after start minus one second: start a second later.
            Date next = scheduler.rescheduleJob(
                    key,
                    trigger.getTriggerBuilder()
                            .startAt(Date.from(now.plusSeconds(1)))
                            .build());
            LOG.info("{}: fires missed since {} are skipped; next fire at {}", key, trigger.getNextFireTime(), next);
            moved++;
        }
        return moved;
    }

    /**
     * Takes no more fires once the runtime begins to stop, and hands back those it had taken: a fire that reached
     * this node after its routes stopped would be lost (camel-quartz finds no consumer), where another node can run it.
     */
    private static final class StandbyWhenStopping extends SimpleEventNotifierSupport {
        private final Scheduler scheduler;

        StandbyWhenStopping(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void notify(CamelEvent event) throws SchedulerException {
            if (event instanceof CamelEvent.CamelContextStoppingEvent && !scheduler.isShutdown()) {
                scheduler.standby();
            }
        }
    }

    /**
     * Runs a fire in this node's Camel context. camel-quartz would look the context up by the name stored with the
     * job, which is the name of whichever node scheduled it first; a scheduler here serves only its own runtime.
     */
    private static final class ThisNodesJobs extends SimpleJobFactory {
        private final CamelContext context;

        ThisNodesJobs(CamelContext context) {
            this.context = context;
        }

        @Override
        public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
            if (!CamelJob.class.isAssignableFrom(bundle.getJobDetail().getJobClass())) {
                return super.newJob(bundle, scheduler);
            }
            // Whether fires of one sync may overlap is read from the stored job's class, not from this instance.
            return new CamelJob() {
                @Override
                protected CamelContext getCamelContext(JobExecutionContext fire) {
                    return context;
                }
            };
        }
    }
}
