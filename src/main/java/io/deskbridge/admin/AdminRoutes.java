package io.deskbridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.store.Audit;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;

/**
 * The admin REST API of DESIGN.md on the embedded HTTP server, described at {@code /openapi.json}.
 * Every call needs {@code Authorization: Bearer <token>} (401 without); viewer tokens may only read
 * (403 on changes); every change is written to the audit log. Answers are JSON, and every error has
 * one shape: {@code {"status","error","message"}} (plus {@code "problems"} when there are several).
 */
public final class AdminRoutes extends RouteBuilder {

    private static final String CALLER = "deskbridgeCaller";
    private static final String AUDIT_ACTION = "deskbridgeAuditAction";
    private static final String AUDIT_TARGET = "deskbridgeAuditTarget";
    private final AdminApi api;
    private final AdminTokens tokens;
    private final Audit audit;
    private final ObjectMapper json = new ObjectMapper();

    public AdminRoutes(AdminApi api, AdminTokens tokens, Audit audit) {
        this.api = api;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                .apiContextPath("/openapi.json")
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

        rest("/admin").description("Deskbridge administration").produces("application/json")
                .get("/syncs").id("admin-list-syncs").description("All syncs with their state").to("direct:admin-list-syncs")
                .get("/syncs/{sync}").id("admin-get-sync").description("One sync: state, direction, last run, next run, record health")
                    .param().name("sync").type(RestParamType.path).description("accounts or contacts").endParam()
                    .to("direct:admin-get-sync")
                .post("/syncs/{sync}/activate").id("admin-activate").description("Activate (after checking credentials, the Desk org and the field map)")
                    .to("direct:admin-activate")
                .post("/syncs/{sync}/pause").id("admin-pause").description("Pause; a run in progress stops at its next batch")
                    .to("direct:admin-pause")
                .post("/syncs/{sync}/disable").id("admin-disable").description("Disable; what exists on both sides stays")
                    .to("direct:admin-disable")
                .post("/syncs/{sync}/run").id("admin-run-sync").description("Start a run now; 202 with its runId")
                    .to("direct:admin-run-sync")
                .get("/syncs/{sync}/runs").id("admin-list-runs").description("Run history, newest first")
                    .param().name("limit").type(RestParamType.query).endParam()
                    .param().name("offset").type(RestParamType.query).endParam()
                    .to("direct:admin-list-runs")
                .get("/syncs/{sync}/runs/{runId}").id("admin-get-run").description("One run").to("direct:admin-get-run")
                .get("/syncs/{sync}/runs/{runId}/conflicts").id("admin-run-conflicts")
                    .description("Fields both sides changed, settled in this run").to("direct:admin-run-conflicts")
                .get("/syncs/{sync}/errors").id("admin-list-errors").description("Records excluded, in conflict, failed or deleted, with reasons")
                    .param().name("kind").type(RestParamType.query).description("EXCLUDED, CONFLICT, FAILED or DELETED").endParam()
                    .param().name("reasonCode").type(RestParamType.query).endParam()
                    .param().name("limit").type(RestParamType.query).endParam()
                    .param().name("offset").type(RestParamType.query).endParam()
                    .to("direct:admin-list-errors")
                .post("/syncs/{sync}/errors/replay").id("admin-replay-all")
                    .description("Queue again every kept record of a kind (FAILED by default) and run")
                    .to("direct:admin-replay-all")
                .post("/syncs/{sync}/errors/{id}/replay").id("admin-replay").description("Queue one kept record again and run")
                    .to("direct:admin-replay")
                .get("/syncs/{sync}/links").id("admin-links").description("How a customer's records are tied, by email, crmId or deskId")
                    .param().name("email").type(RestParamType.query).endParam()
                    .param().name("crmId").type(RestParamType.query).endParam()
                    .param().name("deskId").type(RestParamType.query).endParam()
                    .to("direct:admin-links")
                .post("/integration/activate").id("admin-integration-activate").description("Activate every sync")
                    .to("direct:admin-integration-activate")
                .post("/integration/pause").id("admin-integration-pause").description("Pause every sync")
                    .to("direct:admin-integration-pause")
                .post("/integration/disable").id("admin-integration-disable").description("Disable every sync")
                    .to("direct:admin-integration-disable")
                .get("/audit").id("admin-audit").description("Changes made through this API, newest first")
                    .to("direct:admin-audit");

        read("admin-list-syncs", m -> api.listSyncs());
        read("admin-get-sync", m -> api.getSync(sync(m)));
        read("admin-list-runs", m -> api.listRuns(sync(m), q(m, "limit"), q(m, "offset")));
        read("admin-get-run", m -> api.getRun(sync(m), q(m, "runId")));
        read("admin-run-conflicts", m -> api.runConflicts(sync(m), q(m, "runId")));
        read("admin-list-errors", m -> api.errors(sync(m), q(m, "kind"), q(m, "reasonCode"), q(m, "limit"), q(m, "offset")));
        read("admin-links", m -> api.links(sync(m), q(m, "email"), q(m, "crmId"), q(m, "deskId")));
        read("admin-audit", m -> api.audit(q(m, "limit"), q(m, "offset")));
        for (String action : new String[] {"activate", "pause", "disable"}) {
            change("admin-" + action, action, m -> api.lifecycle(sync(m), action));
            change("admin-integration-" + action, "integration " + action, m -> api.integration(action));
        }
        change("admin-run-sync", "run", m -> api.run(sync(m)));
        change("admin-replay", "replay", m -> api.replay(sync(m), q(m, "id")));
        change("admin-replay-all", "replay all", m -> api.replayAll(sync(m), q(m, "kind"), q(m, "reasonCode"),
                m.getBody(String.class)));
    }

    private void read(String id, Function<Message, AdminApi.Reply> action) {
        from("direct:" + id).routeId(id).process(e -> {
            authenticate(e, null);
            reply(e, action.apply(e.getMessage()));
        });
    }

    /** A call that changes something: admins only, and written to the audit log whatever its outcome. */
    private void change(String id, String auditAction, Function<Message, AdminApi.Reply> action) {
        from("direct:" + id).routeId(id).process(e -> {
            e.setProperty(AUDIT_ACTION, auditAction);
            e.setProperty(AUDIT_TARGET, target(e.getMessage()));
            authenticate(e, AdminTokens.Role.ADMIN);
            AdminApi.Reply reply = action.apply(e.getMessage());
            audited(e, reply.status(), reply.detail());
            reply(e, reply);
        });
    }

    private void authenticate(Exchange e, AdminTokens.Role needed) {
        String header = e.getMessage().getHeader("Authorization", String.class);
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

    private static String target(Message m) {
        String sync = m.getHeader("sync", String.class);
        String id = m.getHeader("id", String.class);
        return sync == null ? "integration" : id == null ? sync : sync + "/errors/" + id;
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

    private static String sync(Message m) {
        return m.getHeader("sync", String.class);
    }

    private static String q(Message m, String name) {
        return m.getHeader(name, String.class);
    }
}
