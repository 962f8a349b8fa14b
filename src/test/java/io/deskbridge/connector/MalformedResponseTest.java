package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An API that answers with something that is not what its wire format promises gets a clear error, not a crash. */
class MalformedResponseTest {

    ScriptedApi api;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    ApiCaller caller() {
        return new ApiCaller(
                "Test API",
                ApiCaller.newHttpClient(Duration.ofSeconds(2)),
                ApiCaller.Auth.NONE,
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(5),
                d -> {});
    }

    @Test
    void aBodyThatIsNotJsonIsNamedAsSuch() {
        api.then(200, "{\"data\":[{\"id\":\"1\",");
        ZohoCrmClient crm = new ZohoCrmClient(caller(), api.uri(), json);
        ApiException e =
                assertThrows(ApiException.class, () -> crm.readChanges("Contacts", List.of("Email"), null, p -> {}));
        assertEquals("MALFORMED_RESPONSE", e.code());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void aListWithoutItsDataArrayOrWithRecordsThatAreNotObjectsIsRefused() {
        api.then(200, "{\"data\":{\"id\":\"1\"}}").then(200, "{\"data\":[\"just a string\"]}");
        ZohoDeskClient desk = new ZohoDeskClient(caller(), api.uri(), "1", json);
        ApiException noArray =
                assertThrows(ApiException.class, () -> desk.readChanges("contacts", List.of(), null, p -> {}));
        assertTrue(noArray.getMessage().contains("without a data array"), noArray.getMessage());
        ApiException notObject =
                assertThrows(ApiException.class, () -> desk.readChanges("contacts", List.of(), null, p -> {}));
        assertTrue(notObject.getMessage().contains("not a JSON object"), notObject.getMessage());
    }

    @Test
    void aWriteAnsweredWithoutTheRecordIdIsRefused() {
        api.then(200, "{\"firstName\":\"No id\"}");
        ZohoDeskClient desk = new ZohoDeskClient(caller(), api.uri(), "1", json);
        // Not a refusal of the record alone (no refused WriteResult): it may have been created.
        ApiException e = assertThrows(
                RecordRefused.class,
                () -> desk.create("contacts", List.of(json.createObjectNode().put("lastName", "x"))));
        assertEquals("MALFORMED_RESPONSE", e.code());
        assertTrue(e.getMessage().contains("without the record id"), e.getMessage());
    }

    @Test
    void aBatchAnswerThatDoesNotMatchTheRecordsSentIsRefused() {
        api.then(200, "{\"data\":[{\"code\":\"SUCCESS\",\"status\":\"success\",\"details\":{\"id\":\"1\"}}]}");
        ZohoCrmClient crm = new ZohoCrmClient(caller(), api.uri(), json);
        ApiException e = assertThrows(
                ApiException.class,
                () -> crm.update(
                        "Contacts",
                        List.of(
                                json.createObjectNode().put("id", "1"),
                                json.createObjectNode().put("id", "2"))));
        assertEquals(200, e.status());
        assertTrue(api.seen.get(0).body().contains("\"id\":\"2\""));
    }
}
