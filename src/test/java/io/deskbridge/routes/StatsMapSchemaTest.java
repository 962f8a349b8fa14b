package io.deskbridge.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * routes/tickets.statsmap.yaml matches routes/statsmap.schema.json and points editors at it; the schema flags a
 * misspelt figure or module while typing.
 */
class StatsMapSchemaTest {

    private static final Path SHIPPED = SchemaCheck.ROUTES.resolve("tickets.statsmap.yaml");
    private static final SchemaCheck STATS_MAP = SchemaCheck.file(SchemaCheck.ROUTES.resolve("statsmap.schema.json"));

    @Test
    void theShippedMapMatchesItsSchemaAndNamesItOnTheFirstLine() throws IOException {
        assertEquals(List.of(), STATS_MAP.problems(SHIPPED), SHIPPED + " breaks routes/statsmap.schema.json");
        assertEquals(
                "# yaml-language-server: $schema=./statsmap.schema.json",
                Files.readAllLines(SHIPPED).get(0));
    }

    @Test
    void theShippedMapsCommentedExampleMatchesTheSchemaOnceUncommented() throws IOException {
        String uncommented = Files.readString(SHIPPED).replaceAll("(?m)^#(  \\S|    )", "$1");
        assertEquals(List.of(), STATS_MAP.problems(uncommented), uncommented);
        assertTrue(uncommented.contains("  Contacts:\n    total: Desk_Tickets_Total"), uncommented);
    }

    @Test
    void aMisspeltFigureOrModuleIsReported() {
        List<String> figure = STATS_MAP.problems("modules:\n  Contacts:\n    totl: Desk_Tickets_Total\n");
        assertTrue(figure.stream().anyMatch(p -> p.contains("totl")), "expected the figure named: " + figure);
        List<String> module = STATS_MAP.problems("modules:\n  Leads:\n    total: Desk_Tickets_Total\n");
        assertTrue(module.stream().anyMatch(p -> p.contains("Leads")), "expected the module named: " + module);
    }
}
