package io.deskbridge.store;

import java.util.Arrays;

/**
 * The CRM modules tickets and signals are tied to, by their API names. A ticket belongs to a contact and an
 * account through the ticket mirror, and to a deal through its deal link; a signal may also go to a lead.
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
