package io.deskbridge;

import org.apache.camel.main.Main;

/** Starts Deskbridge: camel-main with the YAML routes under routes/ and the beans of {@link DeskbridgeConfiguration}. */
public final class Deskbridge {

    private Deskbridge() {}

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(DeskbridgeConfiguration.class);
        main.run(args);
    }
}
