package io.deskbridge.connector;

/**
 * The API refused the credentials or the org (401 after one refresh, 403, or the token grant refused). Every further call would fail the same way, so the run stops; the admin must fix the connection.
 */
public final class CredentialsRefused extends ApiException {

    public CredentialsRefused(String system, int status, String code, String message, Throwable cause) {
        super(system, status, code, message, cause);
    }

    @Override
    public boolean stopsTheRun() {
        return true;
    }
}
