package io.deskbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pooled connection to the state store, migrated to the current schema before anything uses it. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens and migrates the store at {@code url}. An embedded H2 file store gets an owner-only folder. Fails with
     * an {@link IllegalStateException} that says what was wrong (no driver for the URL, no answer, refused login).
     */
    public static Database open(String url, String user, String password) {
        return open(url, user, password, 8);
    }

    /** The same with a pool of {@code poolSize} connections ({@code deskbridge.db.pool-size}). */
    public static Database open(String url, String user, String password, int poolSize) {
        Path h2Folder = h2Folder(url);
        String h2Name = h2Folder == null ? null : h2BaseName(url);
        if (h2Folder != null) {
            OwnerOnly.directory(h2Folder, h2Name);
        }
        HikariDataSource ds;
        try {
            ds = pool(url, user, password, "deskbridge-state", poolSize);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect: " + rootMessage(e), e);
        }
        try {
            var result = Flyway.configure()
                    .dataSource(ds)
                    // Quartz's tables (V22) are written in each database's own SQL, in a folder per vendor.
                    .locations(
                            "classpath:db/migration",
                            "classpath:db/vendor/" + Vendor.of(url).folder())
                    .load()
                    .migrate();
            LOG.info(
                    "State store {} at schema version {}",
                    redact(url),
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        } catch (RuntimeException e) {
            ds.close();
            throw new IllegalStateException("cannot migrate the state store: " + rootMessage(e), e);
        }
        if (h2Folder != null) {
            OwnerOnly.directory(h2Folder, h2Name); // the files H2 has just created
        }
        return new Database(ds);
    }

    /** A connection pool on the store; the state store's own and the scheduler's (ClusteredScheduler) are two. */
    public static HikariDataSource pool(String url, String user, String password, String name, int size) {
        return new HikariDataSource(config(url, user, password, name, size));
    }

    static HikariConfig config(String url, String user, String password, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        // A database that went away (a restarted server) fails a caller within 10 s instead of Hikari's 30 s; the
        // end of a run is written again until it is back (SyncRuns), so nothing waits on one long timeout.
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(3).toMillis());
        // Idle connections are tested every minute, so the ones a server restart or a firewall cut are replaced
        // before a run borrows them, not when its statement fails.
        config.setKeepaliveTime(Duration.ofMinutes(1).toMillis());
        if (url.startsWith("jdbc:postgresql:")) {
            // A server that does not answer is a failed start after a few seconds, not a long hang.
            config.addDataSourceProperty("connectTimeout", "5");
            config.addDataSourceProperty("loginTimeout", "10");
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        return config;
    }

    /** The databases Deskbridge's store runs on, by JDBC URL; each has its own SQL for Quartz's tables. */
    public enum Vendor {
        H2("h2"),
        POSTGRESQL("postgresql");

        private final String folder;

        Vendor(String folder) {
            this.folder = folder;
        }

        public String folder() {
            return folder;
        }

        public static Vendor of(String url) {
            if (url.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new IllegalStateException("not an H2 or PostgreSQL JDBC URL: Deskbridge's store runs on those two");
        }
    }

    /** The folder of an embedded H2 file store ({@code jdbc:h2:file:./data/deskbridge} → ./data); null for any other. */
    static Path h2Folder(String url) {
        Path file = h2File(url);
        return file == null ? null : file.getParent();
    }

    /** The name the H2 files of this URL start with ({@code deskbridge} for {@code deskbridge.mv.db}), or null. */
    public static String h2BaseName(String url) {
        Path file = h2File(url);
        return file == null ? null : file.getFileName().toString();
    }

    private static Path h2File(String url) {
        String rest = url.startsWith("jdbc:h2:file:")
                ? url.substring("jdbc:h2:file:".length())
                : url.startsWith("jdbc:h2:") && !url.matches("jdbc:h2:(mem|tcp|ssl|zip|nio\\w*|split|async|retry):.*")
                        ? url.substring("jdbc:h2:".length())
                        : null;
        if (rest == null) {
            return null;
        }
        int semicolon = rest.indexOf(';');
        String file = (semicolon < 0 ? rest : rest.substring(0, semicolon))
                .replaceFirst("^~", System.getProperty("user.home"));
        return Path.of(file).toAbsolutePath().normalize();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null
                ? root.getClass().getSimpleName()
                : m.lines().findFirst().orElse(m);
    }

    public Jdbc jdbc() {
        return new Jdbc(dataSource);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** JDBC URLs may carry a password; log only the part before any query or property list, without user:password@. */
    public static String redact(String url) {
        url = url.replaceFirst("//[^/@]*@", "//");
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut);
    }
}
