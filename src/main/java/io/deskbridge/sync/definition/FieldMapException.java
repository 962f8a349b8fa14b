package io.deskbridge.sync.definition;

/** A field map that cannot be used; the message names the file and the entry, and startup stops. */
public final class FieldMapException extends RuntimeException {
    public FieldMapException(String message) {
        super(message);
    }

    public FieldMapException(String message, Throwable cause) {
        super(message, cause);
    }
}
