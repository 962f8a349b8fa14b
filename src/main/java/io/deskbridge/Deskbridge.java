package io.deskbridge;

import io.deskbridge.model.ConfigurationException;
import org.apache.camel.main.Main;

/**
 * Starts Deskbridge: camel-main with the YAML routes under routes/ and the beans of
 * {@link DeskbridgeConfiguration}. With the argument {@code sandbox} it serves only the sandbox.
 */
public final class Deskbridge {

    /** The exit code of a start refused for a configuration mistake. */
    static final int CONFIGURATION_ERROR = 2;

    /** The registry bean Camel's Prometheus service serves (MicrometerConstants.METRICS_REGISTRY_NAME). */
    static final String METRICS_REGISTRY = "metricsRegistry";

    /**
     * An application.properties in the working folder, if there is one, then the packaged one: the first location
     * that has a key wins, so a local file overrides the keys it sets. Environment variables and -D still win.
     */
    static final String PROPERTIES =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private Deskbridge() {}

    public static void main(String[] args) throws Exception {
        boolean sandbox = args.length > 0 && args[0].equals("sandbox");
        Main main = sandbox ? sandboxMain() : newMain();
        try {
            main.run(sandbox ? java.util.Arrays.copyOfRange(args, 1, args.length) : args);
        } catch (Exception e) {
            Throwable reason = setupProblem(e);
            if (reason == null) {
                throw e;
            }
            // A configuration mistake gets one clear line, not a stack trace; and no "shutdown hook triggered by
            // SIGTERM" from Camel, as no signal was sent: marking the main completed makes its hook do nothing.
            main.getShutdownStrategy().shutdown();
            System.err.println("Deskbridge cannot start: " + reason.getMessage());
            System.exit(CONFIGURATION_ERROR);
        }
    }

    /** Only the simulated Zoho CRM and Desk, no syncs and no admin API. */
    public static Main sandboxMain() {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(PROPERTIES);
        main.configure().addConfiguration(SandboxConfiguration.class);
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:no-routes-in-sandbox-mode/*");
        main.addOverrideProperty("deskbridge.sandbox.enabled", "true");
        return main;
    }

    /** The configuration or field map error behind a failed start, or null when it was something else. */
    static Throwable setupProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException || t instanceof io.deskbridge.sync.definition.FieldMapException) {
                return t;
            }
        }
        return null;
    }

    /** The runtime as {@code java -jar} starts it; tests start exactly this. */
    public static Main newMain() {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(PROPERTIES);
        // The startup, not the product's wiring, decides whether the simulated systems run beside it; they are
        // set up first, so the connectors' first calls find them.
        main.configure().addConfiguration(SandboxConfiguration.WhenEnabled.class);
        main.configure().addConfiguration(DeskbridgeConfiguration.class);
        // Camel's Prometheus service looks its registry up while the context is built, before the configurations run:
        // bound here, it serves Deskbridge's meters (io.deskbridge.observe) beside Camel's at /observe/metrics.
        main.bind(
                METRICS_REGISTRY,
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
        return main;
    }
}
