package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad setting or field map stops startup with a message that names the key or file and what is wrong. */
class StartupValidationTest {

    @TempDir
    Path dir;

    String failure(Map<String, String> properties) {
        Exception e = assertThrows(Exception.class, () -> RunningDeskbridge.start(properties).close());
        Throwable reason = Deskbridge.setupProblem(e);
        assertNotNull(reason, "expected a configuration error, got " + e);
        return reason.getMessage();
    }

    @Test
    void aBadCronNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sync.contacts.cron", "every five minutes");
        String message = failure(p);
        assertTrue(message.contains("deskbridge.sync.contacts.cron") && message.contains("every five minutes"), message);
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
        assertTrue(message.contains("deskbridge.desk.write-concurrency") && message.contains("between 1 and 25"), message);
    }

    @Test
    void aMissingCredentialNamesTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.desk.refresh-token", "");
        assertTrue(failure(p).contains("deskbridge.desk.refresh-token"));
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
        assertTrue(failure(p).contains("points at the embedded sandbox"));
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
}
