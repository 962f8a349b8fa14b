package io.deskbridge.sync;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a deletion on one side does to the other ({@code deskbridge.sync.<sync>.deletes}). */
public enum DeletePolicy {
    /** The other side is left as it is; the link is marked and the deletion reported (the default). */
    KEEP("keep"),
    /** The other side's record is deleted too (moved to its recycle bin / trash). */
    PROPAGATE("propagate");

    private final String key;

    DeletePolicy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static DeletePolicy parse(String value, String propertyName) {
        for (DeletePolicy p : values()) {
            if (p.key.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(propertyName + " = '" + value + "' is not a delete policy; use one of "
                + Arrays.stream(values()).map(DeletePolicy::key).collect(Collectors.joining(", ")));
    }
}
