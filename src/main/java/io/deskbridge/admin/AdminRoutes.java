package io.deskbridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.Audit;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The admin REST API of DESIGN.md on the embedded HTTP server, described at {@code /openapi.json}.
 * Every call needs {@code Authorization: Bearer <token>} (401 without); viewer tokens may only read
 * (403 on changes); every change is written to the audit log. Answers are JSON, and every error has
 * one shape: {@code {"status","error","message"}} (plus {@code "problems"} when there are several).
 */
public final class AdminRoutes extends RouteBuilder {

    private static final String CALLER = "deskbridgeCaller";
    private static final String BEARER = "bearer";
    private static final String AUDIT_ACTION = "deskbridgeAuditAction";
    private static final String AUDIT_TARGET = "deskbridgeAuditTarget";
    private final AdminApi api;
    private final AdminTokens tokens;
    private final Audit audit;
    private final ObjectMapper json = new ObjectMapper();
    private RestDefinition admin;

    /** A query parameter an endpoint takes; all are optional. */
    private record Query(String name, String type, String description) {
        Query(String name, String description) {
            this(name, "string", description);
        }
    }

    private static final Query LIMIT = new Query("limit", "integer", "how many items (a page)");
    private static final Query OFFSET = new Query("offset", "integer", "how many items to skip");
    private static final Query KIND = new Query("kind", "EXCLUDED, CONFLICT, FAILED or DELETED");
    private static final Query REASON_CODE = new Query("reasonCode", "a reason code, e.g. NO_EMAIL or INVALID_EMAIL");
    private static final java.util.Map<String, String> LIFECYCLE = java.util.Map.of(
            "activate", "Activate (after checking credentials, the Desk org and the field map)",
            "pause", "Pause; a run in progress stops at its next batch",
            "disable", "Disable; what exists on both sides stays");
    /** The audit action of a read: reads need any token and are not audited; a change needs an admin token. */
    private static final String READ = null;

    public AdminRoutes(AdminApi api, AdminTokens tokens, Audit audit) {
        this.api = api;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public void configure() {
        FrontDoor.install(getCamelContext(), tokens);
        // The document's server is the address the client fetched it from (see FrontDoor), not the address the
        // server binds (0.0.0.0, without a port).
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off).useXForwardHeaders(true)
                .apiContextPath(FrontDoor.OPENAPI_PATH)
                .apiProperty("api.title", "Deskbridge admin API")
                .apiProperty("api.version", "1")
                .apiProperty("api.description", "Steer the CRM <-> help-desk syncs. Every call needs Authorization: Bearer <token>.");

        onException(Exception.class).handled(true).process(e -> {
            Exception ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            AdminException admin = ex instanceof AdminException a ? a : null;
            if (admin == null) {
                log.error("Admin call failed", ex);
                admin = new AdminException(500, "internal error: " + ex.getClass().getSimpleName());
            }
            audited(e, admin.status(), admin.getMessage());
            ObjectNode body = json.createObjectNode().put("status", admin.status()).put("error", admin.error())
                    .put("message", admin.getMessage());
            if (!admin.problems().isEmpty()) {
                admin.problems().forEach(body.putArray("problems")::add);
            }
            reply(e, new AdminApi.Reply(admin.status(), body));
        });

        admin = rest("/admin").description("Deskbridge administration").produces("application/json")
                .securityDefinitions().bearerToken(BEARER, "An admin token (may do everything) or a viewer token (may only read)", "opaque")
                .end();
        endpoint("get", "/syncs", "admin-list-syncs", "All syncs with their state", READ, r -> api.listSyncs());
        endpoint("get", "/syncs/{sync}", "admin-get-sync", "One sync: state, direction, last run, next run, record health",
                READ, r -> api.getSync(r.path("sync")));
        for (String action : new String[] {"activate", "pause", "disable"}) {
            endpoint("post", "/syncs/{sync}/" + action, "admin-" + action, LIFECYCLE.get(action), action,
                    r -> api.lifecycle(r.path("sync"), action));
            endpoint("post", "/integration/" + action, "admin-integration-" + action, LIFECYCLE.get(action) + ", every sync",
                    "integration " + action, r -> api.integration(action));
        }
        endpoint("post", "/syncs/{sync}/run", "admin-run-sync", "Start a run now; 202 with its runId", "run",
                r -> api.run(r.path("sync")));
        endpoint("get", "/syncs/{sync}/runs", "admin-list-runs", "Run history, newest first", READ,
                r -> api.listRuns(r.path("sync"), r.query("limit"), r.query("offset")), LIMIT, OFFSET);
        endpoint("get", "/syncs/{sync}/runs/{runId}", "admin-get-run", "One run", READ,
                r -> api.getRun(r.path("sync"), r.path("runId")));
        endpoint("get", "/syncs/{sync}/runs/{runId}/conflicts", "admin-run-conflicts",
                "Fields both sides changed, settled in this run", READ, r -> api.runConflicts(r.path("sync"), r.path("runId")));
        endpoint("get", "/syncs/{sync}/errors", "admin-list-errors", "Records excluded, in conflict, failed or deleted, with reasons",
                READ, r -> api.errors(r.path("sync"), r.query("kind"), r.query("reasonCode"), r.query("limit"), r.query("offset")),
                KIND, REASON_CODE, LIMIT, OFFSET);
        endpoint("post", "/syncs/{sync}/errors/replay", "admin-replay-all",
                "Queue again every kept record of a kind (FAILED by default) or of a reason code, and run",
                "replay all", r -> api.replayAll(r.path("sync"), r.query("kind"), r.query("reasonCode"), r.body()),
                KIND, REASON_CODE);
        endpoint("post", "/syncs/{sync}/errors/{id}/replay", "admin-replay", "Queue one kept record again and run",
                "replay", r -> api.replay(r.path("sync"), r.path("id")));
        endpoint("get", "/syncs/{sync}/links", "admin-links", "How a customer's records are tied, by email, crmId or deskId", READ,
                r -> api.links(r.path("sync"), r.query("email"), r.query("crmId"), r.query("deskId")),
                new Query("email", "a customer's email (or an account's name)"), new Query("crmId", "a CRM record id"),
                new Query("deskId", "a Desk record id"));
        endpoint("get", "/audit", "admin-audit", "Changes made through this API, newest first", READ,
                r -> api.audit(r.query("limit"), r.query("offset")), LIMIT, OFFSET);
    }

    /**
     * One call of the API: its REST verb (documented in the OpenAPI document, with its path and query
     * parameters) and the route that authenticates, authorises, audits and answers it.
     */
    private void endpoint(String verb, String path, String id, String description, String auditAction,
                          Function<AdminRequest, AdminApi.Reply> action, Query... query) {
        RestDefinition rest = admin.verb(verb, path).id(id).description(description).security(BEARER);
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
        while (names.find()) {
            rest.param().name(names.group(1)).type(RestParamType.path).required(true).dataType("string").endParam();
        }
        java.util.Set<String> declared = new java.util.LinkedHashSet<>();
        for (Query q : query) {
            rest.param().name(q.name()).type(RestParamType.query).required(false).dataType(q.type())
                    .description(q.description()).endParam();
            declared.add(q.name());
        }
        rest.to("direct:" + id);
        String template = "/admin" + path;
        from("direct:" + id).routeId(id).process(e -> {
            if (auditAction != null) {
                e.setProperty(AUDIT_ACTION, auditAction);
                e.setProperty(AUDIT_TARGET, target(AdminRequest.pathParameters(template, requestPath(e))));
            }
            AdminRequest request = AdminRequest.of(e, template);
            authenticate(e, request, auditAction == null ? null : AdminTokens.Role.ADMIN);
            request.onlyQuery(declared);
            AdminApi.Reply reply = action.apply(request);
            if (auditAction != null) {
                audited(e, reply.status(), reply.detail());
            }
            reply(e, reply);
        });
    }

    private void authenticate(Exchange e, AdminRequest request, AdminTokens.Role needed) {
        String header = request.authorization();
        AdminTokens.Caller caller = tokens.authenticate(header)
                .orElseThrow(() -> new AdminException(401, header == null ? "missing Authorization: Bearer <token>"
                        : "the bearer token is not valid"));
        e.setProperty(CALLER, caller);
        if (needed == AdminTokens.Role.ADMIN && caller.role() != AdminTokens.Role.ADMIN) {
            throw new AdminException(403, "the token '" + caller.name() + "' may only read; this call needs an admin token");
        }
    }

    /** Writes the audit entry of a change made by an authenticated caller (reads are not audited). */
    private void audited(Exchange e, int status, String detail) {
        String action = e.getProperty(AUDIT_ACTION, String.class);
        AdminTokens.Caller caller = e.getProperty(CALLER, AdminTokens.Caller.class);
        if (action != null && caller != null) {
            audit.record(caller.name(), caller.role().name(), action, e.getProperty(AUDIT_TARGET, String.class), status, detail);
            e.removeProperty(AUDIT_ACTION);
        }
    }

    /** What a change acts on, from its path only: a sync, one of its errors, or the whole integration. */
    private static String target(java.util.Map<String, String> path) {
        String sync = path.get("sync");
        String id = path.get("id");
        return sync == null ? "integration" : id == null ? sync : sync + "/errors/" + id;
    }

    private static String requestPath(Exchange e) {
        return e.getIn() instanceof org.apache.camel.component.platform.http.vertx.HttpMessage m && m.getRequest() != null
                ? m.getRequest().path() : "";
    }

    /** Answers with only our own headers: request headers (the token among them) must not echo back. */
    private void reply(Exchange e, AdminApi.Reply reply) throws Exception {
        Message m = e.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (reply.status() == 401) {
            m.setHeader("WWW-Authenticate", "Bearer realm=\"deskbridge\"");
        }
        m.setBody(json.writeValueAsString(reply.body()));
    }

}
