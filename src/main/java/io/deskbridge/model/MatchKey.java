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
        NAME,
        /** Products: the code, then the name (see {@link ProductKey}). */
        PRODUCT;

        /** The key of one value, of the kind's primary field (a product's code). */
        public MatchKey of(String raw) {
            return switch (this) {
                case EMAIL -> EmailAddress.of(raw);
                case NAME -> RecordName.of(raw);
                case PRODUCT -> ProductKey.code(raw);
            };
        }

        /**
         * A record's primary key from its primary and secondary values: the primary's, except for a product without
         * a code, which is matched (and excluded) by its name.
         */
        public MatchKey primary(String primaryRaw, String secondaryRaw) {
            return this == PRODUCT ? ProductKey.of(primaryRaw, secondaryRaw) : of(primaryRaw);
        }

        /** A record's secondary key: for a product, its name. */
        public MatchKey secondary(String raw) {
            return this == PRODUCT ? ProductKey.name(raw) : of(raw);
        }

        /**
         * Whether a record's secondary key may match another record's secondary key. A product's name does not:
         * two products with different codes are different products, whatever their names.
         */
        public boolean secondaryMatchesSecondary() {
            return this != PRODUCT;
        }

        /** How the key is named in a conflict's reason ("email", "name", "product key"). */
        public String word() {
            return this == PRODUCT ? "product key" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
