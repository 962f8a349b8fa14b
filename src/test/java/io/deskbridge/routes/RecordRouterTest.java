package io.deskbridge.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.CredentialsRefused;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.ServerTrouble;
import io.deskbridge.model.Direction;
import io.deskbridge.store.StoreException;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.match.Outcome;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The record's routes of routes/sync-pipeline.camel.yaml ({@code sync-record} and its {@code record-router}) and the
 * failure handling they declare, started on their own with stub beans that record what they were asked: each outcome
 * the matcher gives reaches its bean and nothing else, a record's own failure is recorded and the next record goes,
 * and a failure of the connection ends the run there.
 */
class RecordRouterTest {

    /**
     * Stands in for the run's route (the template, whose pull and write beans are not stubbed here): under the run's
     * failure handling, its split sends the records one after another, then the run finishes.
     */
    private static final String RUN = "direct:test-run";

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Throwable> caught = new CopyOnWriteArrayList<>();
    /** The failure the matcher stub throws for a record whose body is the key. */
    private final Map<String, RuntimeException> failing = new ConcurrentHashMap<>();

    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void startTheRouter() throws Exception {
        camel = new DefaultCamelContext();
        for (String bean : List.of("fieldMapper", "matcher", "recordOutcomes", "pairPush", "syncRuns")) {
            camel.getRegistry().bind(bean, new RecordingBean(bean, calls, caught, failing));
        }
        // The file also holds the sync-pipeline template; only the record's routes are routes until a sync instantiates
        // it.
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(
                        PluginHelper.getResourceLoader(camel).resolveResource("file:routes/sync-pipeline.camel.yaml"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(RUN)
                        .routeConfigurationId("run-failures")
                        .split(body())
                        .stopOnException()
                        .to("direct:sync-record")
                        .end()
                        .to("bean:syncRuns?method=finish");
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @ParameterizedTest
    @CsvSource({
        "UNCHANGED, recordOutcomes.unchanged",
        "UPDATE,    pairPush.update",
        "LINK,      pairPush.link",
        "CONFLICT,  recordOutcomes.conflict",
        "EXCLUDED,  recordOutcomes.excluded",
        "CREATE,    pairPush.create",
    })
    void eachOutcomeReachesItsBean(String outcome, String expectedCall) {
        send(outcome);

        assertEquals(List.of("fieldMapper.map", "matcher.decide", expectedCall), calls);
    }

    /** Issue 15 item 2: with direction none a match is only linked, and no other outcome reaches a writing bean. */
    @ParameterizedTest
    @EnumSource(Outcome.class)
    void withDirectionNoneAMatchIsOnlyLinkedAndNothingElseIsWritten(Outcome outcome) {
        send(outcome.name(), Direction.NONE);

        assertEquals(
                List.of(
                        "fieldMapper.map",
                        "matcher.decide",
                        outcome == Outcome.LINK ? "recordOutcomes.linkedOnly" : "recordOutcomes.notWritten"),
                calls);
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void everyOutcomeTheMatcherCanGiveHasABranch(Outcome outcome) {
        send(outcome.name());

        assertEquals(3, calls.size(), calls.toString());
        assertNotEquals("recordOutcomes.failed", calls.get(2), outcome + " has no branch in the router: " + caught);
    }

    @Test
    void anUnknownOutcomeCreatesNothingAndFailsTheRecordNamingIt() {
        Exchange done = send("MERGE");

        assertEquals(List.of("fieldMapper.map", "matcher.decide", "recordOutcomes.failed"), calls);
        assertTrue(caught.get(0).getMessage().contains("'MERGE'"), caught.toString());
        assertNull(done.getException(), "the record's failure ends with the record, so the split goes on");
    }

    @Test
    void aRecordThatFailsIsRecordedAndDoesNotFailTheExchange() {
        failing.put("bug", new IllegalStateException("the record cannot be matched"));

        Exchange done = send("bug");

        assertEquals(List.of("fieldMapper.map", "matcher.decide", "recordOutcomes.failed"), calls);
        assertNull(done.getException(), "the record's failure ends with the record, so the split goes on");
    }

    @Test
    void aRecordTheApiRefusesIsRecordedAndTheNextRecordStillGoes() {
        failing.put("refused", new RecordRefused("Zoho Desk", 422, "INVALID_DATA", "'user@例え.jp' is not valid", null));

        Exchange done = run("refused", "CREATE");

        assertEquals(
                List.of(
                        "fieldMapper.map",
                        "matcher.decide",
                        "recordOutcomes.failed",
                        "fieldMapper.map",
                        "matcher.decide",
                        "pairPush.create",
                        "syncRuns.finish"),
                calls);
        assertTrue(caught.get(0) instanceof RecordRefused, caught.toString());
        assertNull(done.getException());
    }

    @Test
    void refusedCredentialsEndTheRunThereAndBlameNoRecord() {
        failing.put(
                "401",
                new CredentialsRefused(
                        "Zoho Desk", 401, "INVALID_OAUTH", "the token was refused after a refresh", null));

        Exchange done = run("401", "CREATE");

        assertEquals(
                List.of("fieldMapper.map", "matcher.decide", "syncRuns.abort"),
                calls,
                "the run ends: the next record is not reached, and the run does not finish");
        assertTrue(caught.get(0) instanceof CredentialsRefused, caught.toString());
        assertNull(done.getException(), "ending the run is the failure's handling");
    }

    @Test
    void theThirdServerTroubleInARowStopsTheRun() {
        failing.put("500", new ServerTrouble("Zoho Desk", 500, "INTERNAL_SERVER_ERROR", "try again later", null));

        run("500", "500", "500", "CREATE");

        assertEquals(
                List.of(
                        "fieldMapper.map",
                        "matcher.decide",
                        "recordOutcomes.failed",
                        "fieldMapper.map",
                        "matcher.decide",
                        "recordOutcomes.failed",
                        "fieldMapper.map",
                        "matcher.decide",
                        "syncRuns.abort"),
                calls);
    }

    @Test
    void aServerTroubleBetweenWritesThatWentThroughIsTheRecords() {
        failing.put("500", new ServerTrouble("Zoho Desk", 500, "INTERNAL_SERVER_ERROR", "try again later", null));
        RunContext run = aRun();

        run(run, "500", "500");
        run.serverOk();
        run(run, "500", "CREATE");

        assertEquals(
                List.of(
                        "recordOutcomes.failed",
                        "recordOutcomes.failed",
                        "syncRuns.finish",
                        "recordOutcomes.failed",
                        "pairPush.create",
                        "syncRuns.finish"),
                calls.stream()
                        .filter(c -> !c.startsWith("fieldMapper") && !c.startsWith("matcher"))
                        .toList());
    }

    @Test
    void aFailureReadingTheStagedRecordsEndsTheRun() {
        Iterable<String> staged = () -> new java.util.Iterator<>() {
            private int read;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (read++ == 1) {
                    throw new IllegalStateException("run 1 lost its lease on contacts; another node took it over");
                }
                return "CREATE";
            }
        };

        Exchange done = run(aRun(), staged);

        assertEquals("syncRuns.abort", calls.get(calls.size() - 1), calls.toString());
        assertTrue(caught.get(0).getMessage().contains("lost its lease"), caught.toString());
        assertNull(done.getException());
    }

    /** What the route lets through to the run is what the connector says stops it: the YAML and the types agree. */
    @ParameterizedTest
    @MethodSource("everyKindOfFailure")
    void aFailureStopsTheRunExactlyWhenItsTypeSaysSo(RuntimeException failure, boolean stopsTheRun) {
        failing.put("failure", failure);

        run("failure", "CREATE");

        List<String> expected = stopsTheRun
                ? List.of("fieldMapper.map", "matcher.decide", "syncRuns.abort")
                : List.of(
                        "fieldMapper.map",
                        "matcher.decide",
                        "recordOutcomes.failed",
                        "fieldMapper.map",
                        "matcher.decide",
                        "pairPush.create",
                        "syncRuns.finish");
        assertEquals(expected, calls, failure.getClass().getSimpleName());
    }

    static Stream<Arguments> everyKindOfFailure() {
        Stream<Arguments> api = Arrays.stream(ApiException.class.getPermittedSubclasses())
                .map(RecordRouterTest::anApiFailure)
                .map(e -> Arguments.of(e, e.stopsTheRun()));
        return Stream.concat(
                api,
                Stream.of(
                        Arguments.of(new StoreException(new SQLException("disk full")), true),
                        Arguments.of(new NullPointerException("a value was missing"), false),
                        Arguments.of(new IllegalArgumentException("a bad value"), false)));
    }

    private static ApiException anApiFailure(Class<?> kind) {
        try {
            return (ApiException)
                    kind.getConstructor(String.class, int.class, String.class, String.class, Throwable.class)
                            .newInstance("Zoho Desk", 0, "TEST", kind.getSimpleName(), null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(kind + " has no (system, status, code, message, cause) constructor", e);
        }
    }

    /** One record through the router alone. */
    private Exchange send(String record) {
        return send(record, Direction.CRM_TO_DESK);
    }

    private Exchange send(String record, Direction direction) {
        return producer.send("direct:sync-record", e -> {
            e.setProperty(RunContext.PROPERTY, new RunContext(1, null, direction, "org", "test", Instant.now()));
            e.getMessage().setBody(record);
        });
    }

    /** Records one after another, as the run's split sends them. */
    private Exchange run(String... records) {
        return run(aRun(), List.of(records));
    }

    private Exchange run(RunContext run, String... records) {
        return run(run, List.of(records));
    }

    private Exchange run(RunContext run, Iterable<String> records) {
        return producer.send(RUN, e -> {
            e.setProperty(RunContext.PROPERTY, run);
            e.getMessage().setBody(records);
        });
    }

    private static RunContext aRun() {
        return new RunContext(1, null, Direction.CRM_TO_DESK, "org", "test", Instant.now());
    }

    /** Stands in for every bean the routes name; the matcher's outcome is the record's body. */
    public static final class RecordingBean {

        private final String name;
        private final List<String> calls;
        private final List<Throwable> caught;
        private final Map<String, RuntimeException> failing;

        RecordingBean(String name, List<String> calls, List<Throwable> caught, Map<String, RuntimeException> failing) {
            this.name = name;
            this.calls = calls;
            this.caught = caught;
            this.failing = failing;
        }

        public void map(Exchange exchange) {
            record("map");
        }

        public String decide(Exchange exchange) {
            record("decide");
            String record = exchange.getMessage().getBody(String.class);
            RuntimeException failure = failing.get(record);
            if (failure != null) {
                throw failure;
            }
            return record;
        }

        public void unchanged(Exchange exchange) {
            record("unchanged");
        }

        public void update(Exchange exchange) {
            record("update");
        }

        public void link(Exchange exchange) {
            record("link");
        }

        public void create(Exchange exchange) {
            record("create");
        }

        public void conflict(Exchange exchange) {
            record("conflict");
        }

        public void excluded(Exchange exchange) {
            record("excluded");
        }

        /** The router's question, not a step: not recorded. */
        public boolean writesNothing(Exchange exchange) {
            return exchange.getProperty(RunContext.PROPERTY, RunContext.class).writesNothing();
        }

        public void linkedOnly(Exchange exchange) {
            record("linkedOnly");
        }

        public void notWritten(Exchange exchange) {
            record("notWritten");
        }

        public void failed(Exchange exchange) {
            record("failed");
            caught.add(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        }

        public void finish(Exchange exchange) {
            record("finish");
        }

        public void abort(Exchange exchange) {
            record("abort");
            caught.add(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        }

        private void record(String method) {
            calls.add(name + "." + method);
        }
    }
}
