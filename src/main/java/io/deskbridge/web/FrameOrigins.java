package io.deskbridge.web;

import io.deskbridge.model.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The origins allowed to frame the ticket widget ({@code deskbridge.widget.allowed-origins}): CSP source expressions
 * of a scheme, a host (its first label may be {@code *}) and an optional port, nothing else, so a typo cannot open the
 * widget to every site or break the header. Unset: no other site may frame it.
 */
public final class FrameOrigins {

    public static final String KEY = "deskbridge.widget.allowed-origins";

    private static final Pattern ORIGIN = Pattern.compile(
            "https?://(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?");

    private final List<String> origins;

    private FrameOrigins(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /** Parses a comma- or space-separated list; a wrong entry stops the start, naming the key and the entry. */
    public static FrameOrigins parse(String value) {
        List<String> out = new ArrayList<>();
        for (String entry : value == null ? new String[0] : value.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            String origin = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
            if (!ORIGIN.matcher(origin.toLowerCase(java.util.Locale.ROOT)).matches()) {
                throw new ConfigurationException(KEY + ": '" + entry + "' is not an origin: write scheme://host[:port],"
                        + " e.g. https://crm.zoho.eu or https://*.zappsusercontent.eu (no path, no quotes)");
            }
            out.add(origin.toLowerCase(java.util.Locale.ROOT));
        }
        return new FrameOrigins(out);
    }

    public List<String> origins() {
        return origins;
    }

    /** The CSP {@code frame-ancestors} value: the widget's own origin and the configured ones. */
    String frameAncestors() {
        return origins.isEmpty() ? "'self'" : "'self' " + String.join(" ", origins);
    }
}
