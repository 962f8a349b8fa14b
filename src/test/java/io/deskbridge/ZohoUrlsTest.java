package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.model.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15, item 5: deskbridge.zoho.region sets every Zoho URL the user left unset; explicit URLs win. */
class ZohoUrlsTest {

    private static final String SANDBOX = "http://127.0.0.1:8080";

    private static Map<String, String> derived(Map<String, String> set, boolean sandbox) {
        return ZohoUrls.derive(set::get, sandbox, SANDBOX);
    }

    @Test
    void jpYieldsEveryZohoUrlOfTheJapaneseDataCentre() {
        assertEquals(
                Map.of(
                        "deskbridge.crm.api-url", "https://www.zohoapis.jp",
                        "deskbridge.crm.accounts-url", "https://accounts.zoho.jp",
                        "deskbridge.desk.api-url", "https://desk.zoho.jp",
                        "deskbridge.desk.accounts-url", "https://accounts.zoho.jp"),
                derived(Map.of("deskbridge.zoho.region", "jp"), false));
    }

    @Test
    void anExplicitUrlWinsOverTheRegion() {
        Map<String, String> urls = derived(
                Map.of("deskbridge.zoho.region", "jp", "deskbridge.desk.api-url", "https://desk.example.jp"), false);
        assertEquals(3, urls.size(), "the URL set is left as it is: " + urls);
        assertEquals("https://www.zohoapis.jp", urls.get("deskbridge.crm.api-url"));
    }

    @Test
    void canadaIsZohocloudAndChinaIsComCn() {
        Map<String, String> ca = derived(Map.of("deskbridge.zoho.region", "ca"), false);
        assertEquals("https://accounts.zohocloud.ca", ca.get("deskbridge.crm.accounts-url"));
        assertEquals("https://accounts.zohocloud.ca", ca.get("deskbridge.desk.accounts-url"));
        assertEquals("https://desk.zohocloud.ca", ca.get("deskbridge.desk.api-url"));
        assertEquals("https://www.zohoapis.ca", ca.get("deskbridge.crm.api-url"));
        Map<String, String> cn = derived(Map.of("deskbridge.zoho.region", "cn"), false);
        assertEquals("https://www.zohoapis.com.cn", cn.get("deskbridge.crm.api-url"));
        assertEquals("https://accounts.zoho.com.cn", cn.get("deskbridge.crm.accounts-url"));
        assertEquals(
                "https://www.zohoapis.com.au",
                derived(Map.of("deskbridge.zoho.region", "com.au"), false).get("deskbridge.crm.api-url"));
    }

    @Test
    void withoutARegionTheSandboxOrComIsUsed() {
        assertEquals("https://www.zohoapis.com", derived(Map.of(), false).get("deskbridge.crm.api-url"));
        assertEquals("https://accounts.zoho.com", derived(Map.of(), false).get("deskbridge.desk.accounts-url"));
        Map<String, String> sandbox = derived(Map.of(), true);
        assertEquals(SANDBOX + "/sandbox/zoho", sandbox.get("deskbridge.crm.api-url"));
        assertEquals(SANDBOX + "/sandbox/accounts", sandbox.get("deskbridge.crm.accounts-url"));
        assertEquals(SANDBOX + "/sandbox/desk", sandbox.get("deskbridge.desk.api-url"));
        assertEquals(SANDBOX + "/sandbox/accounts", sandbox.get("deskbridge.desk.accounts-url"));
    }

    @Test
    void anUnknownRegionIsRefusedNamingTheKeyAndTheAllowedValues() {
        String message = assertThrows(
                        ConfigurationException.class, () -> derived(Map.of("deskbridge.zoho.region", "us"), false))
                .getMessage();
        assertEquals("deskbridge.zoho.region = 'us' is not one of com, eu, in, com.au, jp, ca, sa, cn", message);
    }

    @Test
    void aRegionWithTheSandboxOnIsRefusedNamingBothKeys() {
        String message = assertThrows(
                        ConfigurationException.class, () -> derived(Map.of("deskbridge.zoho.region", "eu"), true))
                .getMessage();
        assertTrue(
                message.contains("deskbridge.zoho.region = eu") && message.contains("deskbridge.sandbox.enabled"),
                message);
    }
}
