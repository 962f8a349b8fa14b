package io.deskbridge.sync.tickets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.TicketStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 13 item 5: the statistics map as shipped and uncommented, and the values the CRM fields get. */
class StatsMapLoaderTest {

    static final Path SHIPPED = Path.of("routes/tickets.statsmap.yaml");

    static StatsMap load(String yaml) {
        return new StatsMapLoader()
                .load(
                        "test.yaml",
                        "deskbridge.tickets.statsmap",
                        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theShippedMapMapsNothing() throws IOException {
        assertTrue(load(Files.readString(SHIPPED)).isEmpty());
    }

    @Test
    void theShippedExampleUncommentedMapsEveryModule() throws IOException {
        StatsMap map = load(Files.readString(SHIPPED).replaceAll("(?m)^#(  \\S|    )", "$1"));
        assertEquals(10, map.of(CrmModule.CONTACTS).size());
        assertEquals("Desk_Resolution_Hours", map.of(CrmModule.ACCOUNTS).get(StatsFigure.AVERAGE_RESOLUTION));
        assertEquals(2, map.of(CrmModule.DEALS).size());
    }

    /** Issue 15, item 3: under Bigin the deal link's figures are mapped under Pipelines, and Deals is unknown. */
    @Test
    void underBiginTheDealsFiguresAreMappedUnderPipelines() {
        String yaml = """
                modules:
                  Pipelines:
                    total: Desk_Tickets_Total
                """;
        StatsMap map = new StatsMapLoader(CrmProduct.BIGIN)
                .load("test.yaml", "deskbridge.tickets.statsmap", new ByteArrayInputStream(yaml.getBytes(UTF_8)));
        assertEquals("Desk_Tickets_Total", map.of(CrmModule.DEALS).get(StatsFigure.TOTAL));
        ConfigurationException deals = assertThrows(
                ConfigurationException.class,
                () -> new StatsMapLoader(CrmProduct.BIGIN)
                        .load(
                                "test.yaml",
                                "deskbridge.tickets.statsmap",
                                new ByteArrayInputStream(
                                        yaml.replace("Pipelines", "Deals").getBytes(UTF_8))));
        assertTrue(
                deals.getMessage().contains("unknown module 'Deals'")
                        && deals.getMessage().contains("(modules: Contacts, Accounts, Pipelines;"),
                deals.getMessage());
        ConfigurationException pipelines = assertThrows(ConfigurationException.class, () -> load(yaml));
        assertTrue(pipelines.getMessage().contains("unknown module 'Pipelines'"), "Zoho CRM has Deals");
    }

    @Test
    void aRecordCarriesCountsHoursWithOneDecimalTextAndTheCrmsDateTime() {
        StatsMap map = load("""
                modules:
                  Contacts:
                    total: T
                    averageFirstResponse: F
                    averageResolution: R
                    latestFeedback: L
                    latestFeedbackAt: A
                """);
        TicketStats stats = new TicketStats(
                3,
                2,
                1,
                Duration.ofSeconds(5400),
                null,
                1,
                0,
                0,
                "Quick fix",
                Instant.parse("2026-01-15T10:00:00.250Z"));
        ObjectNode record = map.record(CrmModule.CONTACTS, "42", stats, java.util.Map.of());
        assertEquals(
                "{\"id\":\"42\",\"T\":3,\"F\":1.5,\"R\":null,\"L\":\"Quick fix\",\"A\":\"2026-01-15T10:00:00+00:00\"}",
                record.toString());
        assertEquals("0.1", StatsFigure.hours(Duration.ofSeconds(180)).toPlainString(), "3 minutes round to 0.1 h");
    }

    /** Second review, item 4: a feedback longer than its field's length (255 in a single-line field) is cut to it. */
    @Test
    void aFeedbackLongerThanItsFieldIsCutToTheFieldsLengthWithAnEllipsis() {
        StatsMap map = load("""
                modules:
                  Contacts:
                    latestFeedback: L
                """);
        String feedback = "Too slow. ".repeat(40);
        TicketStats stats =
                new TicketStats(1, 0, 0, null, null, 0, 0, 1, feedback, Instant.parse("2026-01-15T10:00:00Z"));
        String written = map.record(CrmModule.CONTACTS, "42", stats, java.util.Map.of("L", 255))
                .path("L")
                .asText();
        assertEquals(255, written.length());
        assertEquals(feedback.substring(0, 254) + "\u2026", written);
        assertEquals(
                feedback,
                map.record(CrmModule.CONTACTS, "42", stats, java.util.Map.of())
                        .path("L")
                        .asText(),
                "a field whose length the CRM does not give takes it whole");
    }
}
