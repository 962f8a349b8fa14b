package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.admin.json.ReplayFilter;
import java.util.List;
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
                "the request body is not valid JSON at line 1, column 9: it ends before the JSON is complete",
                refused("{\"kind\":"));
    }

    @Test
    void aKeyGivenTwiceOrTextAfterTheObjectIsRefusedNotIgnored() {
        assertEquals(
                "the request body is not valid JSON at line 1, column 24: key 'kind' is given twice",
                refused("{\"kind\":\"FAILED\",\"kind\":\"CONFLICT\"}"));
        assertEquals(
                "the request body is not valid JSON at line 1, column 20: expected JSON String, Number, "
                        + "Array, Object or token 'null', 'true' or 'false'",
                refused("{\"kind\":\"FAILED\"} x"));
    }

    /** A refusal is answered and audited: it says where and what was expected, never what the body held there. */
    @Test
    void aMalformedBodyIsNotQuotedInTheRefusal() {
        for (String body : List.of(
                "{\"kind\": mary.major@acme.example}",
                "{\"kind\":\"FAILED\",\n \"mary.major@acme.example\":1,\"mary.major@acme.example\":2}",
                "{\"kind\":\"FAILED\"} \"mary.major@acme.example\"",
                "{mary.major@acme.example}",
                "{\"kind\":\"FAILED\" mary}")) {
            String message = refused(body);
            assertFalse(message.contains("mary"), body + " -> " + message);
            assertTrue(message.matches("the request body is not valid JSON at line \\d+, column \\d+: .+"), message);
        }
        assertEquals(
                "the request body is not valid JSON at line 2, column 55: a key is given twice",
                refused("{\"kind\":\"FAILED\",\n \"mary.major@acme.example\":1,\"mary.major@acme.example\":2}"));
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
