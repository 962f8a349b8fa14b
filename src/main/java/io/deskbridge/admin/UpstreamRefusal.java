package io.deskbridge.admin;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.BudgetExhausted;
import io.deskbridge.connector.RateLimited;
import io.deskbridge.connector.RecordRefused;

/**
 * A call to the Desk or the CRM made for an API caller that failed, answered in the one error shape with that system's
 * own message (it names the system). What the system refused for the request itself keeps its status (404 an unknown
 * ticket, 422 a status the org lacks or a deal the CRM will not show); the system's own trouble is a 502, and a rate
 * limit or a spent daily budget a 503 (try later). A 401 or 403 of either system is Deskbridge's credentials, not the
 * caller's token, so it is never answered as 401 or 403.
 */
final class UpstreamRefusal {

    private UpstreamRefusal() {}

    static AdminException of(ApiException e) {
        int status;
        if (e instanceof RecordRefused && e.status() >= 400 && e.status() < 500) {
            status = e.status() == 404 ? 404 : 422;
        } else if (e instanceof RateLimited || e instanceof BudgetExhausted) {
            status = 503;
        } else {
            status = 502;
        }
        return new AdminException(status, e.getMessage());
    }
}
