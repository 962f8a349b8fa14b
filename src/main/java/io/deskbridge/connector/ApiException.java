package io.deskbridge.connector;

/**
 * A call to a CRM or Desk API that did not succeed. The message names the system, the call and what the API said,
 * so it can be shown to an admin as the reason a record or a run failed. Each kind of failure is its own type, so
 * the routes declare what becomes of it ({@code onException} in routes/sync-pipeline.camel.yaml): a failure of the
 * connection stops the run ({@link CredentialsRefused}, {@link RateLimited}, {@link Unreachable},
 * {@link BudgetExhausted}, {@link CallInterrupted}); a failure of one record is kept with the record
 * ({@link RecordRefused}, {@link ServerTrouble}).
 */
public abstract sealed class ApiException extends RuntimeException
        permits CredentialsRefused,
                RateLimited,
                Unreachable,
                BudgetExhausted,
                CallInterrupted,
                ServerTrouble,
                RecordRefused {

    private final String system;
    private final int status;
    private final String code;

    protected ApiException(String system, int status, String code, String message, Throwable cause) {
        super(system + ": " + message, cause);
        this.system = system;
        this.status = status;
        this.code = code;
    }

    /** The failure of this kind: by the HTTP status, or by the transport code when no answer came back. */
    public static ApiException of(String system, int status, String code, String message) {
        return of(system, status, code, message, null);
    }

    public static ApiException of(String system, int status, String code, String message, Throwable cause) {
        return switch (code == null ? "" : code) {
            case "INTERRUPTED" -> new CallInterrupted(system, status, code, message, cause);
            case "BUDGET" -> new BudgetExhausted(system, status, code, message, cause);
            case "CONNECT" -> new Unreachable(system, status, code, message, cause);
            case "OAUTH" -> new CredentialsRefused(system, status, code, message, cause);
            default ->
                status == 401 || status == 403
                        ? new CredentialsRefused(system, status, code, message, cause)
                        : status == 429
                                ? new RateLimited(system, status, code, message, cause)
                                : status >= 500 || status == 0
                                        ? new ServerTrouble(system, status, code, message, cause)
                                        : new RecordRefused(system, status, code, message, cause);
        };
    }

    /** Whether this failure is the connection's, so the run stops, rather than one record's. */
    public abstract boolean stopsTheRun();

    public String system() {
        return system;
    }

    /** HTTP status, or 0 when no answer came back (timeout, connection refused). */
    public int status() {
        return status;
    }

    /** The API's own error code (INVALID_DATA, INVALID_TOKEN, ...), or a transport code such as TIMEOUT. */
    public String code() {
        return code;
    }
}
