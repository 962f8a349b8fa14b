package io.deskbridge;

import io.deskbridge.model.ConfigurationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code deskbridge.sandbox.enabled} and the URLs of the systems (Zoho, Zendesk Chat and Sell) in agreement, both ways. With the sandbox off, a URL
 * still pointing at this process's sandbox is a forgotten setting, not something to retry forever. With the
 * sandbox on, a URL pointing anywhere else is half a switch to real accounts: the syncs would write to Zoho while
 * the sandbox runs beside them. A sandbox served by another process ({@code java -jar deskbridge.jar sandbox}, on
 * another port) is "elsewhere": it goes with the sandbox off. Every such URL is named at once, on one line, so one
 * restart fixes them all.
 */
final class SandboxUrls {

    static final List<String> KEYS = List.of(
            "deskbridge.crm.accounts-url",
            "deskbridge.crm.api-url",
            "deskbridge.desk.accounts-url",
            "deskbridge.desk.api-url");

    /**
     * The URLs of the Zendesk systems, which only the chats sync uses. With the sandbox on they must point at it as
     * the Zoho ones must; with it off, a team that keeps Zoho only leaves them as shipped, so they are not a reason to
     * stop: the chats sync is then off (see {@link #unset}).
     */
    static final List<String> ZENDESK_KEYS = List.of("deskbridge.chat.api-url", "deskbridge.sell.api-url");

    private SandboxUrls() {}

    static void requireAgreement(Settings settings, boolean sandboxEnabled) {
        int ownPort = ServerPorts.serverPort(settings);
        String ownHost = settings.optional("camel.server.host", "0.0.0.0");
        List<String> wrong = new ArrayList<>();
        List<String> checked = new ArrayList<>(KEYS);
        if (sandboxEnabled) {
            checked.addAll(ZENDESK_KEYS);
        }
        for (String key : checked) {
            URI uri = settings.url(key);
            if (isOwnSandbox(uri, ownHost, ownPort) != sandboxEnabled) {
                wrong.add(key + " = " + uri);
            }
        }
        if (wrong.isEmpty()) {
            return;
        }
        String urls = String.join(", ", wrong);
        boolean one = wrong.size() == 1;
        throw new ConfigurationException(
                sandboxEnabled
                        ? urls + (one ? " points" : " point") + " elsewhere than this process's sandbox (http://"
                                + ownHost + ":"
                                + ownPort + "/sandbox/...), but deskbridge.sandbox.enabled is true; either set"
                                + " deskbridge.sandbox.enabled=false or point " + (one ? "it" : "them")
                                + " at the sandbox"
                        : urls + (one ? " points" : " point")
                                + " at the embedded sandbox, but deskbridge.sandbox.enabled is" + " false; set "
                                + (one ? "it" : "them") + " to the systems' own addresses");
    }

    /**
     * With the sandbox off, the Zendesk URLs still pointing at it ("key = url"): the chats sync has no systems to talk
     * to and stays off until they are set. Empty with the sandbox on.
     */
    static List<String> unset(Settings settings, boolean sandboxEnabled) {
        if (sandboxEnabled) {
            return List.of();
        }
        int ownPort = ServerPorts.serverPort(settings);
        String ownHost = settings.optional("camel.server.host", "0.0.0.0");
        List<String> left = new ArrayList<>();
        for (String key : ZENDESK_KEYS) {
            URI uri = settings.url(key);
            if (isOwnSandbox(uri, ownHost, ownPort)) {
                left.add(key + " = " + uri);
            }
        }
        return left;
    }

    /** This process serves its sandbox under /sandbox/ on the admin port, on its server host or loopback. */
    static boolean isOwnSandbox(URI uri, String serverHost, int serverPort) {
        String path = uri.getPath();
        return path != null
                && path.startsWith("/sandbox/")
                && effectivePort(uri) == serverPort
                && isThisServer(uri.getHost(), serverHost);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** Only reached for a /sandbox/ path on our port, so a name is looked up in DNS only then. */
    private static boolean isThisServer(String host, String serverHost) {
        if (host.equalsIgnoreCase(serverHost) || host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isLoopbackAddress()) {
                return true;
            }
            // Bound to every interface, the server answers on each of this machine's addresses.
            return InetAddress.getByName(serverHost).isAnyLocalAddress()
                    && NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
