package io.deskbridge.sync.definition;

import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.MatchKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The syncs of each CRM product (issue 15). Zoho CRM's are {@link ModuleSpec#ALL}. Bigin's are the same syncs with its
 * own Contacts, Accounts ("Companies") and Products fields, read from its own default field maps under {@code routes/bigin/}; the
 * Desk side, lookups and order do not change.
 *
 * <p>Bigin's fields are those third-party clients read and write [3P] (no official field list was found; the README
 * says so). Its contacts have no {@code Secondary_Email}, so they are matched by {@code Email} alone.
 */
public final class ModuleSpecs {

    /** The folder under {@code deskbridge.routes.location} that holds Bigin's own field maps. */
    public static final String BIGIN_FOLDER = "bigin";

    public static final ModuleSpec BIGIN_ACCOUNTS = withCrmFields(
            ModuleSpec.ACCOUNTS,
            Set.of(
                    "Account_Name",
                    "Phone",
                    "Website",
                    "Description",
                    "Billing_Street",
                    "Billing_City",
                    "Billing_State",
                    "Billing_Code",
                    "Billing_Country"),
            ModuleSpec.ACCOUNTS.matchKeys());

    public static final ModuleSpec BIGIN_CONTACTS = withCrmFields(
            ModuleSpec.CONTACTS,
            Set.of(
                    "First_Name",
                    "Last_Name",
                    "Email",
                    "Phone",
                    "Mobile",
                    "Title",
                    "Department",
                    "Description",
                    "Email_Opt_Out",
                    "Mailing_Street",
                    "Mailing_City",
                    "Mailing_State",
                    "Mailing_Zip",
                    "Mailing_Country"),
            new ModuleSpec.MatchKeys(MatchKey.Kind.EMAIL, "Email", null, "email", null));

    /**
     * Bigin's Products: the fields third-party clients read [3P]. No {@code Manufacturer}, {@code Vendor_Name} or stock
     * fields; {@code Tag} (a list of names) and {@code Owner} (a lookup) are not mapped. Matched as Zoho CRM's are.
     */
    public static final ModuleSpec BIGIN_PRODUCTS = withCrmFields(
            ModuleSpec.PRODUCTS,
            Set.of("Product_Name", "Product_Code", "Product_Category", "Unit_Price", "Description", "Product_Active"),
            ModuleSpec.PRODUCTS.matchKeys());

    private static final Map<String, ModuleSpec> BIGIN_VIEWS = Map.of(
            BIGIN_ACCOUNTS.id(),
            BIGIN_ACCOUNTS,
            BIGIN_CONTACTS.id(),
            BIGIN_CONTACTS,
            BIGIN_PRODUCTS.id(),
            BIGIN_PRODUCTS);

    private ModuleSpecs() {}

    /** The syncs of {@code product}, in the order they run when due together. */
    public static List<ModuleSpec> of(CrmProduct product) {
        if (product != CrmProduct.BIGIN) {
            return ModuleSpec.ALL;
        }
        return ModuleSpec.ALL.stream()
                .map(m -> BIGIN_VIEWS.getOrDefault(m.id(), m))
                .toList();
    }

    /** The default field map of {@code module}, relative to the routes location: {@code bigin/contacts.fieldmap.yaml}. */
    public static String fieldMapFile(ModuleSpec module) {
        String file = module.id() + ".fieldmap.yaml";
        return module.equals(BIGIN_VIEWS.get(module.id())) ? BIGIN_FOLDER + "/" + file : file;
    }

    private static ModuleSpec withCrmFields(ModuleSpec spec, Set<String> crmFields, ModuleSpec.MatchKeys keys) {
        return new ModuleSpec(
                spec.id(),
                spec.crmModule(),
                spec.deskModule(),
                crmFields,
                spec.deskFields(),
                keys,
                spec.lookups(),
                spec.syncAfter(),
                spec.fieldMapped(),
                spec.directions());
    }
}
