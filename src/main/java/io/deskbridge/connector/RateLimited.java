package io.deskbridge.connector;

/**
 * The API kept answering 429 after the waits its {@code Retry-After} asked for. The run stops and the next one carries on; pushing on would only lengthen the API's penalty.
 */
public final class RateLimited extends ApiException {

    public RateLimited(String system, int status, String code, String message, Throwable cause) {
        super(system, status, code, message, cause);
    }

    @Override
    public boolean stopsTheRun() {
        return true;
    }
}
