package io.deskbridge.connector;

/** The check the connector's value records share: a required text that is missing names itself. */
final class Required {

    private Required() {}

    static void text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
