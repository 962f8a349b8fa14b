package io.deskbridge.model;

/** A normalised value records are matched on (an email, an account name), or why there is none. */
public interface MatchKey {

    /** The normalised key, or null when missing or invalid. */
    String value();

    String raw();

    default boolean isValid() {
        return value() != null;
    }

    default boolean isMissing() {
        return raw() == null;
    }

    /** NO_EMAIL, INVALID_EMAIL, NO_NAME, ...; null when valid. */
    String problemCode();

    String problem();

    /** How a module's records are matched across the two systems. */
    enum Kind {
        EMAIL,
        NAME;

        public MatchKey of(String raw) {
            return this == EMAIL ? EmailAddress.of(raw) : RecordName.of(raw);
        }
    }
}
