package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deskbridge.connector.ApiException;
import org.junit.jupiter.api.Test;

/**
 * A Desk or CRM failure met for an API caller (issue 13, item 3 and 4): the one error shape with that system's own
 * message, and a status that says whose the trouble is; a 401 or 403 is Deskbridge's credentials, never the caller's.
 */
class UpstreamRefusalTest {

    @Test
    void eachDeskFailureHasItsStatusAndTheDesksMessage() {
        assertAnswer(404, 404, null, "GET tickets/1: 404 URL_NOT_FOUND The URL you requested could not be found");
        assertAnswer(422, 422, "INVALID_DATA", "PATCH tickets/1: 422 INVALID_DATA /status is not one of the org's");
        assertAnswer(422, 400, "INVALID_DATA", "POST tickets/1/comments: 400 content is too long");
        assertAnswer(502, 500, null, "GET tickets/1: 500; gave up after 5 attempts");
        assertAnswer(502, 401, "INVALID_OAUTH", "GET tickets/1: 401 INVALID_OAUTH");
        assertAnswer(502, 403, null, "GET tickets/1: 403 the org refused");
        assertAnswer(502, 0, "CONNECT", "GET tickets/1: connection refused");
        assertAnswer(503, 429, null, "GET tickets/1: 429; gave up after 5 attempts");
        assertAnswer(503, 0, "BUDGET", "the daily call budget of 10000 is spent");
    }

    @Test
    void aCrmFailureIsAnsweredTheSameWayWithTheCrmsMessage() {
        AdminException notFound =
                UpstreamRefusal.of(ApiException.of("Zoho CRM", 404, null, "GET Deals/1: 404 INVALID_URL_PATTERN"));
        assertEquals(404, notFound.status());
        assertEquals("Zoho CRM: GET Deals/1: 404 INVALID_URL_PATTERN", notFound.getMessage());
        assertEquals(
                502,
                UpstreamRefusal.of(ApiException.of("Zoho CRM", 401, "INVALID_TOKEN", "GET Deals/1: 401"))
                        .status());
    }

    private static void assertAnswer(int expected, int deskStatus, String code, String message) {
        AdminException answer = UpstreamRefusal.of(ApiException.of("Zoho Desk", deskStatus, code, message));
        assertEquals(expected, answer.status(), message);
        assertEquals("Zoho Desk: " + message, answer.getMessage());
    }
}
