package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.CrmScopesTest;
import io.deskbridge.connector.ScriptedApi;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.Direction;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review finding 7: a Bigin token without {@code ZohoSearch.securesearch.READ} passes the module probes, so
 * activating a Bigin sync that writes the CRM searches once and names the scope when it is refused.
 */
class BiginSearchPreflightTest {

    private static final String CRON = "0 0 * * * ?";

    @Test
    void aRefusedSearchScopeIsNamed() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            api.then(401, CrmScopesTest.SCOPE_MISMATCH);
            List<String> problems = problems(api, CrmProduct.BIGIN, contacts(Direction.TWO_WAY));
            assertEquals(1, problems.size(), problems.toString());
            String problem = problems.get(0);
            assertTrue(problem.startsWith("Bigin search (GET Contacts/search): "), problem);
            assertTrue(problem.contains("OAUTH_SCOPE_MISMATCH"), problem);
            assertTrue(
                    problem.endsWith("; the Bigin refresh token needs the scope ZohoSearch.securesearch.READ"),
                    problem);
            assertTrue(api.seen.get(0).path().startsWith("/bigin/v2/Contacts/search"), api.seen.toString());
        }
    }

    @Test
    void aSearchThatFindsNothingIsNoProblem() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            api.then(204, "");
            assertEquals(List.of(), problems(api, CrmProduct.BIGIN, contacts(Direction.TWO_WAY)));
            assertEquals(1, api.seen.size());
        }
    }

    @Test
    void onlyABiginSyncThatWritesTheCrmSearches() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            assertEquals(List.of(), problems(api, CrmProduct.BIGIN, contacts(Direction.CRM_TO_DESK)));
            assertEquals(List.of(), problems(api, CrmProduct.ZOHO_CRM, contacts(Direction.TWO_WAY)));
            assertEquals(
                    List.of(),
                    problems(
                            api,
                            CrmProduct.BIGIN,
                            SyncDefinition.mirrorOnly(ModuleSpec.TICKETS, Direction.DESK_TO_CRM, CRON)));
            assertEquals(List.of(), api.seen, "nothing was asked");
        }
    }

    /** A contacts sync; its field map does not matter to the check. */
    private static SyncDefinition contacts(Direction direction) {
        return SyncDefinition.mirrorOnly(ModuleSpec.CONTACTS, direction, CRON);
    }

    private static List<String> problems(ScriptedApi api, CrmProduct product, SyncDefinition sync) {
        ZohoCrmClient crm = new ZohoCrmClient(
                api.caller(product.label()), api.uri(), new ObjectMapper(), CrmProductApi.of(product));
        return DeskbridgeConfiguration.biginSearchCheck(product, crm).apply(sync);
    }
}
