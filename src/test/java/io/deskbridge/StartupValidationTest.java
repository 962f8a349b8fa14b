package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad setting or field map stops startup with a message that names the key or file and what is wrong. */
class StartupValidationTest {

    @TempDir
    Path dir;

    String failure(Map<String, String> properties) {
        Exception e = assertThrows(
                Exception.class, () -> RunningDeskbridge.start(properties).close());
        Throwable reason = Deskbridge.setupProblem(e);
        assertNotNull(reason, "expected a configuration error, got " + e);
        return reason.getMessage();
    }

    @Test
    void aBadCronNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.cron", "every five minutes");
        String message = failure(p);
        assertTrue(
                message.contains("deskbridge.sync.contacts.cron") && message.contains("every five minutes"), message);
    }

    @Test
    void aBadDirectionNamesTheKeyAndTheChoices() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.direction", "sideways");
        String message = failure(p);
        assertTrue(message.contains("deskbridge.sync.contacts.direction") && message.contains("crm-to-desk"), message);
    }

    @Test
    void aWriteConcurrencyNoDeskAllowsNamesTheKeyAndTheRange() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.desk.write-concurrency", "0");
        String message = failure(p);
        assertTrue(
                message.contains("deskbridge.desk.write-concurrency") && message.contains("between 1 and 25"), message);
    }

    /** Issue 11, item 2: more writers than the Desk lets in at once is refused, naming both keys on one line. */
    @Test
    void aWriteConcurrencyAboveTheDeskCapNamesBothKeys() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.desk.write-concurrency", "8");
        String message = failure(p);
        assertTrue(
                message.contains("deskbridge.desk.write-concurrency = 8")
                        && message.contains("deskbridge.desk.max-concurrent-calls = 5")
                        && !message.contains("\n"),
                message);
    }

    @Test
    void aMissingCredentialNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.desk.refresh-token", "");
        assertTrue(failure(p).contains("deskbridge.desk.refresh-token"));
    }

    /** Issue 17, item 2: a node name given empty or too long, or a data folder where no slot can be kept. */
    @Test
    void aBadNodeNameOrNoRoomForTheNodesSlotNamesTheKey() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.node.name", " ");
        assertTrue(failure(p).startsWith("deskbridge.node.name is set but empty"), failure(p));
        p.put("deskbridge.node.name", "n".repeat(201));
        assertTrue(failure(p).startsWith("deskbridge.node.name is 201 characters long"), failure(p));
        for (String reserved : List.of("AUTO", "SYS_PROP")) {
            p.put("deskbridge.node.name", reserved);
            assertTrue(failure(p).startsWith("deskbridge.node.name = " + reserved + ": Quartz reserves"), failure(p));
        }

        Map<String, String> unnamed = RunningDeskbridge.defaults(dir);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("node"), "a file where the slots' folder goes");
        String message = failure(unnamed);
        assertTrue(message.startsWith("deskbridge.data-dir = ") && message.contains("node"), message);
    }

    @Test
    void aUrlThatIsNotOneNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.crm.api-url", "www.zohoapis.com");
        String message = failure(p);
        assertTrue(message.contains("deskbridge.crm.api-url") && message.contains("www.zohoapis.com"), message);
    }

    @Test
    void aSandboxUrlWithTheSandboxOffIsCaught() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.enabled", "false");
        p.put("deskbridge.crm.accounts-url", "https://accounts.zoho.eu");
        p.put("deskbridge.desk.accounts-url", "https://accounts.zoho.eu");
        p.put("deskbridge.crm.api-url", "https://www.zohoapis.eu");
        p.put("deskbridge.chat.api-url", "https://www.zopim.com/api/v2");
        p.put("deskbridge.sell.api-url", "https://api.getbase.com");
        // Issue 15 item 5: the packaged file no longer sets it; one set by the user (a copied file) is still caught.
        p.put("deskbridge.desk.api-url", "http://127.0.0.1:{{camel.server.port}}/sandbox/desk");
        String message = failure(p);
        assertTrue(
                message.startsWith("deskbridge.desk.api-url = ") && message.contains("points at the embedded sandbox"),
                message);
    }

    /**
     * Issue 15 item 5 changed this: the packaged file no longer sets the Zoho URLs, so those left behind are the ones a
     * user set (a working-folder file copied from an older version); unset ones follow deskbridge.zoho.region.
     */
    @Test
    void everySandboxUrlLeftBehindIsNamedInOneStart() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.enabled", "false");
        String sandbox = "http://127.0.0.1:{{camel.server.port}}/sandbox/";
        p.put("deskbridge.crm.api-url", sandbox + "zoho");
        p.put("deskbridge.crm.accounts-url", sandbox + "accounts");
        p.put("deskbridge.desk.api-url", sandbox + "desk");
        p.put("deskbridge.desk.accounts-url", sandbox + "accounts");
        String message = failure(p);
        for (String key : List.of(
                "deskbridge.crm.accounts-url",
                "deskbridge.crm.api-url",
                "deskbridge.desk.accounts-url",
                "deskbridge.desk.api-url")) {
            assertTrue(message.contains(key), key + " in: " + message);
        }
        for (String key : List.of("deskbridge.chat.api-url", "deskbridge.sell.api-url")) {
            assertFalse(message.contains(key), "a Zendesk URL left as shipped is no reason to stop: " + message);
        }
    }

    /**
     * Issue 14: a team that keeps Zoho only turns the sandbox off and sets the Zoho URLs; the Zendesk ones, left at the
     * sandbox, leave the chats sync off (disabled, with the reason) instead of stopping the start or failing its runs.
     */
    @Test
    void zendeskUrlsLeftAtTheSandboxOffLeaveTheChatsSyncDisabledWithTheReason() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.enabled", "false");
        Map<String, String> zohoOnly = new java.util.HashMap<>(anotherProcessSandbox(RunningDeskbridge.freePort()));
        zohoOnly.remove("deskbridge.chat.api-url");
        zohoOnly.remove("deskbridge.sell.api-url");
        p.putAll(zohoOnly);
        p.remove("deskbridge.sync.chats.cron");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            JsonNode chats = app.get("/admin/syncs/chats");
            assertEquals("DISABLED", chats.path("state").asText(), chats.toString());
            assertTrue(
                    chats.toString().contains("deskbridge.chat.api-url")
                            && chats.toString().contains("deskbridge.sell.api-url"),
                    "the state says why: " + chats);
            var activate = app.call("POST", "/admin/syncs/chats/activate", RunningDeskbridge.TOKEN);
            assertEquals(422, activate.statusCode(), activate.body());
            assertTrue(activate.body().contains("deskbridge.chat.api-url"), activate.body());
            assertEquals(
                    "ACTIVE", app.get("/admin/syncs/contacts").path("state").asText(), "Zoho syncs go on");
        }
    }

    /** Issue 12, item 1: the reverse guard. The sandbox on while a URL points at a real Zoho is half a switch. */
    @Test
    void anOutsideUrlWithTheSandboxOnIsCaught() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.crm.api-url", "https://www.zohoapis.eu");
        String message = failure(p);
        assertTrue(
                message.startsWith("deskbridge.crm.api-url = https://www.zohoapis.eu points elsewhere")
                        && message.contains("deskbridge.sandbox.enabled=false")
                        && message.contains("point it at the sandbox")
                        && !message.contains("\n"),
                message);
        for (String other :
                List.of("deskbridge.crm.accounts-url", "deskbridge.desk.accounts-url", "deskbridge.desk.api-url")) {
            assertFalse(message.contains(other), "only the outside URL is named: " + message);
        }
    }

    /** Issue 12, item 1: a sandbox in another process is elsewhere, so with this one on every such URL is named. */
    @Test
    void everyUrlAtAnotherProcessWithTheSandboxOnIsNamedInOneStart() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.putAll(anotherProcessSandbox(RunningDeskbridge.freePort()));
        String message = failure(p);
        for (String key : List.of(
                "deskbridge.crm.accounts-url",
                "deskbridge.crm.api-url",
                "deskbridge.desk.accounts-url",
                "deskbridge.desk.api-url",
                "deskbridge.chat.api-url",
                "deskbridge.sell.api-url")) {
            assertTrue(message.contains(key), key + " in: " + message);
        }
        assertTrue(message.contains("point them at the sandbox") && !message.contains("\n"), message);
    }

    /** Issue 12, item 1: the guard leaves the shipped configuration alone (URLs at this process's port). */
    @Test
    void theShippedSandboxUrlsStart() throws Exception {
        RunningDeskbridge.start(RunningDeskbridge.defaults(dir)).close();
    }

    /** Issue 12, item 1: what the crash drill, PageTokenLimitCrashIT and the bench start keeps starting. */
    @Test
    void aSandboxInAnotherProcessStartsWithThisOneOff() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.enabled", "false");
        // The other process's port stays taken while this one starts: a free port handed out and closed could be
        // handed to this process too, and its URLs would then rightly be its own sandbox's.
        try (java.net.ServerSocket other = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            p.putAll(anotherProcessSandbox(other.getLocalPort()));
            RunningDeskbridge.start(p).close();
        }
    }

    /** Issue 15 item 5: with the sandbox off, deskbridge.zoho.region sets every Zoho URL left unset; set ones win. */
    @Test
    void theRegionSetsEveryZohoUrlLeftUnsetAndAnExplicitOneWins() throws Exception {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.enabled", "false");
        p.put("deskbridge.zoho.region", "jp");
        p.put("deskbridge.desk.accounts-url", "https://accounts.example.jp");
        try (RunningDeskbridge app = RunningDeskbridge.start(p)) {
            var properties = app.context().getPropertiesComponent();
            Map<String, String> expected = Map.of(
                    "deskbridge.crm.api-url", "https://www.zohoapis.jp",
                    "deskbridge.crm.accounts-url", "https://accounts.zoho.jp",
                    "deskbridge.desk.api-url", "https://desk.zoho.jp",
                    "deskbridge.desk.accounts-url", "https://accounts.example.jp");
            expected.forEach((key, url) ->
                    assertEquals(url, properties.resolveProperty(key).orElse(null), key));
        }
    }

    @Test
    void anUnknownRegionStopsTheStartNamingTheKeyAndTheRegions() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sandbox.enabled", "false");
        p.put("deskbridge.zoho.region", "uk");
        assertEquals("deskbridge.zoho.region = 'uk' is not one of com, eu, in, com.au, jp, ca, sa, cn", failure(p));
    }

    private static Map<String, String> anotherProcessSandbox(int port) {
        String base = "http://127.0.0.1:" + port + "/sandbox/";
        return Map.of(
                "deskbridge.crm.api-url",
                base + "zoho",
                "deskbridge.crm.accounts-url",
                base + "accounts",
                "deskbridge.desk.api-url",
                base + "desk",
                "deskbridge.desk.accounts-url",
                base + "accounts",
                "deskbridge.chat.api-url",
                base + "chat/api/v2",
                "deskbridge.sell.api-url",
                base + "sell");
    }

    @Test
    void aCronThatNeverFiresNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.accounts.cron", "0 0 0 31 2 ?");
        String message = failure(p);
        assertTrue(message.contains("deskbridge.sync.accounts.cron") && message.contains("never fires"), message);
    }

    @Test
    void aDatabaseUrlWithoutDriverNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.db.url", "jdbc:nope:foo");
        String message = failure(p);
        assertTrue(message.startsWith("deskbridge.db.url = jdbc:nope:foo"), message);
    }

    @Test
    void aDatabaseThatDoesNotAnswerNamesTheKeyQuickly() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.db.url", "jdbc:postgresql://127.0.0.1:1/x");
        long start = System.nanoTime();
        String message = failure(p);
        assertTrue(
                message.startsWith("deskbridge.db.url = jdbc:postgresql://127.0.0.1:1/x")
                        && message.contains("cannot connect"),
                message);
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "gave up within 20 s");
    }

    @Test
    void numbersOutOfRangeNameTheKeyAndTheRange() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("deskbridge.http.max-attempts", "0");
        bad.put("deskbridge.sync.max-failed-runs", "-1");
        bad.put("deskbridge.crm.daily-call-budget", "-5");
        bad.put("deskbridge.desk.daily-call-budget", "-1");
        bad.put("deskbridge.sync.max-attempts", "0");
        bad.put("deskbridge.http.max-retries-per-run", "-1");
        bad.put("deskbridge.http.timeout", "-PT1S");
        bad.forEach((key, value) -> {
            Map<String, String> p = RunningDeskbridge.defaults(dir.resolve(key));
            p.put(key, value);
            String message = failure(p);
            assertTrue(
                    message.startsWith(key)
                            && (message.contains("at least")
                                    || message.contains("between")
                                    || message.contains("negative")),
                    message);
        });
    }

    @Test
    void poolSizesAndTheClusterCheckInOutOfRangeNameTheKey() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("deskbridge.db.pool-size", "0");
        // 1 is refused too: a dry run needs a second connection while it holds one (Jdbc.apart).
        bad.put("deskbridge.db.pool-size ", "1");
        bad.put("deskbridge.db.scheduler-pool-size", "1");
        bad.put("deskbridge.cluster.checkin-interval", "500ms");
        bad.put("deskbridge.cluster.checkin-interval ", "soon");
        bad.forEach((key, value) -> {
            Map<String, String> p = RunningDeskbridge.defaults(dir.resolve(key.trim() + "-" + value));
            p.put(key.trim(), value);
            String message = failure(p);
            assertTrue(
                    message.startsWith(key.trim())
                            && (message.contains("between")
                                    || message.contains("at least")
                                    || message.contains("not a duration")),
                    message);
        });
    }

    @Test
    void aBodySizeLimitThatIsNotANumberNamesThatKey() {
        for (String value : new String[] {"abc", "1MB", "0"}) {
            Map<String, String> p = RunningDeskbridge.defaults(dir.resolve("body-" + value));
            p.put("camel.server.max-body-size", value);
            String message = failure(p);
            assertTrue(message.startsWith("camel.server.max-body-size"), message);
        }
    }

    @Test
    void aServerPortThatIsNotANumberNamesThatKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("camel.server.port", "abc");
        String message = failure(p);
        assertTrue(message.startsWith("camel.server.port = 'abc'"), message);
    }

    @Test
    void anUnknownTimeZoneNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.schedule.time-zone", "Mars/Olympus");
        String message = failure(p);
        assertTrue(message.contains("deskbridge.schedule.time-zone") && message.contains("Mars/Olympus"), message);
    }

    @Test
    void theViewerTokenMayNotBeTheAdminToken() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", RunningDeskbridge.TOKEN);
        String message = failure(p);
        assertTrue(
                message.contains("deskbridge.admin.viewer-token") && message.contains("deskbridge.admin.token"),
                message);
    }

    @Test
    void aNamedTokenMayNotRepeatAnother() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.viewer-token", "viewer-token-0123456789abcdef");
        p.put("deskbridge.admin.tokens.ops.token", "viewer-token-0123456789abcdef");
        p.put("deskbridge.admin.tokens.ops.role", "admin");
        String message = failure(p);
        assertTrue(
                message.contains("deskbridge.admin.tokens.ops.token")
                        && message.contains("deskbridge.admin.viewer-token"),
                message);
    }

    @Test
    void aShortTokenIsRefused() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.admin.token", "samesame");
        String message = failure(p);
        assertTrue(
                message.startsWith("deskbridge.admin.token is 8 characters long") && message.contains("at least 24"),
                message);
    }

    @Test
    void aFieldMapTypoNamesTheFileTheEntryAndTheKnownFields() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("routes/accounts.fieldmap.yaml"), routes.resolve("accounts.fieldmap.yaml"));
        Files.writeString(routes.resolve("contacts.fieldmap.yaml"), """
                fields:
                  - crm: First_Name
                    desk: firstName
                  - crm: Email
                    desk: email
                  - crm: Frist_Name
                    desk: lastName
                """);
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.routes.location", "file:" + routes);
        String message = failure(p);
        assertTrue(message.contains("contacts.fieldmap.yaml"), message);
        assertTrue(message.contains("entry 3") && message.contains("Frist_Name"), message);
        assertTrue(message.contains("Last_Name"), "lists the known fields: " + message);
    }

    /** Issue 15, item 1: the CRM product is a choice like the others, named with its choices when it is none. */
    @Test
    void aBadCrmProductNamesTheKeyAndTheChoices() {
        for (String key : List.of("deskbridge.crm.product", "deskbridge.sandbox.crm-product")) {
            Map<String, String> p = RunningDeskbridge.defaults(dir);
            p.put(key, "hubspot");
            String message = failure(p);
            assertTrue(
                    message.contains(key + " = 'hubspot'") && message.contains("zoho-crm, bigin"),
                    key + ": " + message);
        }
    }

    /** Issue 15, item 1: the runtime speaking Zoho CRM to a sandbox that serves Bigin is refused, naming both keys. */
    @Test
    void aCrmProductTheSandboxDoesNotServeIsRefused() {
        Map<String, String> p = RunningDeskbridge.defaults(dir, CrmProduct.BIGIN);
        p.put("deskbridge.crm.product", "zoho-crm");
        String message = failure(p);
        assertTrue(
                message.contains("deskbridge.crm.product = 'zoho-crm'")
                        && message.contains("deskbridge.sandbox.crm-product"),
                message);
    }

    /** Issue 15, item 1: Bigin's own field maps are checked at start like the CRM's; a CRM-only field is named. */
    @Test
    void aBiginFieldMapWithAFieldBiginDoesNotHaveNamesTheFileAndTheField() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes/bigin"));
        Files.copy(Path.of("routes/bigin/accounts.fieldmap.yaml"), routes.resolve("accounts.fieldmap.yaml"));
        Files.writeString(routes.resolve("contacts.fieldmap.yaml"), """
                fields:
                  - crm: Email
                    desk: email
                  - crm: Secondary_Email
                    desk: secondaryEmail
                """);
        Map<String, String> p = RunningDeskbridge.defaults(dir, CrmProduct.BIGIN);
        p.put("deskbridge.routes.location", "file:" + routes.getParent());
        String message = failure(p);
        assertTrue(message.contains("bigin/contacts.fieldmap.yaml"), message);
        assertTrue(message.contains("entry 2") && message.contains("Secondary_Email"), message);
        assertTrue(message.contains("Mailing_City"), "lists Bigin's known fields: " + message);
    }
}
