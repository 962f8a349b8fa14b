package io.deskbridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform-http routes of the sandbox: one prefix route per simulated system, dispatched in Java, plus the
 * fault-injection control route. Incoming Camel headers are dropped before answering so nothing (e.g.
 * Authorization) is echoed back.
 *
 * <p>Every request of a simulated system first meets {@link Sandbox#faults()}: the faults drawn for it (see
 * {@link FaultPlan}) are injected around the dispatch and logged in the {@link RequestLog} with the status the client
 * saw. platform-http (Vert.x) runs these processors on Vert.x worker threads ({@code executeBlocking}), never on the
 * event loop, so an injected delay holds one worker thread and no other request; a timeout stops holding it as soon
 * as the client closes the connection.
 *
 * <p>Fault control, for tests and demos, and the OAuth server (which hands out tokens for the shipped demo
 * credentials) answer only clients on this machine (loopback): anyone who could reach them from elsewhere could
 * make every run fail or read the demo data. Fault control never has faults injected:
 * <pre>
 * GET    /sandbox/_faults            all plans and the injection counters
 * GET    /sandbox/_faults/{system}   the plan of crm, desk or oauth
 * PUT    /sandbox/_faults/{system}   set the plan of crm, desk or oauth from a JSON object of settings, e.g.
 *                                    {"too-many-requests":0.1,"retry-after":1,"server-errors":0.05}
 * DELETE /sandbox/_faults            no faults anywhere (counters are kept)
 * DELETE /sandbox/_faults/{system}   no faults for that system
 * </pre>
 * Each answers 200 with the state as GET does; 400 with {@code {"error":"bad_request","message":...}} for a bad body.
 * {@code GET|DELETE /sandbox/_signals} reads or clears the sales signals the CRM accepted, under the same rules.
 */
final class SandboxRoutes extends RouteBuilder {

    static final String OAUTH_PREFIX = "/sandbox/accounts";
    static final String CRM_PREFIX = "/sandbox/zoho/crm/v8";
    /** Issue 15: Bigin on the CRM's API domain, as the real one ({@code {api-url}/bigin/v2}). */
    static final String BIGIN_PREFIX = "/sandbox/zoho/bigin/v2";

    static final String DESK_PREFIX = "/sandbox/desk/api/v1";
    static final String CHAT_PREFIX = "/sandbox/chat/api/v2";
    static final String FAULTS_PREFIX = "/sandbox/_faults";
    static final String SIGNALS_PREFIX = "/sandbox/_signals";

    /** How often a held-back (timed-out) answer checks whether the client is still there. */
    private static final long CLIENT_POLL_MILLIS = 25;

    private static final Logger LOG = LoggerFactory.getLogger(SandboxRoutes.class);

    private final Sandbox sandbox;

    SandboxRoutes(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * The sandbox routes start first and so stop last (Camel stops routes in reverse startup order): a
     * sync run still finishing its batch during a shutdown keeps its simulated APIs until it is done.
     */
    @Override
    public void configure() {
        route("sandbox-oauth", OAUTH_PREFIX, "oauth", sandbox.oauth()::handle, 1);
        route("sandbox-crm", CRM_PREFIX, "crm", sandbox.crmApi().servedAs(SimulatedCrm.ZOHO_CRM), 2);
        route("sandbox-bigin", BIGIN_PREFIX, "crm", sandbox.crmApi().servedAs(SimulatedCrm.BIGIN), 31);
        route("sandbox-desk", DESK_PREFIX, "desk", sandbox.deskApi()::handle, 3);
        from("platform-http:" + FAULTS_PREFIX + "?matchOnUriPrefix=true&populateBodyWithForm=false")
                .routeId("sandbox-faults")
                .startupOrder(4)
                .process(this::control);
        route("sandbox-crm-v2", SignalsApi.V2_PREFIX, "crm", sandbox.signalsApi()::handleV2, 5);
        from("platform-http:" + SIGNALS_PREFIX + "?matchOnUriPrefix=true&populateBodyWithForm=false")
                .routeId("sandbox-signals")
                .startupOrder(6)
                .process(this::receivedSignals);
        route("sandbox-chat", CHAT_PREFIX, "chat", sandbox.chatApi()::handle, 7);
        route("sandbox-sell", SellApi.PREFIX, "sell", sandbox.sellApi()::handle, 21);
    }

    private void route(
            String id, String prefix, String system, Function<SandboxRequest, SandboxResponse> handler, int order) {
        from("platform-http:" + prefix + "?matchOnUriPrefix=true&populateBodyWithForm=false")
                .routeId(id)
                .startupOrder(order)
                .process(exchange -> serve(exchange, prefix, system, handler));
    }

    private void serve(
            Exchange exchange, String prefix, String system, Function<SandboxRequest, SandboxResponse> handler) {
        if ("oauth".equals(system) && !fromThisMachine(exchange)) {
            write(exchange, problem(403, "the sandbox's OAuth server answers only clients on this machine"));
            return;
        }
        java.time.Instant startedAt = java.time.Instant.now();
        sandbox.requests().started(system);
        try {
            serveCounted(exchange, prefix, system, handler, startedAt);
        } finally {
            sandbox.requests().ended(system);
        }
    }

    private void serveCounted(
            Exchange exchange,
            String prefix,
            String system,
            Function<SandboxRequest, SandboxResponse> handler,
            java.time.Instant startedAt) {
        SandboxRequest req;
        SandboxResponse resp;
        try {
            req = read(exchange, prefix);
        } catch (RuntimeException e) {
            LOG.warn("sandbox: cannot read request", e);
            write(exchange, SandboxResponse.empty(400));
            return;
        }
        // Who sent it, read before a revocation fault forgets the token.
        String client = sandbox.oauth().clientOf(req.headers().get("Authorization"));
        FaultInjector.Decision fault = sandbox.faults().decide(system, req.method(), applies(req.method()));
        if (fault.revoke()) {
            sandbox.oauth().revokeAll();
        }
        if (fault.outcome() == FaultInjector.Outcome.TIMEOUT) {
            holdBack(exchange, fault.plan().timeoutMillis());
            resp = gatewayError(
                    504, "sandbox fault: no answer within " + fault.plan().timeoutMillis() + " ms");
        } else {
            if (fault.slow()) {
                sleep(fault.plan().slowMillis());
            }
            resp = switch (fault.outcome()) {
                case TOO_MANY_REQUESTS -> tooManyRequests(system, fault.plan().retryAfterSeconds());
                case SERVER_ERROR -> internalError(system);
                case LOST_ANSWER -> {
                    SandboxResponse real = dispatch(handler, req, system);
                    LOG.debug(
                            "sandbox {} {} {}: answer {} lost (fault)",
                            system,
                            req.method(),
                            req.path(),
                            real.status());
                    yield gatewayError(502, "sandbox fault: the answer was lost after the request was applied");
                }
                default -> dispatch(handler, req, system);
            };
        }
        sandbox.requests()
                .add(new RequestLog.Entry(
                        system,
                        req.method(),
                        req.path(),
                        req.rawQuery() == null || req.rawQuery().isEmpty() ? null : req.rawQuery(),
                        resp.status(),
                        label(fault),
                        startedAt,
                        java.time.Instant.now(),
                        client));
        if (clientGone(exchange)) {
            // Nobody to answer. An empty body lets platform-http complete the exchange; with a body its write to the
            // closed connection never completes and the exchange stays in flight for good.
            resp = SandboxResponse.empty(resp.status());
        }
        write(exchange, resp);
    }

    /** True when the request came over loopback; false when it came from elsewhere or its origin is not known. */
    static boolean fromThisMachine(Exchange exchange) {
        HttpServerRequest http = exchange.getIn() instanceof HttpMessage hm ? hm.getRequest() : null;
        if (http == null || http.remoteAddress() == null || http.remoteAddress().hostAddress() == null) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(http.remoteAddress().hostAddress())
                    .isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** True when the client has closed the connection (given up) before its answer was written. */
    private static boolean clientGone(Exchange exchange) {
        HttpServerRequest http = exchange.getIn() instanceof HttpMessage hm ? hm.getRequest() : null;
        return http != null && http.response().closed();
    }

    private static SandboxResponse dispatch(
            Function<SandboxRequest, SandboxResponse> handler, SandboxRequest req, String system) {
        try {
            return handler.apply(req);
        } catch (RuntimeException e) {
            LOG.error("sandbox {} {} {} failed", system, req.method(), req.path(), e);
            return internalError(system);
        }
    }

    /** True for methods that may change state (a lost answer of a GET is a plain server error). */
    private static boolean applies(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    private static String label(FaultInjector.Decision d) {
        if (!d.any()) {
            return null;
        }
        List<String> parts = new ArrayList<>(3);
        if (d.revoke()) {
            parts.add("revoked");
        }
        switch (d.outcome()) {
            case TOO_MANY_REQUESTS -> parts.add("429");
            case SERVER_ERROR -> parts.add("500");
            case LOST_ANSWER -> parts.add("lost");
            case TIMEOUT -> parts.add("timeout");
            case NONE -> {}
        }
        if (d.slow()) {
            parts.add("slow");
        }
        return String.join(",", parts);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wait up to {@code millis}, but no longer than the client keeps the connection open. */
    private static void holdBack(Exchange exchange, long millis) {
        HttpServerRequest http = exchange.getIn() instanceof HttpMessage hm ? hm.getRequest() : null;
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || (http != null && http.response().closed())) {
                    return;
                }
                Thread.sleep(Math.min(left, CLIENT_POLL_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SandboxResponse tooManyRequests(String system, int retryAfterSeconds) {
        SandboxResponse r;
        if ("sell".equals(system)) {
            r = SellApi.fault(429);
        } else if ("desk".equals(system)) {
            r = SandboxResponse.of(
                    429,
                    Json.obj()
                            .put("errorCode", "TOO_MANY_REQUESTS")
                            .put(
                                    "message",
                                    "You have exceeded the maximum number of API requests allowed. "
                                            + "Please try again later."));
        } else if ("crm".equals(system)) {
            r = SandboxResponse.of(
                    429,
                    Json.obj()
                            .put("code", "TOO_MANY_REQUESTS")
                            .<ObjectNode>set("details", Json.obj())
                            .put("message", "You have made too many requests. Please try again after some time.")
                            .put("status", "error"));
        } else {
            r = SandboxResponse.of(
                    429,
                    Json.obj()
                            .put("error", "Access Denied")
                            .put(
                                    "error_description",
                                    "You have made too many requests continuously. "
                                            + "Please try again after some time."));
        }
        return r.withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** What a proxy in front of the API answers when it has no answer to pass on (502, 504). */
    private static SandboxResponse gatewayError(int status, String message) {
        return SandboxResponse.of(
                status,
                Json.obj()
                        .put("error", status == 502 ? "BAD_GATEWAY" : "GATEWAY_TIMEOUT")
                        .put("message", message));
    }

    /**
     * {@code GET /sandbox/_signals}: the sales signals the simulated CRM accepted, oldest first, as
     * {@code {"signals":[...]}}; {@code DELETE} forgets them. Like fault control: this machine only, never faulted.
     */
    private void receivedSignals(Exchange exchange) {
        if (!fromThisMachine(exchange)) {
            write(exchange, problem(403, "the sandbox's signal log answers only clients on this machine"));
            return;
        }
        String method = read(exchange, SIGNALS_PREFIX).method();
        CrmSignals signals = sandbox.crm().signals();
        SandboxResponse resp;
        switch (method) {
            case "GET" -> resp = SandboxResponse.of(200, signalLog(signals));
            case "DELETE" -> {
                signals.clear();
                resp = SandboxResponse.of(200, signalLog(signals));
            }
            default -> resp = problem(405, "method " + method + " not allowed; use GET or DELETE");
        }
        write(exchange, resp);
    }

    private static ObjectNode signalLog(CrmSignals signals) {
        ObjectNode out = Json.obj();
        com.fasterxml.jackson.databind.node.ArrayNode a = out.putArray("signals");
        signals.received().forEach(a::add);
        return out;
    }

    /** The fault control endpoints under {@value #FAULTS_PREFIX}; never faulted, not in the request log. */
    private void control(Exchange exchange) {
        if (!fromThisMachine(exchange)) {
            write(exchange, problem(403, "sandbox fault control answers only clients on this machine"));
            return;
        }
        SandboxResponse resp;
        try {
            SandboxRequest req = read(exchange, FAULTS_PREFIX);
            resp = control(req);
        } catch (RuntimeException e) {
            LOG.warn("sandbox: fault control failed", e);
            resp = problem(500, "internal error: " + e.getMessage());
        }
        write(exchange, resp);
    }

    private SandboxResponse control(SandboxRequest req) {
        FaultInjector faults = sandbox.faults();
        List<String> seg = req.segments();
        if (seg.size() > 1) {
            return problem(404, "unknown path " + req.path());
        }
        String system = seg.isEmpty() ? null : seg.get(0);
        if (system != null && !FaultInjector.SYSTEMS.contains(system)) {
            return problem(404, "unknown system '" + system + "', expected one of " + FaultInjector.SYSTEMS);
        }
        switch (req.method()) {
            case "GET" -> {
                return SandboxResponse.of(200, system == null ? state(faults) : plan(faults.plan(system)));
            }
            case "DELETE" -> {
                if (system == null) {
                    faults.clear();
                } else {
                    faults.set(system, FaultPlan.NONE);
                }
                return SandboxResponse.of(200, state(faults));
            }
            case "PUT" -> {
                if (system == null) {
                    return problem(
                            405, "PUT " + FAULTS_PREFIX + "/{system} with system one of " + FaultInjector.SYSTEMS);
                }
                FaultPlan plan;
                try {
                    plan = FaultPlan.parse(settings(req.body()), system + ".");
                } catch (IllegalArgumentException e) {
                    return problem(400, e.getMessage());
                }
                faults.set(system, plan);
                LOG.info("sandbox: faults for {} set to {}", system, plan.toSettings());
                return SandboxResponse.of(200, state(faults));
            }
            default -> {
                return problem(405, "method " + req.method() + " not allowed; use GET, PUT or DELETE");
            }
        }
    }

    /** A JSON object of fault settings to the string map {@link FaultPlan#parse} reads. */
    private static Map<String, String> settings(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the body must be a JSON object of fault settings, e.g. "
                    + "{\"too-many-requests\":0.1,\"retry-after\":1}");
        }
        JsonNode json;
        try {
            json = Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object of fault settings, got "
                    + (json == null ? "nothing" : json.getNodeType().toString().toLowerCase()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            JsonNode v = e.getValue();
            if (!(v.isNumber() || v.isTextual())) {
                throw new IllegalArgumentException(e.getKey() + ": must be a number, got "
                        + v.getNodeType().toString().toLowerCase());
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    private static ObjectNode state(FaultInjector faults) {
        ObjectNode plans = Json.obj();
        faults.plans().forEach((system, plan) -> plans.set(system, plan(plan)));
        ObjectNode injected = Json.obj();
        faults.injected().forEach(injected::put);
        ObjectNode out = Json.obj();
        out.set("plans", plans);
        out.set("injected", injected);
        return out;
    }

    private static ObjectNode plan(FaultPlan p) {
        return Json.obj()
                .put(FaultPlan.TOO_MANY_REQUESTS, p.tooManyRequests())
                .put(FaultPlan.RETRY_AFTER, p.retryAfterSeconds())
                .put(FaultPlan.SERVER_ERRORS, p.serverErrors())
                .put(FaultPlan.LOST_ANSWERS, p.lostAnswers())
                .put(FaultPlan.SLOW, p.slow())
                .put(FaultPlan.SLOW_MS, p.slowMillis())
                .put(FaultPlan.TIMEOUTS, p.timeouts())
                .put(FaultPlan.TIMEOUT_MS, p.timeoutMillis())
                .put(FaultPlan.TOKEN_REVOCATIONS, p.tokenRevocations())
                .put(FaultPlan.TOO_MANY_REQUESTS_METHOD, p.tooManyRequestsMethod());
    }

    private static SandboxResponse problem(int status, String message) {
        String error =
                switch (status) {
                    case 400 -> "bad_request";
                    case 403 -> "forbidden";
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    default -> "internal_error";
                };
        return SandboxResponse.of(
                status, Json.obj().put("status", status).put("error", error).put("message", message));
    }

    private static SandboxResponse internalError(String system) {
        if ("sell".equals(system)) {
            return SellApi.fault(500);
        }
        if ("desk".equals(system)) {
            return SandboxResponse.of(
                    500,
                    Json.obj()
                            .put("errorCode", "INTERNAL_SERVER_ERROR")
                            .put("message", "An internal server error occurred while performing this operation."));
        }
        if ("crm".equals(system)) {
            return SandboxResponse.of(
                    500,
                    Json.obj()
                            .put("code", "INTERNAL_ERROR")
                            .<ObjectNode>set("details", Json.obj())
                            .put("message", "Internal Server Error")
                            .put("status", "error"));
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
            m.forEach((k, v) -> form.put(
                    String.valueOf(k),
                    v instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : String.valueOf(v)));
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
        return new SandboxRequest(
                method,
                path,
                SandboxRequest.segments(path, prefix),
                rawQuery,
                SandboxRequest.parseQuery(rawQuery),
                headers,
                body,
                form,
                baseUrl);
    }

    private static void write(Exchange exchange, SandboxResponse resp) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, resp.status());
        // Real APIs send their clock; connectors use it to bound incremental watermarks.
        out.setHeader(
                "Date",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
        resp.headers().forEach(out::setHeader);
        if (resp.body() == null) {
            out.setBody(null);
        } else {
            out.setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
            out.setBody(Json.bytes(resp.body()));
        }
    }
}
