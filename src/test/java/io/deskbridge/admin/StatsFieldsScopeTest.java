package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.CrmFields;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.Direction;
import io.deskbridge.store.CrmModule;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import io.deskbridge.sync.tickets.StatsFigure;
import io.deskbridge.sync.tickets.StatsMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Review finding 7: the statistics fields are read from the field metadata, a settings API whose scope is not one of
 * Bigin's module scopes; a refused read names it.
 */
class StatsFieldsScopeTest {

    private static final StatsMap MAP = new StatsMap(
            "routes/tickets.statsmap.yaml",
            Map.of(CrmModule.CONTACTS, Map.of(StatsFigure.TOTAL, "Desk_Tickets_Total")));
    private static final SyncDefinition TICKETS =
            SyncDefinition.mirrorOnly(ModuleSpec.TICKETS, Direction.DESK_TO_CRM, "0 0 * * * ?");

    private static List<String> problems(CrmProduct product, String code) {
        CrmFields refusing = module -> {
            throw ApiException.of(product.label(), 401, code, "GET settings/fields answered 401 " + code + ": refused");
        };
        return new StatsFieldsCheck(MAP, refusing, product, CrmProductApi.of(product)::fieldsScopeHint).apply(TICKETS);
    }

    @Test
    void aBiginTokenWithoutTheSettingsScopeIsToldWhichToGrant() {
        assertEquals(
                List.of(
                        "CRM Contacts fields (for routes/tickets.statsmap.yaml): Bigin: GET settings/fields answered 401"
                                + " OAUTH_SCOPE_MISMATCH: refused; the Bigin refresh token needs ZohoBigin.settings.fields.READ"
                                + " (unconfirmed) or ZohoBigin.settings.ALL to read the fields"),
                problems(CrmProduct.BIGIN, "OAUTH_SCOPE_MISMATCH"));
    }

    @Test
    void anotherRefusalOrProductIsReportedAsItCame() {
        assertEquals(
                List.of(
                        "CRM Contacts fields (for routes/tickets.statsmap.yaml): Bigin: GET settings/fields answered 401"
                                + " INVALID_TOKEN: refused"),
                problems(CrmProduct.BIGIN, "INVALID_TOKEN"));
        assertEquals(
                List.of(
                        "CRM Contacts fields (for routes/tickets.statsmap.yaml): Zoho CRM: GET settings/fields answered 401"
                                + " OAUTH_SCOPE_MISMATCH: refused"),
                problems(CrmProduct.ZOHO_CRM, "OAUTH_SCOPE_MISMATCH"));
    }
}
