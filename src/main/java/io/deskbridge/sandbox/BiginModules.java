package io.deskbridge.sandbox;

import java.util.List;
import java.util.Map;

/**
 * The modules of the simulated Bigin (issue 15), served under {@code /bigin/v2} by the same {@link CrmApi} as the CRM:
 * {@code Contacts}, {@code Accounts} (shown as "Companies"), {@code Pipelines} (v1's Deals) and {@code Products}. No
 * Leads and no Deals: a call to them is answered {@code INVALID_MODULE}, as for any module an org does not have.
 *
 * <p>Fields are those the README lists for Bigin: Contacts after two third-party clients [3P] (no
 * {@code Secondary_Email}), Pipelines after the v2 reference and activepieces ({@code Sub_Pipeline}, {@code Stage},
 * {@code Closing_Date} mandatory [3P]), Products after activepieces [3P] (no {@code Manufacturer}; {@code Unit_Price} a
 * number, as the CRM's). Their records are kept apart from the CRM's ({@code bigin.*} maps), so a
 * sandbox folder used by both products keeps each one's data.
 */
final class BiginModules {

    private BiginModules() {}

    static void register(Map<String, CrmSimulator.Module> modules, SandboxStore store, RecordTable.MetaFn metaFn) {
        add(
                modules,
                store,
                metaFn,
                "Contacts",
                List.of(
                        "Owner",
                        "First_Name",
                        "Last_Name",
                        "Full_Name",
                        "Email",
                        "Phone",
                        "Mobile",
                        "Account_Name",
                        "Title",
                        "Description",
                        "Mailing_City",
                        "Mailing_Country"),
                List.of("Last_Name"),
                "Email",
                Map.of("Account_Name", "Accounts"));
        add(
                modules,
                store,
                metaFn,
                "Accounts",
                List.of("Owner", "Account_Name", "Phone", "Website", "Billing_City", "Billing_Country", "Description"),
                List.of("Account_Name"),
                "Account_Name",
                Map.of());
        add(
                modules,
                store,
                metaFn,
                "Pipelines",
                List.of(
                        "Owner",
                        "Deal_Name",
                        "Sub_Pipeline",
                        "Stage",
                        "Amount",
                        "Closing_Date",
                        "Contact_Name",
                        "Account_Name",
                        "Description"),
                List.of("Deal_Name", "Sub_Pipeline", "Stage", "Closing_Date"),
                "Deal_Name",
                Map.of("Contact_Name", "Contacts", "Account_Name", "Accounts"));
        add(
                modules,
                store,
                metaFn,
                "Products",
                List.of(
                        "Owner",
                        "Product_Name",
                        "Product_Code",
                        "Product_Category",
                        "Unit_Price",
                        "Product_Active",
                        "Description"),
                List.of("Product_Name"),
                "Product_Name",
                Map.of());
    }

    private static void add(
            Map<String, CrmSimulator.Module> modules,
            SandboxStore store,
            RecordTable.MetaFn metaFn,
            String name,
            List<String> fields,
            List<String> mandatory,
            String dupField,
            Map<String, String> lookups) {
        List<String> all = new java.util.ArrayList<>(fields);
        all.addAll(List.of("Created_By", "Modified_By", "Created_Time", "Modified_Time"));
        RecordTable table = new RecordTable(store.map("bigin." + name), metaFn)
                .keyIndex("dup", r -> Json.keys(Json.text(r, dupField)));
        modules.put(
                name,
                new CrmSimulator.Module(
                        name,
                        List.copyOf(all),
                        mandatory,
                        dupField,
                        lookups,
                        table,
                        store.map("bigin." + name + ".deleted")));
    }
}
