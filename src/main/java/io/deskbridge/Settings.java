package io.deskbridge;

import io.deskbridge.model.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads the {@code deskbridge.*} keys (application.properties, overridable with {@code -Dkey=value}).
 * A missing or malformed value stops startup with a message that names the key.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    /** Whether {@code key} is given at all, if only empty: an empty value can mean "none" where unset has a default. */
    public boolean isSet(String key) {
        return properties.resolveProperty(key).isPresent();
    }

    public String optional(String key, String fallback) {
        String v = properties.resolveProperty(key).orElse(null);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** The names under a prefix: {@code names("a.tokens.")} of keys a.tokens.x.role, a.tokens.y.token is [x, y]. */
    public java.util.Set<String> names(String prefix) {
        return names(prefix, System.getenv());
    }

    /**
     * The same, with the names of keys set as environment variables ({@code DESKBRIDGE_ADMIN_TOKENS_OPS_TOKEN} has
     * the name {@code ops}): such a key is found by its name like any other, but only a name tells its key.
     */
    java.util.Set<String> names(String prefix, java.util.Map<String, String> environment) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String rest : withPrefix(prefix).keySet()) {
            int dot = rest.indexOf('.');
            out.add(dot < 0 ? rest : rest.substring(0, dot));
        }
        String envPrefix =
                prefix.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        for (String variable : environment.keySet()) {
            int leaf = variable.lastIndexOf('_');
            if (variable.startsWith(envPrefix) && leaf > envPrefix.length()) {
                out.add(variable.substring(envPrefix.length(), leaf).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    /** The keys under a prefix (without it) and their values, e.g. the fault plan of one sandbox system. */
    public java.util.Map<String, String> withPrefix(String prefix) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        properties.loadPropertiesAsMap().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), optional(key, String.valueOf(v)));
            }
        });
        // Keys set only by -D or by the embedding program (tests) are not in the files' map.
        java.util.Set<String> more =
                new java.util.TreeSet<>(System.getProperties().stringPropertyNames());
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent pc
                && pc.getOverrideProperties() != null) {
            more.addAll(pc.getOverrideProperties().stringPropertyNames());
        }
        for (String key : more) {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), optional(key, ""));
            }
        }
        return out;
    }

    public String required(String key) {
        String v = optional(key, null);
        if (v == null) {
            throw new ConfigurationException(key + " is not set");
        }
        return v;
    }

    public boolean flag(String key, boolean fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ConfigurationException(key + " = '" + v + "' must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    public int integer(String key, int fallback) {
        String v = optional(key, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " = '" + v + "' is not a whole number");
        }
    }

    /** A whole number within [min, max]; the message names the key and the range. */
    public int integer(String key, int fallback, int min, int max) {
        int v = integer(key, fallback);
        if (v < min || v > max) {
            throw new ConfigurationException(key + " = " + v
                    + (max == Integer.MAX_VALUE
                            ? " must be at least " + min
                            : " must be between " + min + " and " + max));
        }
        return v;
    }

    /** A time zone id such as {@code UTC} or {@code Europe/Berlin}; unknown ids are refused, not read as GMT. */
    public java.time.ZoneId zone(String key, String fallback) {
        String v = optional(key, fallback);
        try {
            return java.time.ZoneId.of(v);
        } catch (java.time.DateTimeException e) {
            throw new ConfigurationException(
                    key + " = '" + v + "' is not a time zone (examples: UTC, Europe/Berlin, Asia/Tokyo)");
        }
    }

    /** A duration written as {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d} or ISO-8601 ({@code PT30S}). */
    public Duration duration(String key, Duration fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.matches("\\d+(ms|s|m|h|d)")) {
                long n = Long.parseLong(v.replaceAll("\\D", ""));
                return switch (v.replaceAll("\\d", "")) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            Duration d = Duration.parse(v);
            if (d.isNegative()) {
                throw new ConfigurationException(key + " = '" + v + "' must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(key + " = '" + v + "' is not a duration (examples: 30s, 5m, PT30S)");
        }
    }

    /** An absolute http(s) URL. */
    public URI url(String key) {
        String v = required(key);
        try {
            URI uri = URI.create(v);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + " = '" + v + "' is not an absolute http(s) URL");
        }
    }
}
