package io.deskbridge.model;

/** Which way records flow for one sync, as written in {@code deskbridge.sync.<sync>.direction}. */
public enum Direction implements Choice {
    TWO_WAY("two-way"),
    CRM_TO_DESK("crm-to-desk"),
    NONE("none");

    private final String key;

    Direction(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public boolean crmToDesk() {
        return this != NONE;
    }
}
