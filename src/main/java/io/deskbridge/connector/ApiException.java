package io.deskbridge.connector;

/**
 * A call to a CRM or Desk API that did not succeed. The message names the system, the call and
 * what the API said, so it can be shown to an admin as the reason a record or a run failed.
 */
public class ApiException extends RuntimeException {

    private final String system;
    private final int status;
    private final String code;

    public ApiException(String system, int status, String code, String message) {
        this(system, status, code, message, null);
    }

    public ApiException(String system, int status, String code, String message, Throwable cause) {
        super(system + ": " + message, cause);
        this.system = system;
        this.status = status;
        this.code = code;
    }

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

    /** True when the credentials themselves are refused: every further call would fail the same way. */
    public boolean isAuthFailure() {
        return status == 401 || "OAUTH".equals(code);
    }
}
