package io.deskbridge.sync;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which side keeps a field both sides changed since the last sync ({@code deskbridge.sync.<sync>.conflict}). */
public enum ConflictPolicy {
    CRM_WINS("crm-wins"),
    DESK_WINS("desk-wins"),
    /** The side whose record was modified last, by the records' own modification times. */
    LATEST_WINS("latest-wins");

    private final String key;

    ConflictPolicy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static ConflictPolicy parse(String value, String propertyName) {
        for (ConflictPolicy p : values()) {
            if (p.key.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(propertyName + " = '" + value + "' is not a conflict policy; use one of "
                + Arrays.stream(values()).map(ConflictPolicy::key).collect(Collectors.joining(", ")));
    }
}
