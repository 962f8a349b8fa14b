package io.deskbridge.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The router of routes/sync-pipeline.camel.yaml (route {@code sync-record}) started on its own, with stub
 * beans that record what they were asked: each outcome the matcher gives reaches its bean, and nothing else.
 */
class RecordRouterTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void startTheRouter() throws Exception {
        camel = new DefaultCamelContext();
        for (String bean : List.of("fieldMapper", "matcher", "recordOutcomes", "pairPush")) {
            camel.getRegistry().bind(bean, new RecordingBean(bean, calls));
        }
        // The file also holds the sync-pipeline template; only the router is a route until a sync instantiates it.
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("file:routes/sync-pipeline.camel.yaml"));
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
        producer.sendBody("direct:sync-record", outcome);

        assertEquals(List.of("fieldMapper.map", "matcher.decide", expectedCall), calls);
    }

    @Test
    void aRecordThatFailsIsRecordedAndDoesNotFailTheExchange() {
        Exchange done = producer.send("direct:sync-record", e -> e.getMessage().setBody(RecordingBean.FAIL));

        assertEquals(List.of("fieldMapper.map", "matcher.decide", "recordOutcomes.failed"), calls);
        assertNull(done.getException(), "the record's failure is handled, so the split goes on");
    }

    /** Stands in for every bean the router names; the matcher's outcome is the record's body. */
    public static final class RecordingBean {
        static final String FAIL = "FAIL";

        private final String name;
        private final List<String> calls;

        RecordingBean(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        public void map(Exchange exchange) {
            record("map");
        }

        public String decide(Exchange exchange) {
            record("decide");
            String outcome = exchange.getMessage().getBody(String.class);
            if (FAIL.equals(outcome)) {
                throw new IllegalStateException("the record cannot be matched");
            }
            return outcome;
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

        public void failed(Exchange exchange) {
            record("failed");
        }

        private void record(String method) {
            calls.add(name + "." + method);
        }
    }
}
