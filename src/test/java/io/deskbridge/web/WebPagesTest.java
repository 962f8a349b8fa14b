package io.deskbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.model.ConfigurationException;
import io.deskbridge.support.RunningDeskbridge;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the two pages are served with, and that nothing but them and their assets can be reached that way. */
class WebPagesTest {

    @TempDir
    static Path dir;

    static RunningDeskbridge app;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put(FrameOrigins.KEY, "https://crm.zoho.eu, https://*.zappsusercontent.eu/");
        app = RunningDeskbridge.start(p);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void theStatusPageIsServedWithoutATokenAndMayNotBeFramed() throws Exception {
        HttpResponse<String> r = app.call("GET", "/", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
        assertTrue(r.body().contains("/assets/status.js"), r.body());
        String csp = header(r, "Content-Security-Policy");
        assertTrue(csp.endsWith("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", header(r, "X-Frame-Options"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    }

    @Test
    void theWidgetMayBeFramedByTheConfiguredOriginsOnly() throws Exception {
        HttpResponse<String> r = app.call("GET", "/widget/tickets?module=Contacts&id=1", null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("/assets/widget-tickets.js"), r.body());
        assertTrue(
                header(r, "Content-Security-Policy")
                        .endsWith("frame-ancestors 'self' https://crm.zoho.eu https://*.zappsusercontent.eu"),
                header(r, "Content-Security-Policy"));
        // The older header cannot name origins (ALLOW-FROM is gone from browsers); sent, it would forbid the CRM.
        assertTrue(r.headers().firstValue("X-Frame-Options").isEmpty());
    }

    @Test
    void assetsAreServedWithTheirTypes() throws Exception {
        HttpResponse<String> js = app.call("GET", "/assets/status.js", null);
        assertEquals(200, js.statusCode(), js.body());
        assertEquals("text/javascript; charset=utf-8", header(js, "Content-Type"));
        HttpResponse<String> css = app.call("GET", "/assets/deskbridge.css", null);
        assertEquals("text/css; charset=utf-8", header(css, "Content-Type"));
    }

    @Test
    void nothingElseIsReachable() throws Exception {
        for (String path : List.of(
                "/application.properties",
                "/data/admin.token",
                "/pom.xml",
                "/web/status.html",
                "/assets/..%2Fstatus.html",
                "/assets/%2E%2E%2F%2E%2E%2Flog4j2.properties",
                "/assets/log4j2.properties",
                "/assets/missing.js",
                "/index.html")) {
            HttpResponse<String> r = app.call("GET", path, null);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().contains("\"status\":404"), path + ": " + r.body());
        }
        assertEquals(405, app.call("POST", "/", null).statusCode());
    }

    @Test
    void headIsAnsweredAsGetWithoutABodyForUptimeChecks() throws Exception {
        for (String path : List.of("/", "/widget/tickets", "/assets/status.js")) {
            HttpResponse<String> r = app.call("HEAD", path, null);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            assertEquals("", r.body(), path);
        }
    }

    @Test
    void frameOriginsAreOriginsOnly() {
        assertEquals(List.of(), FrameOrigins.parse("").origins());
        assertEquals("'self'", FrameOrigins.parse(" ").frameAncestors());
        assertEquals(
                List.of("https://crm.zoho.com", "http://127.0.0.1:8080", "https://*.zappsusercontent.com"),
                FrameOrigins.parse("https://CRM.zoho.com http://127.0.0.1:8080,https://*.zappsusercontent.com")
                        .origins());
        for (String wrong : List.of(
                "crm.zoho.com", "https://crm.zoho.com/crm/tab", "*", "'unsafe-inline'", "https://*", "ftp://x.y")) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> FrameOrigins.parse(wrong));
            assertTrue(e.getMessage().startsWith(FrameOrigins.KEY + ": '" + wrong + "'"), e.getMessage());
        }
        assertFalse(FrameOrigins.parse("https://a.example").frameAncestors().contains("'none'"));
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }
}
