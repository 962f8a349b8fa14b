package io.deskbridge.sync;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which way records flow for one sync, as written in {@code deskbridge.sync.<sync>.direction}. */
public enum Direction {
    TWO_WAY("two-way"),
    CRM_TO_DESK("crm-to-desk"),
    NONE("none");

    private final String key;

    Direction(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public boolean crmToDesk() {
        return this != NONE;
    }

    public static Direction parse(String value, String propertyName) {
        for (Direction d : values()) {
            if (d.key.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException(propertyName + " = '" + value + "' is not a direction; use one of "
                + Arrays.stream(values()).map(Direction::key).collect(Collectors.joining(", ")));
    }
}
