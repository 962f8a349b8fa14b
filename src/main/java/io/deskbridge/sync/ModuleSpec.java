package io.deskbridge.sync;

import java.util.Set;

/**
 * What Deskbridge knows of one module on both sides: API names, the standard fields a field map may
 * use, and the email fields records are matched on. Adding a module starts here.
 */
public record ModuleSpec(String id, String crmModule, String deskModule, Set<String> crmFields, Set<String> deskFields,
                         Set<String> lookupFields, MatchKeys matchKeys) {

    /** The email fields of each side: the primary is the match key, the secondary a second key. */
    public record MatchKeys(String crmPrimary, String crmSecondary, String deskPrimary, String deskSecondary) {}

    public static final ModuleSpec CONTACTS = new ModuleSpec("contacts", "Contacts", "contacts",
            Set.of("First_Name", "Last_Name", "Email", "Secondary_Email", "Phone", "Mobile", "Home_Phone", "Other_Phone",
                    "Fax", "Title", "Department", "Description", "Mailing_Street", "Mailing_City", "Mailing_State",
                    "Mailing_Zip", "Mailing_Country", "Date_of_Birth", "Assistant", "Asst_Phone", "Skype_ID", "Twitter",
                    "Salutation", "Lead_Source", "Email_Opt_Out"),
            Set.of("firstName", "lastName", "email", "secondaryEmail", "phone", "mobile", "title", "description",
                    "street", "city", "state", "zip", "country", "facebook", "twitter", "type"),
            Set.of("Account_Name", "Owner", "accountId", "ownerId"),
            new MatchKeys("Email", "Secondary_Email", "email", "secondaryEmail"));

    public static ModuleSpec byId(String id) {
        if (CONTACTS.id().equals(id)) {
            return CONTACTS;
        }
        throw new IllegalArgumentException("unknown sync '" + id + "'; known: " + CONTACTS.id());
    }
}
