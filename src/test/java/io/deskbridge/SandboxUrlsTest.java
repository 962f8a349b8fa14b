package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Issue 12, item 1: what counts as this process's own sandbox, for the guard in both directions. */
class SandboxUrlsTest {

    static boolean own(String url, String serverHost, int serverPort) {
        return SandboxUrls.isOwnSandbox(URI.create(url), serverHost, serverPort);
    }

    @Test
    void aLoopbackNameOrTheServerHostOnTheServerPortUnderSandboxIsOurs() {
        assertTrue(own("http://127.0.0.1:8080/sandbox/zoho", "127.0.0.1", 8080));
        assertTrue(own("http://localhost:8080/sandbox/desk", "127.0.0.1", 8080));
        assertTrue(own("http://[::1]:8080/sandbox/accounts", "127.0.0.1", 8080));
        assertTrue(own("http://sync-box.internal:8080/sandbox/zoho", "sync-box.internal", 8080));
        assertTrue(own("http://127.0.0.1/sandbox/zoho", "127.0.0.1", 80), "no port in the URL is port 80");
    }

    @Test
    void anotherPortAnotherPathOrAnotherHostIsElsewhere() {
        assertFalse(own("http://127.0.0.1:18080/sandbox/zoho", "127.0.0.1", 8080), "a sandbox in another process");
        assertFalse(own("http://127.0.0.1:8080/zoho", "127.0.0.1", 8080));
        assertFalse(own("http://127.0.0.1:8080/sandboxes/zoho", "127.0.0.1", 8080));
        assertFalse(own("https://www.zohoapis.eu", "127.0.0.1", 8080));
        assertFalse(
                own("http://192.0.2.7:8080/sandbox/zoho", "127.0.0.1", 8080),
                "a documentation address, not this machine");
        assertFalse(own("https://127.0.0.1/sandbox/zoho", "127.0.0.1", 80), "no port in an https URL is 443");
    }
}
