package io.deskbridge.sandbox;

import java.util.Locale;

/**
 * Which CRM the sandbox simulates (issue 15): Zoho CRM under {@code /crm/v8}, or Bigin under {@code /bigin/v2}. The
 * sandbox's own copy of the product's choice, as it depends on nothing of Deskbridge's.
 */
public enum SimulatedCrm {
    ZOHO_CRM("Zoho CRM", "Deals"),
    BIGIN("Bigin", "Pipelines");

    private final String label;
    private final String dealsModule;

    SimulatedCrm(String label, String dealsModule) {
        this.label = label;
        this.dealsModule = dealsModule;
    }

    /** As written in {@code deskbridge.sandbox.crm-product}: {@code zoho-crm} or {@code bigin}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String label() {
        return label;
    }

    /** The module API name of its deals: {@code Deals}, or Bigin's {@code Pipelines}. */
    public String dealsModule() {
        return dealsModule;
    }
}
