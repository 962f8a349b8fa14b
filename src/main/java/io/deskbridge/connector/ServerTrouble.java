package io.deskbridge.connector;

/**
 * The API answered with a server error or did not answer in time. It may be what this record makes the API choke on, so it is the record's failure, unless it happens to several records in a row: then the run stops.
 */
public final class ServerTrouble extends ApiException {

    public ServerTrouble(String system, int status, String code, String message, Throwable cause) {
        super(system, status, code, message, cause);
    }

    @Override
    public boolean stopsTheRun() {
        return false;
    }
}
