package io.deskbridge.sync.signals;

import io.deskbridge.store.SignalOutbox.Kind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of sales signal that are sent ({@code deskbridge.signals.events}); events of the others are not. */
public final class ChosenKinds {

    /** What can be chosen: every kind something detects (MENTION is reserved). */
    public static final Set<Kind> ALLOWED = EnumSet.complementOf(EnumSet.of(Kind.MENTION));

    private ChosenKinds() {}

    /**
     * The kinds of a comma list such as {@code NEW_TICKET, OVERDUE} (any case); blank chooses them all. An unknown
     * name fails with one line naming the key, the name and the allowed values.
     */
    public static Set<Kind> parse(String key, String value) {
        if (value == null || value.isBlank()) {
            return EnumSet.copyOf(ALLOWED);
        }
        Set<Kind> chosen = EnumSet.noneOf(Kind.class);
        for (String name : value.split(",")) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            Kind kind = ALLOWED.stream()
                    .filter(k -> k.name().equals(n))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(key + " = '" + value + "': '" + name.trim()
                            + "' is not a kind of signal; allowed: " + allowed()));
            chosen.add(kind);
        }
        return chosen;
    }

    static String allowed() {
        return Arrays.stream(Kind.values())
                .filter(ALLOWED::contains)
                .map(Kind::name)
                .collect(Collectors.joining(", "));
    }
}
