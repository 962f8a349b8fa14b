package io.deskbridge.model;

/** What a deletion on one side does to the other ({@code deskbridge.sync.<sync>.deletes}). */
public enum DeletePolicy implements Choice {
    /** The other side is left as it is; the link is marked and the deletion reported (the default). */
    KEEP("keep"),
    /** The other side's record is deleted too (moved to its recycle bin / trash). */
    PROPAGATE("propagate");

    private final String key;

    DeletePolicy(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
