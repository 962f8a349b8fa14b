package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deskbridge.admin.json.ReplayFilter;
import org.junit.jupiter.api.Test;

/**
 * A request body is read into its record strictly (issue 12, item 5): what it cannot take is refused with a
 * 400 naming what was wrong, never ignored.
 */
class RequestBodyTest {

    @Test
    void aBodyIsReadIntoItsRecordAndNoBodyIsNoFilter() {
        assertEquals(
                new ReplayFilter("CONFLICT", "NO_EMAIL"), read("{\"kind\":\"CONFLICT\",\"reasonCode\":\"NO_EMAIL\"}"));
        assertEquals(new ReplayFilter(null, null), read("{\"kind\":null}"));
        assertEquals(ReplayFilter.NONE, read(" "));
        assertEquals(ReplayFilter.NONE, read(null));
    }

    @Test
    void whatTheRecordCannotTakeIsRefusedByName() {
        assertEquals(
                "unknown key 'knd' in the request body; known keys: [kind, reasonCode]",
                refused("{\"knd\":\"FAILED\"}"));
        assertEquals("key 'kind' in the request body must be a string", refused("{\"kind\":{\"a\":1}}"));
        assertEquals("the request body must be a JSON object with the keys [kind, reasonCode]", refused("[1]"));
        assertEquals(
                "the request body is not valid JSON: Unexpected end-of-input within/between Object entries",
                refused("{\"kind\":"));
    }

    @Test
    void aKeyGivenTwiceOrTextAfterTheObjectIsRefusedNotIgnored() {
        assertEquals(
                "the request body is not valid JSON: Duplicate field 'kind'",
                refused("{\"kind\":\"FAILED\",\"kind\":\"CONFLICT\"}"));
        assertEquals(
                "the request body is not valid JSON: Unrecognized token 'x': was expecting (JSON String, Number, "
                        + "Array, Object or token 'null', 'true' or 'false')",
                refused("{\"kind\":\"FAILED\"} x"));
    }

    private static ReplayFilter read(String body) {
        return AdminJson.read(body, ReplayFilter.class, ReplayFilter.NONE);
    }

    private static String refused(String body) {
        AdminException e = assertThrows(AdminException.class, () -> read(body));
        assertEquals(400, e.status());
        return e.getMessage();
    }
}
