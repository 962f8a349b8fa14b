package io.deskbridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform-http routes of the sandbox: one prefix route per simulated system, dispatched in Java.
 * Incoming Camel headers are dropped before answering so nothing (e.g. Authorization) is echoed back.
 */
final class SandboxRoutes extends RouteBuilder {

    static final String OAUTH_PREFIX = "/sandbox/accounts";
    static final String CRM_PREFIX = "/sandbox/zoho/crm/v8";
    static final String DESK_PREFIX = "/sandbox/desk/api/v1";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxRoutes.class);

    private final Sandbox sandbox;

    SandboxRoutes(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void configure() {
        route("sandbox-oauth", OAUTH_PREFIX, "oauth", sandbox.oauth()::handle);
        route("sandbox-crm", CRM_PREFIX, "crm", sandbox.crmApi()::handle);
        route("sandbox-desk", DESK_PREFIX, "desk", sandbox.deskApi()::handle);
    }

    private void route(String id, String prefix, String system, Function<SandboxRequest, SandboxResponse> handler) {
        from("platform-http:" + prefix + "?matchOnUriPrefix=true&populateBodyWithForm=false")
                .routeId(id)
                .process(exchange -> serve(exchange, prefix, system, handler));
    }

    private void serve(Exchange exchange, String prefix, String system,
                       Function<SandboxRequest, SandboxResponse> handler) {
        SandboxRequest req;
        SandboxResponse resp;
        try {
            req = read(exchange, prefix);
        } catch (RuntimeException e) {
            LOG.warn("sandbox: cannot read request", e);
            write(exchange, SandboxResponse.empty(400));
            return;
        }
        try {
            resp = handler.apply(req);
        } catch (RuntimeException e) {
            LOG.error("sandbox {} {} {} failed", system, req.method(), req.path(), e);
            resp = internalError(system);
        }
        sandbox.requests().add(new RequestLog.Entry(system, req.method(), req.path(),
                req.rawQuery() == null || req.rawQuery().isEmpty() ? null : req.rawQuery(), resp.status()));
        write(exchange, resp);
    }

    private static SandboxResponse internalError(String system) {
        if ("desk".equals(system)) {
            return SandboxResponse.of(500, Json.obj().put("errorCode", "INTERNAL_SERVER_ERROR")
                    .put("message", "An internal server error occurred while performing this operation."));
        }
        if ("crm".equals(system)) {
            return SandboxResponse.of(500, Json.obj().put("code", "INTERNAL_ERROR").<com.fasterxml.jackson.databind.node.ObjectNode>set("details", Json.obj())
                    .put("message", "Internal Server Error").put("status", "error"));
        }
        return SandboxResponse.of(500, Json.obj().put("error", "server_error"));
    }

    static SandboxRequest read(Exchange exchange, String prefix) {
        Message in = exchange.getIn();
        Map<String, String> headers = SandboxRequest.caseInsensitive();
        String method;
        String path;
        String rawQuery;
        String baseUrl;
        HttpServerRequest http = in instanceof HttpMessage hm ? hm.getRequest() : null;
        if (http != null) {
            for (Map.Entry<String, String> e : http.headers().entries()) {
                headers.putIfAbsent(e.getKey(), e.getValue());
            }
            method = http.method().name();
            path = http.path();
            rawQuery = http.query();
            String host = http.host();
            baseUrl = (http.scheme() == null ? "http" : http.scheme()) + "://" + (host == null ? "localhost" : host);
        } else {
            method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
            path = in.getHeader(Exchange.HTTP_PATH, String.class);
            String uri = in.getHeader(Exchange.HTTP_URI, String.class);
            if (path == null || !path.startsWith("/")) {
                path = uri == null ? prefix : uri.split("\\?", 2)[0];
            }
            rawQuery = in.getHeader(Exchange.HTTP_QUERY, String.class);
            for (String h : List.of("Authorization", "orgId", "If-Modified-Since", "Content-Type", "Host")) {
                String v = in.getHeader(h, String.class);
                if (v != null) {
                    headers.put(h, v);
                }
            }
            baseUrl = "http://" + headers.getOrDefault("Host", "localhost");
        }
        String forwardedProto = headers.get("X-Forwarded-Proto");
        if (forwardedProto != null && !forwardedProto.isBlank()) {
            baseUrl = forwardedProto.strip() + baseUrl.substring(baseUrl.indexOf("://"));
        }
        Object raw = in.getBody();
        String body = null;
        Map<String, String> form = SandboxRequest.caseInsensitive();
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> form.put(String.valueOf(k), v instanceof List<?> l && !l.isEmpty()
                    ? String.valueOf(l.get(0)) : String.valueOf(v)));
        } else if (raw != null) {
            byte[] bytes = in.getBody(byte[].class);
            body = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
            String ct = headers.get("Content-Type");
            if (body != null && ct != null && ct.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                SandboxRequest.parseQuery(body).forEach((k, v) -> form.put(k, v.get(0)));
            }
        }
        if (form.isEmpty() && http != null) {
            try {
                for (Map.Entry<String, String> e : http.formAttributes().entries()) {
                    form.putIfAbsent(e.getKey(), e.getValue());
                }
            } catch (RuntimeException e) {
                // no form attributes on this request
            }
        }
        return new SandboxRequest(method, path, SandboxRequest.segments(path, prefix), rawQuery,
                SandboxRequest.parseQuery(rawQuery), headers, body, form, baseUrl);
    }

    private static void write(Exchange exchange, SandboxResponse resp) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, resp.status());
        // Real APIs send their clock; connectors use it to bound incremental watermarks.
        out.setHeader("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
        if (resp.body() == null) {
            out.setBody(null);
        } else {
            out.setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
            out.setBody(Json.bytes(resp.body()));
        }
    }
}
