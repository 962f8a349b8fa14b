package io.deskbridge.model;

/** Which side keeps a field both sides changed since the last sync ({@code deskbridge.sync.<sync>.conflict}). */
public enum ConflictPolicy implements Choice {
    CRM_WINS("crm-wins"),
    DESK_WINS("desk-wins"),
    /** The side whose record was modified last, by the records' own modification times. */
    LATEST_WINS("latest-wins");

    private final String key;

    ConflictPolicy(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
