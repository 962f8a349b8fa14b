package io.deskbridge.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every routes/*.fieldmap.yaml (and routes/bigin/*.fieldmap.yaml) matches routes/fieldmap.schema.json and points editors at it, so a typo is
 * flagged while typing and fails the build.
 */
class FieldMapSchemaTest {

    private static final String MODELINE = "# yaml-language-server: $schema=./fieldmap.schema.json";
    private static final SchemaCheck FIELD_MAP = SchemaCheck.file(SchemaCheck.ROUTES.resolve("fieldmap.schema.json"));

    /** The Zoho CRM field maps, and Bigin's own under routes/bigin (issue 15). */
    static Stream<Path> fieldMaps() throws IOException {
        try (Stream<Path> bigin = Files.list(SchemaCheck.ROUTES.resolve("bigin"))) {
            List<Path> biginMaps = bigin.filter(f -> f.toString().endsWith(".fieldmap.yaml"))
                    .sorted()
                    .toList();
            return Stream.concat(SchemaCheck.routeFiles("*.fieldmap.yaml"), biginMaps.stream());
        }
    }

    @ParameterizedTest
    @MethodSource("fieldMaps")
    void fieldMapMatchesItsSchema(Path file) {
        assertEquals(List.of(), FIELD_MAP.problems(file), file + " breaks routes/fieldmap.schema.json");
    }

    @ParameterizedTest
    @MethodSource("fieldMaps")
    void fieldMapNamesItsSchemaOnTheFirstLine(Path file) throws IOException {
        String modeline = file.getParent().equals(SchemaCheck.ROUTES) ? MODELINE : MODELINE.replace("./", "../");
        assertEquals(modeline, Files.readAllLines(file).get(0), file + " must point editors at its schema");
    }

    @Test
    void aMisspeltKeyIsReported() {
        List<String> problems = FIELD_MAP.problems("""
                fields:
                  - crm: Phone
                    desk: phone
                    wpie: true
                """);
        assertTrue(problems.stream().anyMatch(p -> p.contains("wpie")), "expected the misspelt key named: " + problems);
    }

    @Test
    void anUnknownDirectionIsReported() {
        List<String> problems = FIELD_MAP.problems("""
                fields:
                  - crm: Phone
                    desk: phone
                    direction: both
                """);
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("direction")), "expected the direction named: " + problems);
    }

    @Test
    void aBadlyWrittenCustomDeskFieldIsReported() {
        List<String> problems = FIELD_MAP.problems("""
                fields:
                  - crm: Customer_Tier
                    desk: cf.Customer_Tier
                    custom: true
                """);
        assertTrue(problems.stream().anyMatch(p -> p.contains("desk")), "expected the desk field named: " + problems);
    }

    @Test
    void anEntryWithoutItsDeskFieldAndAnEmptyListAreReported() {
        assertTrue(FIELD_MAP.problems("fields:\n  - crm: Phone\n").stream().anyMatch(p -> p.contains("desk")));
        assertTrue(FIELD_MAP.problems("fields: []\n").stream().anyMatch(p -> p.contains("fields")));
    }
}
