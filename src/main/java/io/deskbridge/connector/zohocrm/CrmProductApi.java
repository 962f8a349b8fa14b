package io.deskbridge.connector.zohocrm;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.ConnectorLimits;
import io.deskbridge.model.CrmProduct;
import java.time.Duration;
import java.util.Locale;

/**
 * What differs between the two products {@link ZohoCrmClient} speaks to: the path under the API domain, the limits
 * and the OAuth scopes. Everything else (OAuth, envelopes, paging, search, writes, errors) is the same Zoho API and
 * the same code; the name in messages is the caller's (the product's label).
 *
 * <p>Bigin (issue 15) is {@code {api-url}/bigin/v2/{Module}} [C]. Its limits are taken as the CRM's: 100 records a
 * write is confirmed for v1 only, and {@code If-Modified-Since}, {@code page_token} and the deleted-records API are
 * unconfirmed for Bigin [U] (see the README). The first two are harmless if Bigin ignored them: a read would return
 * every record and the mirror recognises the unchanged ones; paging goes on by {@code page} when no token comes back.
 * A missing deleted-records list does not fail Bigin's runs ({@code deletedListConfirmed} false): the deletions read
 * is skipped with a warning, and Zoho CRM's, which is confirmed, fails the run as any refused call.
 *
 * @param path        the module API under the API domain, with a leading and a trailing slash
 * @param scopePrefix the OAuth scopes' product part: {@code ZohoCRM} or {@code ZohoBigin}
 * @param deletedListConfirmed whether {@code GET {Module}/deleted} is known to exist; when not, an answer that there is
 *                    no such API reads as "no deletions list" ({@link io.deskbridge.connector.DeletedRead#unavailable})
 */
public record CrmProductApi(
        CrmProduct product, String path, ConnectorLimits limits, String scopePrefix, boolean deletedListConfirmed) {

    /** 10 calls at once is the concurrency limit of the lowest paid CRM editions (Standard, Professional). */
    static final ConnectorLimits CRM_LIMITS = new ConnectorLimits(
            ZohoCrmClient.PAGE_SIZE,
            ZohoCrmClient.WRITE_BATCH,
            ZohoCrmClient.MAX_FIELDS,
            true,
            true,
            Duration.ofSeconds(1),
            "Modified_Time",
            10);

    public static final CrmProductApi ZOHO_CRM =
            new CrmProductApi(CrmProduct.ZOHO_CRM, "/crm/v8/", CRM_LIMITS, "ZohoCRM", true);
    /**
     * Bigin v2 [C]. Its search would also need {@code ZohoSearch.securesearch.READ} [C], but nothing searches the CRM
     * side (its writes are upserts, which a write repeated after a lost answer cannot duplicate), so no token needs it.
     */
    public static final CrmProductApi BIGIN =
            new CrmProductApi(CrmProduct.BIGIN, "/bigin/v2/", CRM_LIMITS, "ZohoBigin", false);

    /**
     * What Bigin's field metadata ({@code GET settings/fields}) needs. {@code ZohoBigin.settings.ALL} is documented for
     * the settings API [C, settings/modules]; {@code ZohoBigin.settings.fields.READ} follows the documented
     * {@code ZohoBigin.settings.modules.READ} and is unconfirmed [U].
     */
    static final String BIGIN_FIELDS_SCOPES = "ZohoBigin.settings.fields.READ (unconfirmed) or ZohoBigin.settings.ALL";

    public static CrmProductApi of(CrmProduct product) {
        return product == CrmProduct.BIGIN ? BIGIN : ZOHO_CRM;
    }

    /** Whether the CRM refused a call for a scope the token was not granted. */
    public static boolean scopeRefused(ApiException e) {
        return CrmErrors.scopeRefused(e.status(), e.code());
    }

    /**
     * What to add to a refused read of field metadata: on Bigin, the settings scope it needs, which is not one of the
     * module scopes a sync is granted; nothing otherwise.
     */
    public String fieldsScopeHint(ApiException refused) {
        return product == CrmProduct.BIGIN && scopeRefused(refused)
                ? "; the " + product.label() + " refresh token needs " + BIGIN_FIELDS_SCOPES + " to read the fields"
                : "";
    }

    /**
     * The scopes a refresh token must have been granted for a sync of {@code module}, as an admin reads them:
     * {@code ZohoBigin.modules.contacts.ALL (or ZohoBigin.modules.ALL)}.
     */
    public String scopesFor(String module) {
        String modules = scopePrefix + ".modules.";
        return modules + module.toLowerCase(Locale.ROOT) + ".ALL (or " + modules + "ALL)";
    }
}
