package io.deskbridge;

import org.apache.camel.main.Main;

/** Starts Deskbridge: camel-main with the YAML routes under routes/ and the beans of {@link DeskbridgeConfiguration}. */
public final class Deskbridge {

    private Deskbridge() {}

    public static void main(String[] args) throws Exception {
        newMain().run(args);
    }

    /** The runtime as {@code java -jar} starts it; tests start exactly this. */
    public static Main newMain() {
        Main main = new Main();
        main.configure().addConfiguration(DeskbridgeConfiguration.class);
        return main;
    }
}
