package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.admin.Preflight;
import io.deskbridge.connector.zohocrm.CrmProductApi;
import io.deskbridge.connector.zohocrm.ZohoCrmClient;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.Direction;
import io.deskbridge.support.RunningDeskbridge;
import io.deskbridge.sync.definition.ModuleSpecs;
import io.deskbridge.sync.definition.SyncDefinition;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, item 1: the activation preflight's check of a CRM module names the scopes the product needs when the token
 * lacks one (Bigin's {@code ZohoBigin.modules.*}; not search's, which nothing uses), and calls the
 * product's own path, and names the product's module ("Bigin Contacts").
 */
public class CrmScopesTest {

    public static final String SCOPE_MISMATCH =
            "{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"details\":{},\"message\":\"invalid oauth scope to access this"
                    + " URL\",\"status\":\"error\"}";

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
    void aBiginTokenWithoutTheContactsScopeIsToldWhichScopesToGrant() {
        api.then(401, SCOPE_MISMATCH);
        ZohoCrmClient bigin = client(CrmProduct.BIGIN);
        ApiException refused = assertThrows(ApiException.class, () -> bigin.check("Contacts"));
        String message = refused.getMessage();
        assertTrue(message.startsWith("Bigin: GET Contacts answered 401 OAUTH_SCOPE_MISMATCH"), message);
        assertTrue(
                message.contains("ZohoBigin.modules.contacts.ALL (or ZohoBigin.modules.ALL)")
                        && !message.contains("ZohoSearch"),
                message);
        assertEquals("/bigin/v2/Contacts", api.seen.get(0).path());
    }

    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void eachProductNamesItsOwnScopesForTheModule(CrmProduct product) {
        api.then(403, SCOPE_MISMATCH);
        ApiException refused =
                assertThrows(ApiException.class, () -> client(product).check("Accounts"));
        String prefix = product == CrmProduct.BIGIN ? "ZohoBigin" : "ZohoCRM";
        assertTrue(refused.getMessage().contains(prefix + ".modules.accounts.ALL"), refused.getMessage());
    }

    @Test
    void aTokenThatIsNoLongerValidIsNotAScopeProblem() {
        api.then(
                401,
                "{\"code\":\"INVALID_TOKEN\",\"details\":{},\"message\":\"invalid oauth token\",\"status\":\"error\"}");
        ApiException refused =
                assertThrows(ApiException.class, () -> client(CrmProduct.BIGIN).check("Contacts"));
        assertFalse(refused.getMessage().contains("scopes"), refused.getMessage());
    }

    /** Fix of issue 15: the activation preflight names the CRM by its product ("Bigin Contacts"), not "CRM Contacts". */
    @ParameterizedTest
    @EnumSource(CrmProduct.class)
    void thePreflightNamesTheProductsModule(CrmProduct product) {
        api.then(401, SCOPE_MISMATCH);
        SyncConnector desk = (SyncConnector) Proxy.newProxyInstance(
                SyncConnector.class.getClassLoader(),
                new Class<?>[] {SyncConnector.class},
                (proxy, method, args) -> method.getName().equals("system") ? "Zoho Desk" : null);
        Preflight preflight = new Preflight(client(product), desk, sync -> null);

        List<String> problems = preflight.problems(
                SyncDefinition.mirrorOnly(ModuleSpecs.of(product).get(1), Direction.TWO_WAY, RunningDeskbridge.NEVER));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith(product.label() + " Contacts: " + product.label() + ": GET Contacts answered"),
                problems.get(0));
    }

    ZohoCrmClient client(CrmProduct product) {
        ApiCaller caller = new ApiCaller(
                product.label(),
                ApiCaller.newHttpClient(Duration.ofSeconds(2)),
                ApiCaller.Auth.NONE,
                RetryPolicy.DEFAULT,
                Duration.ofSeconds(5),
                d -> {});
        return new ZohoCrmClient(caller, api.uri(), json, CrmProductApi.of(product));
    }
}
