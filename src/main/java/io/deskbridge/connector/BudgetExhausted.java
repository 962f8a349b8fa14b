package io.deskbridge.connector;

/**
 * The daily call budget Deskbridge keeps for this system is spent. Not a failure: the run stops cleanly, and what it did not reach waits for the next run.
 */
public final class BudgetExhausted extends ApiException {

    public BudgetExhausted(String system, int status, String code, String message, Throwable cause) {
        super(system, status, code, message, cause);
    }

    @Override
    public boolean stopsTheRun() {
        return true;
    }
}
