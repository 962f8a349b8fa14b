package io.deskbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar started as a process, as an operator starts it: its log, its exit code, what it listens on. */
class StartupIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NEVER = "0 0 0 1 1 ? 2099";
    final Path jar = Path.of(System.getProperty("deskbridge.jar", "target/deskbridge.jar"))
            .toAbsolutePath();
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    @TempDir
    Path work;

    /**
     * Items 3, 4 and 15: secrets given by -D and by environment variables never reach the log (any logger, the
     * whole start and stop); /observe/info shows the version only; both servers answer on loopback only by default;
     * an application.properties in the working folder overrides the packaged one, and -D overrides both.
     */
    @Test
    void aDefaultStartLogsNoSecretListensOnLoopbackAndReadsTheLocalProperties() throws Exception {
        Map<String, String> secretProps = new LinkedHashMap<>();
        secretProps.put("deskbridge.admin.token", "dflag-admin-token-AAAAAAAAAAAAAAAAAAAA");
        secretProps.put("deskbridge.admin.tokens.ops.token", "dflag-named-token-BBBBBBBBBBBBBBBBBBBB");
        secretProps.put("deskbridge.crm.refresh-token", "dflag-crm-refresh-CCCCCCCCCCCC");
        secretProps.put("deskbridge.desk.client-secret", "dflag-desk-secret-DDDDDDDDDDDD");
        secretProps.put("deskbridge.sell.access-token", "dflag-sell-access-EEEEEEEEEEEE");
        secretProps.put("deskbridge.chat.access-token", "dflag-chat-access-FFFFFFFFFFFF");
        secretProps.put("deskbridge.sandbox.client-secret", "dflag-sandbox-secret-GGGGGGGGGG");
        Map<String, String> secretEnv = new LinkedHashMap<>();
        secretEnv.put("DESKBRIDGE_ADMIN_VIEWER_TOKEN", "envvar-viewer-token-HHHHHHHHHHHHHHHH");
        secretEnv.put("DESKBRIDGE_CRM_CLIENT_SECRET", "envvar-crm-secret-IIIIIIIIIIII");
        secretEnv.put("DESKBRIDGE_DESK_REFRESH_TOKEN", "envvar-desk-refresh-JJJJJJJJJJ");
        secretEnv.put("DESKBRIDGE_DB_PASSWORD", "envvar-db-password-KKKKKKKKKK");
        secretEnv.put("DESKBRIDGE_ADMIN_TOKENS_AUDITOR_TOKEN", "envvar-named-token-LLLLLLLLLLLLLLLL");
        secretEnv.put("DESKBRIDGE_ADMIN_TOKENS_AUDITOR_ROLE", "viewer");
        Files.writeString(work.resolve("application.properties"), """
                deskbridge.sync.accounts.cron = 0 0 9 * * ?
                deskbridge.sync.contacts.cron = 0 0 10 * * ?
                """);
        int port = freePort();
        int management = freePort();
        List<String> props = new ArrayList<>(List.of(
                "-Dcamel.server.port=" + port,
                "-Dcamel.management.port=" + management,
                "-Ddeskbridge.sync.contacts.cron=" + NEVER,
                "-Ddeskbridge.admin.tokens.ops.role=viewer"));
        secretProps.forEach((k, v) -> props.add("-D" + k + "=" + v));
        Path log = work.resolve("deskbridge.log");
        Process p = start(props, secretEnv, log);
        try {
            awaitHealth(management, p, log);
            JsonNode info = JSON.readTree(get("http://127.0.0.1:" + management + "/observe/info", null)
                    .body());
            assertEquals(List.of("version"), fieldNames(info), "only the version: " + info);

            JsonNode syncs = JSON.readTree(
                    get("http://127.0.0.1:" + port + "/admin/syncs", secretProps.get("deskbridge.admin.token"))
                            .body());
            assertEquals("0 0 9 * * ?", syncs.at("/syncs/0/cron").asText(), "accounts: the working folder's file");
            assertEquals(NEVER, syncs.at("/syncs/1/cron").asText(), "contacts: -D wins over the file");
            assertEquals(
                    200,
                    get(
                                    "http://127.0.0.1:" + port + "/admin/syncs",
                                    secretEnv.get("DESKBRIDGE_ADMIN_TOKENS_AUDITOR_TOKEN"))
                            .statusCode(),
                    "a named token set as environment variables");

            Optional<InetAddress> outside = nonLoopbackAddress();
            for (int served : new int[] {port, management}) {
                assertTrue(answers(InetAddress.getLoopbackAddress(), served));
                outside.ifPresent(a -> assertFalse(answers(a, served), "port " + served + " answers on " + a));
            }
        } finally {
            p.destroy(); // SIGTERM: the stop is logged too
            p.waitFor(60, TimeUnit.SECONDS);
        }
        String text = Files.readString(log);
        assertTrue(text.contains("deskbridge.admin.viewer-token"), "the summary lists the key, masked:\n" + text);
        List<String> leaked = new ArrayList<>();
        secretProps.forEach((k, v) -> {
            if (text.contains(v)) leaked.add(k);
        });
        secretEnv.forEach((k, v) -> {
            if (text.contains(v) && !k.endsWith("_ROLE")) leaked.add(k);
        });
        assertEquals(List.of(), leaked, "secrets in the log:\n" + text);
    }

    /**
     * Issue 15 item 5: the packaged file sets no Zoho URL, so with the sandbox off deskbridge.zoho.region fills in
     * those the user left unset; one set in the working folder's file, in the environment or by -D wins.
     */
    @Test
    void theRegionFillsInOnlyTheZohoUrlsTheUserLeftUnset() throws Exception {
        Files.writeString(work.resolve("application.properties"), """
                deskbridge.crm.accounts-url = https://accounts.file.example
                """);
        int management = freePort();
        Path log = work.resolve("region.log");
        Process p = start(
                List.of(
                        "-Dcamel.server.port=" + freePort(),
                        "-Dcamel.management.port=" + management,
                        "-Ddeskbridge.admin.token=region-admin-token-0123456789abcdef",
                        "-Ddeskbridge.crm.api-url=https://api.dflag.example"),
                Map.of(
                        "DESKBRIDGE_SANDBOX_ENABLED", "false",
                        "DESKBRIDGE_ZOHO_REGION", "jp",
                        "DESKBRIDGE_DESK_API_URL", "https://desk.env.example"),
                log);
        try {
            awaitHealth(management, p, log);
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        List<String> filled = Files.readString(log)
                .lines()
                .filter(l -> l.contains("Zoho URLs of deskbridge.zoho.region"))
                .toList();
        assertEquals(1, filled.size(), filled.toString());
        assertTrue(
                filled.get(0).endsWith("= jp: {deskbridge.desk.accounts-url=https://accounts.zoho.jp}"), filled.get(0));
    }

    /** Item 9: a taken HTTP port stops the start with one line naming the key and the port. */
    @Test
    void aTakenServerPortIsOneLineAndExitCode2() throws Exception {
        takenPortRefused("camel.server.port");
    }

    /** Item 9: the same for the management (health) port. */
    @Test
    void aTakenManagementPortIsOneLineAndExitCode2() throws Exception {
        takenPortRefused("camel.management.port");
    }

    /** Item 12: a configuration exit is one line, code 2, no stack trace, no "shutdown hook triggered by SIGTERM". */
    @Test
    void aConfigurationErrorIsOneLineAndExitCode2WithoutShutdownHookNoise() throws Exception {
        Path log = work.resolve("bad.log");
        Process p = start(
                List.of(
                        "-Dcamel.server.port=" + freePort(),
                        "-Dcamel.management.port=" + freePort(),
                        "-Ddeskbridge.http.max-attempts=0"),
                Map.of(),
                log);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "exits");
        String text = Files.readString(log);
        assertEquals(2, p.exitValue(), text);
        assertOneLine(text, "deskbridge.http.max-attempts = 0");
    }

    private void takenPortRefused(String key) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int other = freePort();
            boolean server = key.equals("camel.server.port");
            Path log = work.resolve(key + ".log");
            Process p = start(
                    List.of(
                            "-Dcamel.server.port=" + (server ? taken.getLocalPort() : other),
                            "-Dcamel.management.port=" + (server ? other : taken.getLocalPort()),
                            "-Ddeskbridge.admin.token=taken-port-token-0123456789abcdef"),
                    Map.of(),
                    log);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "exits rather than running half-broken");
            String text = Files.readString(log);
            assertEquals(2, p.exitValue(), text);
            assertOneLine(text, key + " = " + taken.getLocalPort());
            assertFalse(text.contains(" started in "), text);
        }
    }

    private static void assertOneLine(String log, String expected) {
        List<String> lines = log.lines()
                .filter(l -> l.startsWith("Deskbridge cannot start: "))
                .toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).contains(expected), lines.get(0));
        assertFalse(log.contains("\tat ") || log.contains("Exception"), "no stack trace:\n" + log);
        assertFalse(log.contains("SIGTERM"), "no signal was sent:\n" + log);
    }

    private Process start(List<String> props, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dcamel.main.jmx-enabled=false");
        cmd.addAll(props);
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder b = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(work.toFile());
        b.environment().putAll(env);
        return b.start();
    }

    private void awaitHealth(int management, Process p, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new AssertionError("exited " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get("http://127.0.0.1:" + management + "/observe/health", null)
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not healthy in 120 s:\n" + Files.readString(log));
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean answers(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An IPv4 address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
