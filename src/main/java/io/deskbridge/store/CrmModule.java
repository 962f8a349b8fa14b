package io.deskbridge.store;

import io.deskbridge.model.CrmProduct;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CRM modules tickets and signals are tied to, by their API names. A ticket belongs to a contact and an
 * account through the ticket mirror, and to a deal through its deal link; a signal may also go to a lead.
 * <p>
 * {@link #DEALS} is the deal link, whatever the CRM product calls the records it holds: Zoho CRM's Deals, Bigin's
 * Pipelines. The store keeps it under one name ({@link #apiName()}), so a link, a mark or a written figure means the
 * same under either product; what is shown to a caller and asked of the CRM is the product's name
 * ({@link #apiName(CrmProduct)}).
 */
public enum CrmModule {
    CONTACTS("Contacts", "t.crm_contact_id"),
    ACCOUNTS("Accounts", "t.crm_account_id"),
    DEALS("Deals", "d.crm_deal_id"),
    LEADS("Leads", null);

    private static final String TICKETS = "ticket_mirror t";
    private static final String TICKETS_WITH_DEALS = "ticket_mirror t JOIN ticket_deal d ON d.sync_id = t.sync_id"
            + " AND d.desk_org = t.desk_org AND d.ticket_id = t.ticket_id";

    private final String apiName;
    private final String ticketKey;

    CrmModule(String apiName, String ticketKey) {
        this.apiName = apiName;
        this.ticketKey = ticketKey;
    }

    public String apiName() {
        return apiName;
    }

    /** The module's name in the product's CRM: Bigin calls the deal link's records Pipelines. */
    public String apiName(CrmProduct product) {
        return this == DEALS ? product.dealsModule() : apiName;
    }

    /** The modules whose records have tickets: Contacts, Accounts and the deal link. */
    public static List<CrmModule> withTickets() {
        return List.of(CONTACTS, ACCOUNTS, DEALS);
    }

    /** The modules the product has: all of them but Leads on Bigin, which has no Leads module. */
    public static List<CrmModule> of(CrmProduct product) {
        return Arrays.stream(values())
                .filter(m -> m != LEADS || product.hasLeads())
                .toList();
    }

    /** The module of {@code modules} that the product names {@code apiName}, if any. */
    public static Optional<CrmModule> named(CrmProduct product, String apiName, List<CrmModule> modules) {
        return modules.stream().filter(m -> m.apiName(product).equals(apiName)).findFirst();
    }

    /** The names the product gives {@code modules}, for a message naming the allowed ones. */
    public static List<String> names(CrmProduct product, List<CrmModule> modules) {
        return modules.stream().map(m -> m.apiName(product)).toList();
    }

    /** The module of an API name ({@code Contacts}); fails with the names allowed. */
    public static CrmModule of(String apiName) {
        return Arrays.stream(values())
                .filter(m -> m.apiName.equals(apiName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown CRM module '" + apiName + "': expected one of "
                        + Arrays.stream(values()).map(CrmModule::apiName).toList()));
    }

    /** Whether a CRM record of this module has tickets (a lead has none: it gets signals only). */
    public boolean hasTickets() {
        return ticketKey != null;
    }

    /** The tables a record's tickets are read from, the mirror aliased {@code t}. */
    String ticketSource() {
        return this == DEALS ? TICKETS_WITH_DEALS : TICKETS;
    }

    /** The column holding the id of the CRM record of this module a ticket belongs to. */
    String ticketKey() {
        if (ticketKey == null) {
            throw new IllegalArgumentException("tickets belong to Contacts, Accounts or Deals, not " + apiName);
        }
        return ticketKey;
    }
}
