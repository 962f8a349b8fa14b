package io.deskbridge.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The status page at {@code /} and the CRM ticket widget at {@code /widget/tickets}: fixed files from the classpath
 * folder {@code web/}, plain HTML, CSS and JS that read only the public admin API with the token the user types.
 *
 * <p>Served by routes of their own, not Camel's static serving ({@code camel.server.staticEnabled}), which would also
 * serve the working folder: application.properties and the generated admin token. Only the two pages and the files
 * under {@code web/assets/} whose names are plain are served; nothing else is reachable.
 *
 * <p>The pages run no inline script and load nothing from elsewhere (a strict Content-Security-Policy). The status page
 * may not be framed at all; the widget only by the CRM origins an admin configured ({@link FrameOrigins}).
 */
public final class WebPages extends RouteBuilder {

    static final String STATUS_PAGE = "web/status.html";
    static final String WIDGET_PAGE = "web/widget-tickets.html";
    /** An asset's name: no folder, no dot-dot, a known type. */
    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(js|css|svg)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** Everything from this origin, nothing inline, nothing from elsewhere; frame-ancestors is added per page. */
    private static final String POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ";

    private final FrameOrigins widgetFramers;

    public WebPages(FrameOrigins widgetFramers) {
        this.widgetFramers = widgetFramers;
    }

    @Override
    public void configure() {
        from("platform-http:/?httpMethodRestrict=GET")
                .routeId("web-status-page")
                .process(e -> page(e, STATUS_PAGE, "'none'", true));
        from("platform-http:/widget/tickets?httpMethodRestrict=GET")
                .routeId("web-ticket-widget")
                .process(e -> page(e, WIDGET_PAGE, widgetFramers.frameAncestors(), false));
        from("platform-http:/assets/{name}?httpMethodRestrict=GET")
                .routeId("web-assets")
                .process(this::asset);
    }

    private static void page(Exchange e, String resource, String frameAncestors, boolean denyFraming)
            throws IOException {
        Message m = answer(e, resource);
        m.setHeader("Content-Security-Policy", POLICY + frameAncestors);
        if (denyFraming) {
            // For browsers that still honour only the older header.
            m.setHeader("X-Frame-Options", "DENY");
        }
    }

    private void asset(Exchange e) throws IOException {
        String name = e.getMessage().getHeader("name", String.class);
        if (name == null || !ASSET.matcher(name).matches() || resource("web/assets/" + name) == null) {
            Message m = e.getMessage();
            m.removeHeaders("*");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
            m.setBody(io.deskbridge.admin.AdminJson.write(
                    new io.deskbridge.admin.AdminException(404, "no such asset: " + (name == null ? "" : name))
                            .answer()));
            return;
        }
        answer(e, "web/assets/" + name);
    }

    /** The resource as the answer, with only our own headers (request headers must not echo back). */
    private static Message answer(Exchange e, String resource) throws IOException {
        Message m = e.getMessage();
        m.removeHeaders("*");
        try (InputStream in = resource(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            m.setBody(in.readAllBytes());
        }
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)));
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("Referrer-Policy", "no-referrer");
        // Always asked again: a page from an older version must not stay in a browser's cache after an upgrade.
        m.setHeader("Cache-Control", "no-cache");
        return m;
    }

    private static InputStream resource(String name) {
        return WebPages.class.getClassLoader().getResourceAsStream(name);
    }
}
