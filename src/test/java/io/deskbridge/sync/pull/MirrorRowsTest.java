package io.deskbridge.sync.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.MatchKey;
import io.deskbridge.store.Mirror;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MirrorRowsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> KEPT = Set.of("id", "email", "lastName", "phone", "cf", "modifiedTime");

    @Test
    void theSameRecordAnsweredToACreateAndListedBySearchGivesTheSameRow() throws Exception {
        ObjectNode created = (ObjectNode) JSON.readTree("""
                {"id":"9","lastName":"Roe","email":"Jane@Acme.com","phone":null,"mobile":null,"webUrl":"https://desk/9",
                 "customerHappiness":{"goodPercentage":"0"},"cf":{"cf_tier":"gold"},"modifiedTime":"2026-01-01T00:00:00.000Z"}""");
        ObjectNode listed = (ObjectNode) JSON.readTree("""
                {"modifiedTime":"2026-01-01T00:00:00.000Z","email":"Jane@Acme.com","cf":{"cf_tier":"gold"},"lastName":"Roe","id":"9"}""");

        Mirror.Row a = MirrorRows.of(created, MatchKey.Kind.EMAIL, "email", null, "modifiedTime", KEPT);
        Mirror.Row b = MirrorRows.of(listed, MatchKey.Kind.EMAIL, "email", null, "modifiedTime", KEPT);

        assertEquals(a, b);
        assertEquals(
                "{\"cf\":{\"cf_tier\":\"gold\"},\"email\":\"Jane@Acme.com\",\"id\":\"9\",\"lastName\":\"Roe\","
                        + "\"modifiedTime\":\"2026-01-01T00:00:00.000Z\"}",
                a.payload(),
                "only the fields the sync uses, in a fixed order");
        assertEquals("jane@acme.com", a.email());
    }
}
