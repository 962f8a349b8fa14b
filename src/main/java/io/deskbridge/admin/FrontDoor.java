package io.deskbridge.admin;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * What the HTTP server answers before and around the routes, so every answer has the one JSON error shape
 * {@code {"status","error","message"}}: an unknown path is 404, a known path with another method is 405
 * with its {@code Allow} header, HEAD is answered as GET without a body, and the server's own refusals
 * (a body too large, a form it cannot decode) are JSON too, logged as one short line at most: they come
 * before authentication, and a stranger must not be able to fill the log. The OpenAPI document needs a
 * token like every other call.
 */
public final class FrontDoor {

    public static final String OPENAPI_PATH = "/openapi.json";
    private static final int[] SERVER_ERRORS = {400, 404, 405, 413, 414, 415, 431, 500};

    private final AdminTokens tokens;

    private FrontDoor(AdminTokens tokens) {
        this.tokens = tokens;
    }

    /** Installs the front door on the main HTTP server as soon as the server exists, before any route starts. */
    public static void install(CamelContext context, AdminTokens tokens) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextRoutesStartingEvent) {
                    FrontDoor door = new FrontDoor(tokens);
                    for (VertxPlatformHttpRouter router :
                            context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
                        if (router.isMainServer()) {
                            door.on(router);
                        }
                        door.errorHandlers(router);
                        // Failures the server meets before a route has the request (a form it cannot decode)
                        // end in the server's top router, in which the routes' router is mounted.
                        if (router.getServer().getServer().requestHandler() instanceof Router top && top != router) {
                            door.errorHandlers(top);
                        }
                    }
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextRoutesStartingEvent;
            }
        });
    }

    private void on(Router router) {
        // Camel serves the document on every path that starts with it (/openapi.json.yaml, /openapi.json/x).
        router.route(OPENAPI_PATH + "*").order(Integer.MIN_VALUE).handler(this::openApiNeedsToken);
        router.route().last().handler(ctx -> noRoute(router, ctx));
    }

    private void errorHandlers(Router router) {
        for (int status : SERVER_ERRORS) {
            router.errorHandler(status, ctx -> answer(ctx, status, message(ctx, status)));
        }
    }

    private void openApiNeedsToken(RoutingContext ctx) {
        String header = ctx.request().headers().getAll("Authorization").size() == 1
                ? ctx.request().getHeader("Authorization")
                : null;
        if (tokens.authenticate(header).isPresent()) {
            // camel-openapi names the server from Host and X-Forwarded-*; without a proxy's X-Forwarded-Proto
            // it would name none, so the scheme this request came in with stands in for it.
            if (ctx.request().getHeader("X-Forwarded-Proto") == null) {
                ctx.request().headers().set("X-Forwarded-Proto", ctx.request().scheme());
            }
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"deskbridge\"");
            answer(
                    ctx,
                    401,
                    header == null ? "missing Authorization: Bearer <token>" : "the bearer token is not valid");
        }
    }

    /** No route took the request: HEAD of a GET route is answered as GET; a known path is 405; else 404. */
    private void noRoute(Router router, RoutingContext ctx) {
        Set<String> allowed = allowedMethods(router, ctx.normalizedPath());
        if (ctx.request().method() == HttpMethod.HEAD && allowed.contains("GET")) {
            // The response remembers it answers a HEAD and sends no body.
            ctx.reroute(HttpMethod.GET, ctx.request().uri());
        } else if (allowed.isEmpty()) {
            answer(ctx, 404, "no such path: " + ctx.request().method() + " " + ctx.normalizedPath());
        } else {
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            ctx.response().putHeader("Allow", String.join(", ", allowed));
            answer(
                    ctx,
                    405,
                    "method " + ctx.request().method() + " is not allowed on " + ctx.normalizedPath() + "; allowed: "
                            + String.join(", ", allowed));
        }
    }

    /** The methods of the routes whose path template matches this path ({@code :name} is one segment, {@code *} the rest). */
    static Set<String> allowedMethods(Router router, String path) {
        Set<String> out = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String template = route.getPath();
            if (template == null || route.methods() == null || !matches(template, path)) {
                continue;
            }
            route.methods().forEach(m -> out.add(m.name()));
        }
        return out;
    }

    static boolean matches(String template, String path) {
        if (template.endsWith("*")) {
            return path.startsWith(template.substring(0, template.length() - 1));
        }
        String[] t = trim(template).split("/");
        String[] p = trim(path).split("/");
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!t[i].startsWith(":") && !t[i].startsWith("{") && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String message(RoutingContext ctx, int status) {
        return switch (status) {
            case 400 ->
                "the request could not be read"
                        + (ctx.failure() == null || ctx.failure().getMessage() == null
                                ? ""
                                : ": " + ctx.failure().getMessage());
            case 404 -> "no such path: " + ctx.request().method() + " " + ctx.normalizedPath();
            case 405 -> "method " + ctx.request().method() + " is not allowed on " + ctx.normalizedPath();
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 415 -> "unsupported content type";
            case 431 -> "the request headers are too large";
            default -> "internal error";
        };
    }

    private static void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(AdminJson.write(new AdminException(status, message).answer()));
    }
}
