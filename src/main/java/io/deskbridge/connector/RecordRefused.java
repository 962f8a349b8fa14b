package io.deskbridge.connector;

/**
 * The API refused this request for what it carried (a 4xx other than the credentials and the rate limit) or answered it in a way that cannot be read. The record is kept with the reason and retried later; the run goes on.
 */
public final class RecordRefused extends ApiException {

    public RecordRefused(String system, int status, String code, String message, Throwable cause) {
        super(system, status, code, message, cause);
    }

    @Override
    public boolean stopsTheRun() {
        return false;
    }
}
