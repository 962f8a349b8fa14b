package io.deskbridge;

import io.deskbridge.model.ConfigurationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Checks, before Camel starts its HTTP servers, that each one can bind its host and port. Camel's Vert.x server
 * only logs a WARN when the port is taken and starts anyway: health says UP and the OAuth calls to the embedded
 * sandbox reach whatever holds the port. A port held by another process is a configuration error instead.
 */
final class ServerPorts {

    private ServerPorts() {}

    static void requireBindable(Settings settings) {
        requireBindable(settings, "camel.server", 8080);
        requireBindable(settings, "camel.management", 9876);
        // Camel takes any text here; a value it cannot read would refuse every body, the OAuth grants included.
        settings.integer("camel.server.max-body-size", 1_048_576, 1024, Integer.MAX_VALUE);
    }

    /** The port the admin API (and the embedded sandbox) answer on. */
    static int serverPort(Settings settings) {
        return settings.integer("camel.server.port", 8080, 0, 65535);
    }

    private static void requireBindable(Settings settings, String prefix, int defaultPort) {
        int port = settings.integer(prefix + ".port", defaultPort, 0, 65535);
        if (!settings.flag(prefix + ".enabled", false) || port == 0) {
            return;
        }
        String host = settings.optional(prefix + ".host", "0.0.0.0");
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigurationException(prefix + ".host = '" + host + "' is not an address of this machine");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Vert.x does: a port in TIME_WAIT is free, one that is listened on is not
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new ConfigurationException(prefix + ".port = " + port + ": cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + "); another process holds it, or the host is not this machine's");
        }
    }
}
