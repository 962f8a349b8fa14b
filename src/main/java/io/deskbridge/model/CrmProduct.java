package io.deskbridge.model;

/**
 * Which Zoho CRM the CRM side is, as written in {@code deskbridge.crm.product}. Both speak the same API on the same
 * data-centre domains and OAuth; they differ in the path ({@code /crm/v8} or {@code /bigin/v2}), the modules (Bigin has
 * no Leads, and its deals are Pipelines) and the scopes.
 */
public enum CrmProduct implements Choice {
    ZOHO_CRM("zoho-crm", "Zoho CRM", "Deals", true),
    BIGIN("bigin", "Bigin", "Pipelines", false);

    private final String key;
    private final String label;
    private final String dealsModule;
    private final boolean hasLeads;

    CrmProduct(String key, String label, String dealsModule, boolean hasLeads) {
        this.key = key;
        this.label = label;
        this.dealsModule = dealsModule;
        this.hasLeads = hasLeads;
    }

    @Override
    public String key() {
        return key;
    }

    /** The product's name in messages, logs and a run's figures. */
    public String label() {
        return label;
    }

    /** The module API name of its deals: {@code Deals}, or Bigin's {@code Pipelines}. */
    public String dealsModule() {
        return dealsModule;
    }

    /** Whether it has a Leads module (Bigin has none). */
    public boolean hasLeads() {
        return hasLeads;
    }
}
