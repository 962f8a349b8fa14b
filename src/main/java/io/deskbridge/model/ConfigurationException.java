package io.deskbridge.model;

/** A setting or configuration file that Deskbridge cannot start with; the message says which and why. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
