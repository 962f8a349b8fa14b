package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each failure the connectors meet becomes the type the routes declare a handling for. */
class ApiFailureKindsTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "401, INVALID_TOKEN,     CredentialsRefused, true",
        "403, FORBIDDEN,         CredentialsRefused, true",
        "400, OAUTH,             CredentialsRefused, true",
        "429, TOO_MANY_REQUESTS, RateLimited,        true",
        "0,   CONNECT,           Unreachable,        true",
        "0,   BUDGET,            BudgetExhausted,    true",
        "0,   INTERRUPTED,       CallInterrupted,    true",
        "503, INTERRUPTED,       CallInterrupted,    true",
        "500, SERVER_ERROR,      ServerTrouble,      false",
        "0,   TIMEOUT,           ServerTrouble,      false",
        "0,   IO,                ServerTrouble,      false",
        "400, INVALID_DATA,      RecordRefused,      false",
        "404, NOT_FOUND,         RecordRefused,      false",
        "200, MALFORMED_RESPONSE, RecordRefused,     false",
    })
    void eachFailureHasItsKind(int status, String code, String kind, boolean stopsTheRun) throws Exception {
        ApiException e = ApiException.of("Zoho Desk", status, code, "what the API said");
        assertInstanceOf(Class.forName("io.deskbridge.connector." + kind), e);
        assertEquals(stopsTheRun, e.stopsTheRun());
        assertEquals(code, e.code());
        assertEquals(status, e.status());
        assertEquals("Zoho Desk: what the API said", e.getMessage());
    }
}
