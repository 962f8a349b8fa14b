package io.deskbridge.model;

/** The two systems a sync keeps in step. */
public enum Side {
    CRM("crm"),
    DESK("desk");

    private final String system;

    Side(String system) {
        this.system = system;
    }

    /** The name used in the state store and in the admin API. */
    public String system() {
        return system;
    }

    public Side other() {
        return this == CRM ? DESK : CRM;
    }
}
