package io.deskbridge.store;

import java.sql.SQLException;

/** The state store could not be read or written; a run that meets one stops and keeps its watermark. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("state store: " + cause.getMessage(), cause);
    }
}
