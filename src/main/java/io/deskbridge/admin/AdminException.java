package io.deskbridge.admin;

/** An admin call that cannot be done; becomes the JSON error {@code {"status","error","message"}}. */
public final class AdminException extends RuntimeException {

    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String error() {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 422 -> "unprocessable";
            default -> "error";
        };
    }
}
