package io.deskbridge.admin;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.BudgetExhausted;
import io.deskbridge.connector.RateLimited;
import io.deskbridge.connector.RecordRefused;

/**
 * A Desk call made for an API caller that failed, answered in the one error shape with the Desk's own message. What
 * the Desk refused for the request itself keeps its status (404 an unknown ticket, 422 a status the org lacks); the
 * Desk's own trouble is a 502, and a rate limit or a spent daily budget a 503 (try later). A Desk 401 or 403 is
 * Deskbridge's credentials, not the caller's token, so it is never answered as 401 or 403.
 */
final class DeskRefusal {

    private DeskRefusal() {}

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
