package io.deskbridge.admin;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * One admin call as the client sent it, each value read only from where the API says it comes from: the
 * token from the HTTP {@code Authorization} header, path parameters from the path, query parameters from
 * the query string. Camel copies request headers, query parameters and form fields into one map of
 * message headers, where a header {@code sync: accounts} or a query parameter {@code Authorization=...}
 * would pass for something it is not; so nothing here reads Camel's message headers.
 */
public final class AdminRequest {

    private final HttpServerRequest http;
    private final HttpMessage message;
    private final Map<String, String> path;
    private final Map<String, List<String>> query;
    private String caller;
    private AdminTokens.Role role;

    private AdminRequest(
            HttpServerRequest http, HttpMessage message, Map<String, String> path, Map<String, List<String>> query) {
        this.http = http;
        this.message = message;
        this.path = path;
        this.query = query;
    }

    /** The request of an exchange that platform-http received for the route {@code template}, e.g. {@code /admin/syncs/{sync}}. */
    static AdminRequest of(Exchange exchange, String template) {
        if (!(exchange.getIn() instanceof HttpMessage message) || message.getRequest() == null) {
            throw new IllegalStateException("admin calls arrive over HTTP only");
        }
        HttpServerRequest http = message.getRequest();
        requireCanonical(http.path());
        Map<String, List<String>> query =
                new QueryStringDecoder("?" + (http.query() == null ? "" : http.query())).parameters();
        return new AdminRequest(http, message, pathParameters(template, http.path()), query);
    }

    /** Refuses a query parameter the call does not take, or one given twice: a typo must not pass for a filter. */
    void onlyQuery(Set<String> declared) {
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            if (!declared.contains(q.getKey())) {
                throw new AdminException(
                        400,
                        "unknown query parameter '" + q.getKey() + "'"
                                + (declared.isEmpty() ? "; this call takes none" : "; this call takes " + declared));
            }
            if (q.getValue().size() > 1) {
                throw new AdminException(
                        400,
                        "query parameter '" + q.getKey() + "' is given "
                                + q.getValue().size() + " times; give it once");
            }
        }
    }

    /** The {@code Authorization} header, or null when there is none; two of them are refused like a wrong token. */
    String authorization() {
        List<String> all = http.headers().getAll("Authorization");
        return all.size() == 1 ? all.get(0) : all.isEmpty() ? null : "";
    }

    /** The name of the token that made the call, once it is authenticated. */
    public String caller() {
        return caller;
    }

    void caller(String name) {
        this.caller = name;
    }

    /** The role of the token that made the call, once it is authenticated. */
    public AdminTokens.Role role() {
        return role;
    }

    void role(AdminTokens.Role role) {
        this.role = role;
    }

    /** A path parameter of the route's template. */
    public String path(String name) {
        return path.get(name);
    }

    /** A query parameter, or null when the query string does not have it. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The JSON request body as its record, {@code none} without a body; a form is refused, the API takes JSON. */
    public <T extends Record> T body(Class<T> type, T none) {
        if (message.getBody() instanceof Map<?, ?>
                || http.getHeader("Content-Type") != null
                        && http.getHeader("Content-Type")
                                .toLowerCase(java.util.Locale.ROOT)
                                .startsWith("multipart/")) {
            throw new AdminException(415, "the request body is a form; send JSON with Content-Type: application/json");
        }
        return AdminJson.read(message.getBody(String.class), type, none);
    }

    /**
     * The server routes a path after resolving {@code .}, {@code ..} and {@code //}; read from the raw path, the
     * parameters of {@code /syncs/contacts/../accounts/disable} would name another sync than the route acted for.
     * Such a path is refused rather than resolved a second time here.
     */
    private static void requireCanonical(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String s = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (s.isEmpty() && i < segments.length - 1 || s.equals(".") || s.equals("..") || s.contains("/")) {
                throw new AdminException(
                        400,
                        "the path " + path + " has an empty, '.', '..' or encoded '/' segment; "
                                + "give it in plain form");
            }
        }
    }

    static Map<String, String> pathParameters(String template, String requestPath) {
        String[] names = template.split("/");
        String[] values = requestPath.split("/");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (names[i].startsWith("{") && names[i].endsWith("}")) {
                // A '+' in a path segment is a plus, not a space.
                out.put(
                        names[i].substring(1, names[i].length() - 1),
                        URLDecoder.decode(values[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
