package io.deskbridge.sync.definition;

import io.deskbridge.model.Direction;
import io.deskbridge.model.MatchKey;
import java.util.List;
import java.util.Set;

/**
 * What Deskbridge knows of one module on both sides: API names, the standard fields a field map may
 * use, the keys records are matched on, and the lookups kept in step through another sync's links.
 * Adding a module starts here. A module that is not {@code fieldMapped} (tickets) is only mirrored from the Desk:
 * it has no field map, no match keys and no links of its own, and runs its own route.
 *
 * @param directions the directions the sync may be given, its default first
 */
public record ModuleSpec(
        String id,
        String crmModule,
        String deskModule,
        Set<String> crmFields,
        Set<String> deskFields,
        MatchKeys matchKeys,
        List<Lookup> lookups,
        List<String> syncAfter,
        boolean fieldMapped,
        List<Direction> directions) {

    private static final List<Direction> RECORD_DIRECTIONS =
            List.of(Direction.TWO_WAY, Direction.CRM_TO_DESK, Direction.NONE);

    /**
     * The fields records are matched on. The primary is the match key; the secondary (null when the
     * module has none) a second key. Both are mapped automatically.
     */
    public record MatchKeys(
            MatchKey.Kind kind, String crmPrimary, String crmSecondary, String deskPrimary, String deskSecondary) {}

    /** A reference to a record of another sync (a contact's account), translated through that sync's links. */
    public record Lookup(String crmField, String deskField, String viaSync) {}

    public static final ModuleSpec ACCOUNTS = new ModuleSpec(
            "accounts",
            "Accounts",
            "accounts",
            Set.of(
                    "Account_Name",
                    "Phone",
                    "Website",
                    "Fax",
                    "Account_Number",
                    "Account_Type",
                    "Industry",
                    "Employees",
                    "Annual_Revenue",
                    "Description",
                    "Billing_Street",
                    "Billing_City",
                    "Billing_State",
                    "Billing_Code",
                    "Billing_Country",
                    "Shipping_Street",
                    "Shipping_City",
                    "Shipping_State",
                    "Shipping_Code",
                    "Shipping_Country"),
            Set.of(
                    "accountName",
                    "email",
                    "phone",
                    "website",
                    "fax",
                    "industry",
                    "description",
                    "street",
                    "city",
                    "state",
                    "code",
                    "country",
                    "annualRevenue"),
            new MatchKeys(MatchKey.Kind.NAME, "Account_Name", null, "accountName", null),
            List.of(),
            List.of(),
            true,
            RECORD_DIRECTIONS);

    public static final ModuleSpec CONTACTS = new ModuleSpec(
            "contacts",
            "Contacts",
            "contacts",
            Set.of(
                    "First_Name",
                    "Last_Name",
                    "Email",
                    "Secondary_Email",
                    "Phone",
                    "Mobile",
                    "Home_Phone",
                    "Other_Phone",
                    "Fax",
                    "Title",
                    "Department",
                    "Description",
                    "Mailing_Street",
                    "Mailing_City",
                    "Mailing_State",
                    "Mailing_Zip",
                    "Mailing_Country",
                    "Date_of_Birth",
                    "Assistant",
                    "Asst_Phone",
                    "Skype_ID",
                    "Twitter",
                    "Salutation",
                    "Lead_Source",
                    "Email_Opt_Out"),
            Set.of(
                    "firstName",
                    "lastName",
                    "email",
                    "secondaryEmail",
                    "phone",
                    "mobile",
                    "title",
                    "description",
                    "street",
                    "city",
                    "state",
                    "zip",
                    "country",
                    "facebook",
                    "twitter",
                    "type"),
            new MatchKeys(MatchKey.Kind.EMAIL, "Email", "Secondary_Email", "email", "secondaryEmail"),
            List.of(new Lookup("Account_Name", "accountId", "accounts")),
            List.of("accounts"),
            true,
            RECORD_DIRECTIONS);

    /**
     * Zoho CRM Products and Desk products (issue 15), matched by product code, then by normalised name
     * ({@link MatchKey.Kind#PRODUCT}). Desk products belong to departments: the connector reads and creates them in
     * the departments of {@code deskbridge.sync.products.departments}.
     */
    public static final ModuleSpec PRODUCTS = new ModuleSpec(
            "products",
            "Products",
            "products",
            Set.of(
                    "Product_Name",
                    "Product_Code",
                    "Unit_Price",
                    "Description",
                    "Product_Category",
                    "Manufacturer",
                    "Product_Active",
                    "Vendor_Name",
                    "Qty_in_Stock",
                    "Usage_Unit",
                    "Taxable",
                    "Commission_Rate"),
            Set.of("productName", "productCode", "unitPrice", "description", "productCategory", "manufacturer"),
            new MatchKeys(MatchKey.Kind.PRODUCT, "Product_Code", "Product_Name", "productCode", "productName"),
            List.of(),
            List.of(),
            true,
            RECORD_DIRECTIONS);

    /**
     * Desk tickets, mirrored with their CRM contact and account (through the links of those syncs, so it runs after
     * them); desk-to-crm also queues sales signals. The CRM module is the one tickets are tied to.
     */
    public static final ModuleSpec TICKETS = new ModuleSpec(
            "tickets",
            "Contacts",
            "tickets",
            Set.of(),
            Set.of(),
            null,
            List.of(),
            List.of("accounts", "contacts"),
            false,
            List.of(Direction.DESK_TO_CRM, Direction.NONE));

    /**
     * Zendesk Chat chats into Zendesk Sell (issue 14): not field-mapped; the Sell leads and contacts it matches are
     * mirrored by its own runs. The "CRM" module is Sell's leads, the "Desk" one Chat's chats. Direction none: nothing
     * is written, and its runs are refused (it has nothing to link: the chats' matches are not kept).
     */
    public static final ModuleSpec CHATS = new ModuleSpec(
            "chats",
            "leads",
            "chats",
            Set.of(),
            Set.of(),
            null,
            List.of(),
            List.of(),
            false,
            List.of(Direction.CHAT_TO_CRM, Direction.NONE));

    /** In the order they run when both are due: a sync comes after the syncs its lookups go through. */
    public static final List<ModuleSpec> ALL = List.of(ACCOUNTS, CONTACTS, PRODUCTS, TICKETS, CHATS);

    /**
     * Whether a run with direction none still has work: a field-mapped sync links the records that exist on both sides
     * (the tickets of a CRM record are found through those links), tickets keep their mirror; chats have nothing to do.
     */
    public boolean runsWithoutFlow() {
        return fieldMapped || id.equals(TICKETS.id);
    }

    /**
     * The names of the two systems its runs call, in the order a run's figures give them (the CRM's place, then the
     * Desk's): crm and desk; for chats Zendesk Sell and Zendesk Chat.
     */
    public List<String> systems() {
        return id.equals(CHATS.id) ? List.of("sell", "chat") : List.of("crm", "desk");
    }

    /** Fields that hold references: kept in step through links, never through a field map. */
    public Set<String> lookupFields() {
        Set<String> out = new java.util.HashSet<>(Set.of("Owner", "ownerId"));
        for (Lookup l : lookups) {
            out.add(l.crmField());
            out.add(l.deskField());
        }
        if (id.equals("accounts")) {
            out.add("Parent_Account");
        }
        return out;
    }
}
