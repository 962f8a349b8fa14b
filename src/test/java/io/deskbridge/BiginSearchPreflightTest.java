package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.ApiCaller;
import io.deskbridge.connector.RetryPolicy;
import io.deskbridge.connector.ScriptedApi;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.Direction;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding 7: a Bigin token without {@code ZohoSearch.securesearch.READ} passes the module probes, so
 * activating a Bigin sync that writes the CRM searches once and names the scope when it is refused.
 */
class BiginSearchPreflightTest {

    static final String SCOPE_MISMATCH =
            "{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"details\":{},\"message\":\"invalid oauth scope to access this"
                    + " URL\",\"status\":\"error\"}";

    ScriptedApi api;

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aRefusedSearchScopeIsNamed() {
        api.then(401, SCOPE_MISMATCH);
        List<String> problems = DeskbridgeConfiguration.biginSearchCheck(CrmProduct.BIGIN, client(CrmProduct.BIGIN))
                .apply(sync(Direction.TWO_WAY));
        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.startsWith("Bigin search (GET Contacts/search): "), problem);
        assertTrue(problem.contains("OAUTH_SCOPE_MISMATCH"), problem);
        assertTrue(problem.endsWith("; the Bigin refresh token needs the scope ZohoSearch.securesearch.READ"), problem);
        assertTrue(api.seen.get(0).path().startsWith("/bigin/v2/Contacts/search"), api.seen.toString());
    }

    @Test
    void aSearchThatFindsNothingIsNoProblem() {
        api.then(204, "");
        assertEquals(
                List.of(),
                DeskbridgeConfiguration.biginSearchCheck(CrmProduct.BIGIN, client(CrmProduct.BIGIN))
                        .apply(sync(Direction.TWO_WAY)));
        assertEquals(1, api.seen.size());
    }

    @Test
    void onlyABiginSyncThatWritesTheCrmSearches() {
        assertEquals(
                List.of(),
                DeskbridgeConfiguration.biginSearchCheck(CrmProduct.BIGIN, client(CrmProduct.BIGIN))
                        .apply(sync(Direction.CRM_TO_DESK)));
        assertEquals(
                List.of(),
                DeskbridgeConfiguration.biginSearchCheck(CrmProduct.ZOHO_CRM, client(CrmProduct.ZOHO_CRM))
                        .apply(sync(Direction.TWO_WAY)));
        assertEquals(
                List.of(),
                DeskbridgeConfiguration.biginSearchCheck(CrmProduct.BIGIN, client(CrmProduct.BIGIN))
                        .apply(SyncDefinition.mirrorOnly(ModuleSpec.TICKETS, Direction.DESK_TO_CRM, "0 0 * * * ?")));
        assertEquals(List.of(), api.seen, "nothing was asked");
    }

    /** A contacts sync; its field map does not matter to the check. */
    private static SyncDefinition sync(Direction direction) {
        return SyncDefinition.mirrorOnly(ModuleSpec.CONTACTS, direction, "0 0 * * * ?");
    }

    private ZohoCrmClient client(CrmProduct product) {
        ApiCaller caller = new ApiCaller(
                product.label(),
                ApiCaller.newHttpClient(Duration.ofSeconds(2)),
                ApiCaller.Auth.NONE,
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(5),
                d -> {});
        return new ZohoCrmClient(caller, api.uri(), new ObjectMapper(), CrmProductApi.of(product));
    }
}
