package io.deskbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 17 review: Quartz's threads and its pool's waits against the schedules and Quartz's failure margin. */
class ClusteredSchedulerTest {

    private static Properties properties(Duration checkin) {
        return ClusteredScheduler.properties(
                new ClusteredScheduler.Settings(
                        "jdbc:h2:mem:x", "sa", "", "node-a", 6, checkin, TimeZone.getTimeZone("UTC")),
                "ds");
    }

    /** A fire that waits over the misfire threshold for a thread is skipped: no schedule may wait for one. */
    @Test
    void quartzHasAThreadForEverySchedule() throws Exception {
        Pattern schedule = Pattern.compile("uri: quartz:deskbridge/(\\w+)");
        long schedules;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            schedules = routes.filter(p -> p.toString().endsWith(".camel.yaml"))
                    .flatMap(p -> {
                        try {
                            Matcher m = schedule.matcher(Files.readString(p));
                            return m.results().map(r -> r.group(1));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .distinct()
                    .count();
        }
        assertEquals(7, schedules, "the schedules counted in ClusteredScheduler.THREADS's comment");
        int threads =
                Integer.parseInt(properties(Duration.ofMillis(7500)).getProperty("org.quartz.threadPool.threadCount"));
        assertTrue(threads >= schedules, threads + " threads for " + schedules + " schedules");
    }

    /**
     * A check-in that gets no connection fails, is tried again after Quartz's dbRetryInterval, and may wait again:
     * all of it within the 7.5 s past its interval after which the others take the node for dead.
     */
    @Test
    void aCheckInWithoutAConnectionIsTriedAgainWithinQuartzsMargin() {
        for (Duration checkin :
                new Duration[] {Duration.ofSeconds(1), Duration.ofMillis(7500), Duration.ofMinutes(1)}) {
            Duration wait = ClusteredScheduler.connectionWait(checkin);
            long retry = Long.parseLong(properties(checkin).getProperty("org.quartz.jobStore.dbRetryInterval"));
            assertTrue(wait.compareTo(Duration.ofSeconds(1)) >= 0, checkin + ": " + wait);
            assertTrue(
                    wait.multipliedBy(2).plusMillis(retry).compareTo(NodeCheckIns.QUARTZ_MARGIN) < 0,
                    checkin + ": wait " + wait + ", retry " + retry + " ms");
        }
        assertEquals(Duration.ofSeconds(2), ClusteredScheduler.connectionWait(Duration.ofMillis(7500)));
    }
}
