package io.deskbridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the tests that start the packaged jar as processes share: waiting for one to answer, a clean folder. */
final class Processes {

    private Processes() {}

    interface Check {
        boolean ok() throws Exception;
    }

    /** Waits up to 90 s for {@code check}; a connection refused means "not listening yet". */
    static void await(Check check, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " did not come up in 90 s");
    }

    /** Starts {@code java -Xmx<heap> <props> -jar <jar> <args>} in the log's folder, its output into the log. */
    static Process startJar(Path jar, String heap, Path log, java.util.List<String> props, java.util.List<String> args)
            throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(props);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(log.getParent().toFile())
                .start();
    }

    /**
     * The settings of a runtime whose sandbox is another process at {@code sandboxUrl}: this one's sandbox off, every
     * system's URL and the sandbox's credentials there (the Zendesk tokens are the shipped sandbox defaults).
     */
    static java.util.List<String> pointedAt(String sandboxUrl) {
        java.util.List<String> props = new java.util.ArrayList<>(java.util.List.of(
                "-Ddeskbridge.sandbox.enabled=false",
                "-Ddeskbridge.crm.api-url=" + sandboxUrl + "/sandbox/zoho",
                "-Ddeskbridge.crm.accounts-url=" + sandboxUrl + "/sandbox/accounts",
                "-Ddeskbridge.desk.api-url=" + sandboxUrl + "/sandbox/desk",
                "-Ddeskbridge.desk.accounts-url=" + sandboxUrl + "/sandbox/accounts",
                "-Ddeskbridge.desk.org-id=600000001",
                // A runtime restarted at once after a kill waits until its old check-in stops advancing (one
                // interval and 2 s): 3 s, not the 9.5 s of the shipped 7.5 s interval.
                "-Ddeskbridge.cluster.checkin-interval=1s",
                "-Ddeskbridge.chat.api-url=" + sandboxUrl + "/sandbox/chat/api/v2",
                "-Ddeskbridge.sell.api-url=" + sandboxUrl + "/sandbox/sell"));
        for (String system : java.util.List.of("crm", "desk")) {
            props.add("-Ddeskbridge." + system + ".client-id=sandbox-client");
            props.add("-Ddeskbridge." + system + ".client-secret=sandbox-secret");
            props.add("-Ddeskbridge." + system + ".refresh-token=sandbox-refresh-token");
        }
        return props;
    }

    /**
     * A caller of the sandbox's {@code system} ("CRM", "Desk") at {@code sandboxUrl}, signed in with the sandbox's
     * refresh token as a runtime would be: how a test reads what the sandbox holds through the connectors.
     */
    static io.deskbridge.connector.ApiCaller sandboxCaller(
            java.net.http.HttpClient http, String sandboxUrl, String system) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var tokens = new io.deskbridge.connector.ApiCaller(
                "OAuth",
                http,
                io.deskbridge.connector.ApiCaller.Auth.NONE,
                io.deskbridge.connector.RetryPolicy.DEFAULT,
                java.time.Duration.ofSeconds(10),
                d -> {});
        var oauth = new io.deskbridge.connector.zoho.ZohoOAuth(
                "sandbox",
                tokens,
                java.net.URI.create(sandboxUrl + "/sandbox/accounts"),
                "sandbox-client",
                "sandbox-secret",
                "sandbox-refresh-token",
                java.time.Clock.systemUTC(),
                json);
        return new io.deskbridge.connector.ApiCaller(
                system,
                http,
                oauth,
                io.deskbridge.connector.RetryPolicy.DEFAULT,
                java.time.Duration.ofSeconds(10),
                d -> Thread.sleep(d.toMillis()));
    }

    /** The Desk of the sandbox at {@code sandboxUrl}, read and written through the real connector. */
    static io.deskbridge.connector.zohodesk.ZohoDeskClient sandboxDeskClient(
            java.net.http.HttpClient http, String sandboxUrl) {
        return new io.deskbridge.connector.zohodesk.ZohoDeskClient(
                sandboxCaller(http, sandboxUrl, "Desk"),
                java.net.URI.create(sandboxUrl + "/sandbox/desk"),
                "600000001",
                new com.fasterxml.jackson.databind.ObjectMapper());
    }

    /** A packaged runtime a test started: its process and the base URL of its admin API. */
    record Runtime(Process process, String base) {}

    /**
     * Starts the jar with {@code props} on free ports, its output into {@code log}, and waits until its admin API
     * answers {@code token}.
     */
    static Runtime startRuntime(
            Path jar, java.util.List<String> props, Path log, java.net.http.HttpClient http, String token)
            throws Exception {
        int port = io.deskbridge.support.RunningDeskbridge.freePort();
        java.util.List<String> all = new java.util.ArrayList<>(props);
        all.add("-Dcamel.server.port=" + port);
        all.add("-Dcamel.management.port=" + io.deskbridge.support.RunningDeskbridge.freePort());
        Process p = startJar(jar, "384m", log, all, java.util.List.of());
        String base = "http://127.0.0.1:" + port;
        await(() -> get(http, base + "/admin/syncs", token).statusCode() == 200, "the runtime");
        return new Runtime(p, base);
    }

    /**
     * The settings of a runtime {@link #pointedAt} the sandbox at {@code sandboxUrl}, with its state in {@code dataDir},
     * {@code token} as its admin token and every schedule off: the test drives what it checks.
     */
    static java.util.List<String> quietRuntime(String sandboxUrl, Path dataDir, String token) {
        java.util.List<String> props = new java.util.ArrayList<>(pointedAt(sandboxUrl));
        props.addAll(java.util.List.of(
                "-Ddeskbridge.chat.access-token=" + io.deskbridge.sandbox.ChatSimulator.DEFAULT_TOKEN,
                "-Ddeskbridge.sell.access-token=" + io.deskbridge.sandbox.SellSimulator.DEFAULT_TOKEN,
                "-Ddeskbridge.data-dir=" + dataDir,
                "-Ddeskbridge.admin.token=" + token));
        props.addAll(io.deskbridge.support.TestDatabase.storeFor(dataDir).jvmProperties());
        for (String sync : java.util.List.of("accounts", "contacts", "products", "tickets", "chats")) {
            props.add("-Ddeskbridge.sync." + sync + ".cron=" + io.deskbridge.support.RunningDeskbridge.NEVER);
        }
        props.add("-Ddeskbridge.signals.cron=" + io.deskbridge.support.RunningDeskbridge.NEVER);
        return props;
    }

    /** A GET with {@code token} as the bearer token. */
    static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url, String token)
            throws Exception {
        return http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static void deleteRecursively(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }
}
