package io.deskbridge.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** The state store could not be read or written; a run that meets one stops and keeps its watermark. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("state store: " + cause.getMessage(), cause);
    }

    /**
     * True when the store could not be reached rather than refusing the statement: the connection broke, no connection
     * came in time, or the server is shutting down or starting (a restart). The same write may succeed once it is back.
     */
    public boolean unreachable() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception (SQL standard); 57P01-57P03: PostgreSQL shutting down, crashed, starting.
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
