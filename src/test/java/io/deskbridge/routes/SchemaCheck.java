package io.deskbridge.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A JSON schema that YAML files are checked against; each problem names the place in the file. */
final class SchemaCheck {

    /** The integration engineers' folder at the top of the project (surefire runs in the project's base dir). */
    static final Path ROUTES = Path.of("routes");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Schema schema;

    private SchemaCheck(Schema schema) {
        this.schema = schema;
    }

    /** A schema on the test classpath, read with the draft it declares (draft 4 unless it says otherwise). */
    static SchemaCheck classpath(String resource) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        return new SchemaCheck(registry.getSchema(SchemaLocation.of("classpath:" + resource)));
    }

    /** A schema file, read with the draft it declares. */
    static SchemaCheck file(Path file) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        try (var in = Files.newInputStream(file)) {
            return new SchemaCheck(registry.getSchema(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> problems(Path yamlFile) {
        try {
            return problems(Files.readString(yamlFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> problems(String yaml) {
        JsonNode document;
        try {
            document = YAML.readTree(yaml);
        } catch (IOException e) {
            return List.of("not valid YAML: " + e.getMessage());
        }
        return schema.validate(document).stream().map(Object::toString).toList();
    }

    /** The files in routes/ that match the glob; never empty, so a check cannot pass by finding nothing. */
    static Stream<Path> routeFiles(String glob) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(ROUTES, glob)) {
            found.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no " + glob + " in " + ROUTES.toAbsolutePath());
        }
        return files.stream().sorted();
    }
}
