package io.deskbridge;

import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * {@code /observe/info} on the management port, showing the Deskbridge version only. Camel's own info page also
 * shows the kernel version, the pid, the user and the working and home folders, which tell an attacker more
 * than an operator needs; application.properties turns it off ({@code camel.management.info-enabled = false})
 * and this one answers on its path instead (first, should Camel's be turned on again).
 */
final class ManagementInfo {

    private static final String PATH = "/observe/info";

    private ManagementInfo() {}

    static void serve(CamelContext context, Settings settings) {
        if (!settings.flag("camel.management.enabled", false)) {
            return;
        }
        String body = "{\"version\":\"" + version() + "\"}";
        // The management router exists once Camel has started its services.
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
                if (server != null && server.getRouter() != null) {
                    server.getRouter()
                            .route(PATH)
                            .order(-1)
                            .method(HttpMethod.GET)
                            .handler(rc -> rc.response()
                                    .putHeader("content-type", "application/json")
                                    .end(body));
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }
        });
    }

    /** The version the jar was built as; a build run from the classes folder has none. */
    static String version() {
        try (InputStream in =
                ManagementInfo.class.getResourceAsStream("/META-INF/maven/io.deskbridge/deskbridge/pom.properties")) {
            if (in == null) {
                return "development build";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
