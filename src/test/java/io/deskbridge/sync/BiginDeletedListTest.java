package io.deskbridge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.DeletedRead;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.ScriptedApi;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15: Bigin's deleted-records list ({@code GET /bigin/v2/{Module}/deleted}) is unconfirmed. Where it answers that
 * there is no such API, a Bigin run goes on without reading deletions, with one warning naming the call; Zoho CRM's
 * list is confirmed, and its failure still fails the run.
 */
class BiginDeletedListTest {

    @TempDir
    Path dir;

    @Test
    void aBiginRunWithoutADeletedListSucceedsWithOneWarningNamingTheCall() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir, CrmProduct.BIGIN));
                WarnLog warnings = new WarnLog()) {
            app.sandbox().crm().serveDeletedList(false);

            JsonNode run = app.runAndWait("contacts");

            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertTrue(run.path("created").asInt() > 0, "the run went on: " + run);
            String message = run.path("message").asText();
            assertTrue(
                    message.contains("Bigin has no deleted-records list (Bigin: GET Contacts/deleted answered 404"
                            + " INVALID_URL_PATTERN"),
                    message);
            List<String> aboutDeleted = warnings.lines().stream()
                    .filter(l -> l.contains("/deleted"))
                    .toList();
            assertEquals(1, aboutDeleted.size(), aboutDeleted.toString());
            assertTrue(aboutDeleted.get(0).contains("GET Contacts/deleted"), aboutDeleted.get(0));
        }
    }

    @Test
    void aZohoCrmRunStillFailsWhenItsDeletedListIsRefused() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir, CrmProduct.ZOHO_CRM))) {
            app.sandbox().crm().serveDeletedList(false);

            JsonNode run = app.runAndWait("contacts");

            assertEquals("FAILED", run.path("status").asText(), run.toString());
            assertTrue(
                    run.path("message").asText().contains("GET Contacts/deleted answered 404 INVALID_URL_PATTERN"),
                    run.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "BIGIN, 400, INVALID_MODULE, true",
        "BIGIN, 400, INVALID_URL_PATTERN, true",
        "BIGIN, 404, (not JSON), true",
        "BIGIN, 400, INVALID_DATA, false",
        "ZOHO_CRM, 400, INVALID_MODULE, false",
        "ZOHO_CRM, 404, INVALID_URL_PATTERN, false"
    })
    void onlyBiginReadsNoSuchApiAsNoDeletedList(CrmProduct product, int status, String code, boolean unavailable)
            throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            api.then(
                    status,
                    code.startsWith("(")
                            ? "<html>Not Found</html>"
                            : "{\"code\":\"" + code + "\",\"details\":{},\"message\":\"x\",\"status\":\"error\"}");
            ApiCaller caller = new ApiCaller(
                    product.label(),
                    ApiCaller.newHttpClient(Duration.ofSeconds(2)),
                    ApiCaller.Auth.NONE,
                    RetryPolicy.DEFAULT,
                    Duration.ofSeconds(5),
                    d -> {});
            ZohoCrmClient client = new ZohoCrmClient(caller, api.uri(), new ObjectMapper(), CrmProductApi.of(product));
            if (unavailable) {
                DeletedRead read = client.readDeleted("Contacts", null, page -> {});
                assertTrue(read.unavailable().contains("GET Contacts/deleted answered " + status), read.toString());
            } else {
                ApiException e =
                        assertThrows(ApiException.class, () -> client.readDeleted("Contacts", null, page -> {}));
                assertEquals(code, e.code());
            }
        }
    }

    /** The WARN lines logged while open. */
    static final class WarnLog extends AbstractAppender implements AutoCloseable {
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Logger root = (Logger) LogManager.getRootLogger();

        WarnLog() {
            super("bigin-deleted-list", null, null, true, Property.EMPTY_ARRAY);
            start();
            root.addAppender(this);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            root.removeAppender(this);
            stop();
        }
    }
}
