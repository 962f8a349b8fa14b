package io.deskbridge.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A decoded HTTP request, independent of Camel: method, path segments below the route prefix, query parameters
 * decoded from the raw query string (never from Camel message headers), real HTTP headers and the body text.
 */
record SandboxRequest(
        String method,
        String path,
        List<String> segments,
        String rawQuery,
        Map<String, List<String>> query,
        Map<String, String> headers,
        String body,
        Map<String, String> form,
        String baseUrl) {

    String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    boolean hasParam(String name) {
        return query.containsKey(name);
    }

    String header(String name) {
        return headers.get(name);
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static Map<String, String> caseInsensitive() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    /** Split a path below {@code prefix} into decoded, non-empty segments. */
    static List<String> segments(String path, String prefix) {
        String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        List<String> out = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                out.add(decode(s.replace("+", "%2B")));
            }
        }
        return out;
    }
}
