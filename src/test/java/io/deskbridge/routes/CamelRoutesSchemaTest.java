package io.deskbridge.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every routes/*.camel.yaml is checked against the YAML DSL schema of the pinned Camel version (it ships
 * inside camel-yaml-dsl), so a misspelt key fails the build rather than the runtime's startup.
 */
class CamelRoutesSchemaTest {

    private static final SchemaCheck CAMEL_YAML_DSL = SchemaCheck.classpath("schema/camelYamlDsl.json");

    static Stream<Path> camelRoutes() {
        return SchemaCheck.routeFiles("*.camel.yaml");
    }

    @ParameterizedTest
    @MethodSource("camelRoutes")
    void routeFileMatchesTheCamelYamlDslSchema(Path file) {
        assertEquals(List.of(), CAMEL_YAML_DSL.problems(file), file + " breaks the Camel YAML DSL schema");
    }

    @Test
    void anUnknownKeyUnderAStepIsReported() {
        List<String> problems = CAMEL_YAML_DSL.problems("""
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - bean:
                            ref: syncRuns
                            methd: claimScheduled
                """);
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("methd")), "expected the misspelt key named: " + problems);
    }

    @Test
    void stepsAtTheWrongLevelAreReported() {
        List<String> problems = CAMEL_YAML_DSL.problems("""
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                    steps:
                      - to: direct:elsewhere
                """);
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("steps")),
                "expected the misplaced 'steps' named: " + problems);
    }
}
