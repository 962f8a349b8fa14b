package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One CRM record by id (issue 13, item 4: the contact a ticket is opened for, the deal a ticket is linked to):
 * {@code GET /crm/v8/{Module}/{id}} answers {@code {"data":[record]}}; an id the CRM does not hold is no record, not a
 * failure, whether it says so with 204 or with 400 INVALID_DATA; a 400 naming a field is a failure.
 */
class CrmReadByIdTest {

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

    @Test
    void aRecordIsReadByIdAndAnUnknownIdIsNoRecord() {
        api.then(200, "{\"data\":[{\"id\":\"5725767000000414002\",\"Deal_Name\":\"NewCorp pilot\"}]}")
                .then(204, "")
                .then(
                        400,
                        "{\"code\":\"INVALID_DATA\",\"details\":{},\"message\":\"the related id given seems to be"
                                + " invalid\",\"status\":\"error\"}");
        ZohoCrmClient crm = new ZohoCrmClient(caller(), api.uri(), json);
        assertEquals(
                "NewCorp pilot",
                crm.read("Deals", "5725767000000414002")
                        .orElseThrow()
                        .path("Deal_Name")
                        .asText());
        assertTrue(crm.read("Deals", "5725767000000419999").isEmpty(), "204");
        assertTrue(crm.read("Contacts", "5725767000000419999").isEmpty(), "400 INVALID_DATA without a field");
        assertEquals("/crm/v8/Deals/5725767000000414002", api.seen.get(0).path());
        assertEquals("/crm/v8/Contacts/5725767000000419999", api.seen.get(2).path());
    }

    @Test
    void aRefusalThatNamesAFieldOrAnotherCodeIsAFailure() {
        api.then(
                        400,
                        "{\"code\":\"INVALID_DATA\",\"details\":{\"api_name\":\"Email\"},\"message\":\"invalid data\","
                                + "\"status\":\"error\"}")
                .then(
                        400,
                        "{\"code\":\"INVALID_MODULE\",\"details\":{},\"message\":\"the module name given seems"
                                + " to be invalid\",\"status\":\"error\"}");
        ZohoCrmClient crm = new ZohoCrmClient(caller(), api.uri(), json);
        ApiException field = assertThrows(ApiException.class, () -> crm.read("Contacts", "1"));
        assertTrue(field.getMessage().contains("INVALID_DATA"), field.getMessage());
        ApiException module = assertThrows(ApiException.class, () -> crm.read("Dealz", "1"));
        assertEquals("INVALID_MODULE", module.code());
    }

    ApiCaller caller() {
        return new ApiCaller(
                "Zoho CRM",
                ApiCaller.newHttpClient(Duration.ofSeconds(2)),
                ApiCaller.Auth.NONE,
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(5),
                d -> {});
    }
}
