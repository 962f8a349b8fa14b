package io.deskbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain JDBC with one twist: work run inside {@link #inTransaction} shares one connection, so the
 * store classes can be combined into a single commit (a page of records and its watermark, say).
 */
public final class Jdbc {

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final DataSource dataSource;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    /** The connection of this thread's {@link #inRolledBackTransaction}, outside its units (see inSavepoint). */
    private final ThreadLocal<Connection> rolledBack = new ThreadLocal<>();

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public <T> T inTransaction(Work<T> work) {
        Connection joined = current.get();
        if (joined != null) {
            return joined == rolledBack.get() ? inSavepoint(joined, work) : call(work);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // On a connection the server dropped (a restart) the rollback fails too: the failure that says why
                // is the one thrown, the rollback's is kept beside it.
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                current.remove();
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException broken) {
            // Not to hide what failed: a connection that broke is dropped by the pool, which resets the ones it keeps.
        }
    }

    /**
     * Runs {@code work} in one transaction that is always rolled back: what it stored is seen by its own reads (a dry
     * run decides on the records it staged itself) and by nobody else, and then undone. Work it hands to other threads
     * is not in it: those threads use connections of their own.
     *
     * <p>Each {@link #inTransaction} inside it, a commit of its own outside, is a savepoint here: a failure undoes that
     * unit alone, as it would undo its commit, and on PostgreSQL a caught failure of a statement in it does not leave
     * the whole transaction aborted ("current transaction is aborted") for the work that goes on. A statement that
     * fails outside such a unit does abort it there: the work must end then (a run ends on any store failure).
     */
    public void inRolledBackTransaction(Runnable work) {
        if (current.get() != null) {
            throw new IllegalStateException("a rolled-back transaction cannot run inside another transaction");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            rolledBack.set(c);
            try {
                work.run();
            } finally {
                current.remove();
                rolledBack.remove();
                try {
                    c.rollback();
                } finally {
                    restoreAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Runs {@code work} on a connection of its own, committed at once, outside the transaction this thread may be in:
     * for shared counters (the daily call budget) that must neither be rolled back with that transaction nor stay
     * locked while it lasts.
     */
    public <T> T apart(Work<T> work) {
        Connection outer = current.get();
        if (outer == null) {
            return call(work);
        }
        current.remove();
        try {
            return call(work);
        } finally {
            current.set(outer);
        }
    }

    /**
     * A unit of work inside a rolled-back transaction, undone alone if it fails. A unit inside it joins it, as an
     * {@link #inTransaction} inside another joins that one.
     */
    private <T> T inSavepoint(Connection c, Work<T> work) {
        Savepoint unit;
        try {
            unit = c.setSavepoint();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        rolledBack.remove();
        try {
            T result = work.run();
            c.releaseSavepoint(unit);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback(unit);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e instanceof SQLException sql ? new StoreException(sql) : (RuntimeException) e;
        } finally {
            rolledBack.set(c);
        }
    }

    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    public int update(String sql, Object... params) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                return ps.executeUpdate();
            }
        });
    }

    public long insertReturningKey(String sql, String keyColumn, Object... params) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql, new String[] {keyColumn})) {
                bind(ps, params);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key for " + keyColumn);
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    /** One statement, many parameter rows, one round trip per JDBC batch. */
    public void batch(String sql, List<Object[]> rows) {
        batchCounts(sql, rows);
    }

    /** As {@link #batch}, returning the row count of each parameter row. */
    public int[] batchCounts(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * One query run once per parameter row, prepared once: many primary-key lookups, each using the
     * index (an IN list over the last column of a composite key would scan the rest of it).
     */
    public <T> List<T> queryEach(String sql, RowMapper<T> mapper, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return withConnection(c -> {
            List<T> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(mapper.map(rs));
                        }
                    }
                }
            }
            return out;
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    private volatile Boolean h2;

    /**
     * On an H2 database, forces the commits so far into its file: an embedded H2 writes a commit to its file up to a
     * second later, so a kill -9 can lose the last ones. For a mark that must survive a kill because a call to another
     * system follows it (a write intent). A server database's commit is durable already: nothing to do there. It is a
     * CHECKPOINT, which stalls everyone sharing the database while it writes: call it only where a lost commit would
     * make a write happen twice.
     */
    public void flushIfEmbeddedH2() {
        if (h2 == null) {
            try (Connection c = dataSource.getConnection()) {
                h2 = c.getMetaData().getDatabaseProductName().equals("H2");
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        if (h2) {
            update("CHECKPOINT");
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private <T> T call(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        Connection c = current.get();
        try {
            if (c != null) {
                return work.run(c);
            }
            try (Connection own = dataSource.getConnection()) {
                return work.run(own);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant t) {
                ps.setObject(i + 1, t.atOffset(ZoneOffset.UTC));
            } else if (p == null) {
                ps.setNull(i + 1, java.sql.Types.NULL);
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }
}
