package io.deskbridge.admin;

import io.deskbridge.admin.json.ApiError;
import java.util.List;

/**
 * An admin call that cannot be done; becomes the JSON error {@code {"status","error","message"}}, with
 * {@code "problems"} when there are several (a refused activation).
 */
public final class AdminException extends RuntimeException {

    private final int status;
    private final List<String> problems;

    public AdminException(int status, String message) {
        this(status, message, List.of());
    }

    public AdminException(int status, String message, List<String> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }

    /** The error as it is answered. */
    public ApiError answer() {
        return new ApiError(status, error(), getMessage(), problems);
    }

    public String error() {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "unprocessable";
            case 500 -> "internal_error";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            default -> "error";
        };
    }
}
