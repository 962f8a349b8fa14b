package io.deskbridge.connector;

/**
 * A call or a wait was interrupted, because Deskbridge is shutting down or the run is being stopped. The run stops; what it did not reach waits for the next run.
 */
public final class CallInterrupted extends ApiException {

    public CallInterrupted(String system, int status, String code, String message, Throwable cause) {
        super(system, status, code, message, cause);
    }

    @Override
    public boolean stopsTheRun() {
        return true;
    }
}
