package io.deskbridge;

import org.apache.camel.main.Main;

/** Starts Deskbridge: camel-main with the YAML routes under routes/ and the beans of {@link DeskbridgeConfiguration}. */
public final class Deskbridge {

    private Deskbridge() {}

    public static void main(String[] args) throws Exception {
        try {
            newMain().run(args);
        } catch (Exception e) {
            Throwable reason = setupProblem(e);
            if (reason == null) {
                throw e;
            }
            // A configuration mistake gets one clear line, not a stack trace.
            System.err.println("Deskbridge cannot start: " + reason.getMessage());
            System.exit(2);
        }
    }

    /** The configuration or field map error behind a failed start, or null when it was something else. */
    static Throwable setupProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException || t instanceof io.deskbridge.sync.map.FieldMapException) {
                return t;
            }
        }
        return null;
    }

    /** The runtime as {@code java -jar} starts it; tests start exactly this. */
    public static Main newMain() {
        Main main = new Main();
        main.configure().addConfiguration(DeskbridgeConfiguration.class);
        return main;
    }
}
