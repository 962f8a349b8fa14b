package io.deskbridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * The admin REST API of DESIGN.md on the embedded HTTP server. Every call needs
 * {@code Authorization: Bearer <token>}; answers are JSON, errors {@code {"status","error","message"}}.
 */
public final class AdminRoutes extends RouteBuilder {

    private final AdminApi api;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();

    public AdminRoutes(AdminApi api, String token) {
        this.api = api;
        this.token = token;
    }

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        onException(AdminException.class).handled(true).process(e -> {
            AdminException ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, AdminException.class);
            reply(e, new AdminApi.Reply(ex.status(), error(ex.status(), ex.error(), ex.getMessage())));
        });
        onException(Exception.class).handled(true).process(e -> {
            Exception ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            log.error("Admin call failed", ex);
            reply(e, new AdminApi.Reply(500, error(500, "error", "internal error: " + ex.getClass().getSimpleName())));
        });

        rest("/admin").produces("application/json")
                .get("/syncs").id("admin-list-syncs").to("direct:admin-list-syncs")
                .get("/syncs/{sync}").id("admin-get-sync").to("direct:admin-get-sync")
                .post("/syncs/{sync}/run").id("admin-run-sync").to("direct:admin-run-sync")
                .get("/syncs/{sync}/runs/{runId}").id("admin-get-run").to("direct:admin-get-run")
                .get("/syncs/{sync}/runs/{runId}/conflicts").id("admin-run-conflicts").to("direct:admin-run-conflicts")
                .get("/syncs/{sync}/errors").id("admin-list-errors").to("direct:admin-list-errors");

        call("admin-list-syncs", m -> api.listSyncs());
        call("admin-get-sync", m -> api.getSync(m.getHeader("sync", String.class)));
        call("admin-run-sync", m -> api.run(m.getHeader("sync", String.class)));
        call("admin-get-run", m -> api.getRun(m.getHeader("sync", String.class), m.getHeader("runId", String.class)));
        call("admin-run-conflicts", m -> api.runConflicts(m.getHeader("sync", String.class), m.getHeader("runId", String.class)));
        call("admin-list-errors", m -> api.errors(m.getHeader("sync", String.class), m.getHeader("kind", String.class),
                m.getHeader("limit", String.class), m.getHeader("offset", String.class)));
    }

    private void call(String id, Function<Message, AdminApi.Reply> action) {
        from("direct:" + id).routeId(id).process(e -> {
            authenticate(e.getMessage());
            reply(e, action.apply(e.getMessage()));
        });
    }

    private void authenticate(Message m) {
        String header = m.getHeader("Authorization", String.class);
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (!AdminToken.matches(token, presented)) {
            throw new AdminException(401, header == null ? "missing Authorization: Bearer <token>"
                    : "the bearer token is not valid");
        }
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

    private ObjectNode error(int status, String error, String message) {
        ObjectNode o = json.createObjectNode();
        o.put("status", status);
        o.put("error", error);
        o.put("message", message);
        return o;
    }
}
