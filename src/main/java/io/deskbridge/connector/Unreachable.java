package io.deskbridge.connector;

/**
 * The API could not be reached at all (connection refused or not made) after the retries. Nothing was sent, so the run stops and nothing is lost.
 */
public final class Unreachable extends ApiException {

    public Unreachable(String system, int status, String code, String message, Throwable cause) {
        super(system, status, code, message, cause);
    }

    @Override
    public boolean stopsTheRun() {
        return true;
    }
}
