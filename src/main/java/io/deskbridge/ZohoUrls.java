package io.deskbridge;

import io.deskbridge.model.Choice;
import io.deskbridge.model.ConfigurationException;
import io.deskbridge.model.ZohoRegion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four Zoho URLs ({@link SandboxUrls#KEYS}) from {@code deskbridge.zoho.region}. A URL the user set (a working
 * folder application.properties, an environment variable, -D) is kept; the packaged file sets none of them, so each one
 * left unset is derived: the embedded sandbox's while it is on, the region's data centre (com by default) when it is
 * off. A region set while the sandbox is on is half a switch to real accounts and stops the start, as a real URL does
 * ({@link SandboxUrls}).
 */
final class ZohoUrls {

    static final String REGION = "deskbridge.zoho.region";

    private static final Logger LOG = LoggerFactory.getLogger(ZohoUrls.class);

    private ZohoUrls() {}

    /**
     * Sets each unset Zoho URL to its derived value, where every later reader of the key finds it. Called again (the
     * sandbox's configuration, then the runtime's), it finds them set and changes nothing.
     */
    static void fillIn(PropertiesComponent properties, Settings settings, boolean sandboxEnabled) {
        Map<String, String> derived = derive(
                key -> settings.optional(key, null),
                sandboxEnabled,
                "http://127.0.0.1:" + ServerPorts.serverPort(settings));
        derived.forEach(properties::addOverrideProperty);
        if (!sandboxEnabled && !derived.isEmpty()) {
            LOG.info(
                    "Zoho URLs of {} = {}: {}",
                    REGION,
                    region(settings.optional(REGION, null)).key(),
                    derived);
        }
    }

    /**
     * The value of each of the four keys that {@code set} (a key's value as the user set it, or null) leaves unset.
     *
     * @param sandboxBase the embedded sandbox's scheme, host and port
     */
    static Map<String, String> derive(UnaryOperator<String> set, boolean sandboxEnabled, String sandboxBase) {
        String regionKey = set.apply(REGION);
        ZohoRegion region = region(regionKey);
        if (sandboxEnabled && regionKey != null) {
            throw new ConfigurationException(REGION + " = " + regionKey
                    + " chooses the data centre of real Zoho accounts, but deskbridge.sandbox.enabled is true; either"
                    + " set deskbridge.sandbox.enabled=false or remove " + REGION);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("deskbridge.crm.api-url", sandboxEnabled ? sandboxBase + "/sandbox/zoho" : region.apiDomain());
        values.put(
                "deskbridge.crm.accounts-url",
                sandboxEnabled ? sandboxBase + "/sandbox/accounts" : region.accountsServer());
        values.put("deskbridge.desk.api-url", sandboxEnabled ? sandboxBase + "/sandbox/desk" : region.deskDomain());
        values.put(
                "deskbridge.desk.accounts-url",
                sandboxEnabled ? sandboxBase + "/sandbox/accounts" : region.accountsServer());
        values.keySet().removeIf(key -> set.apply(key) != null);
        return values;
    }

    private static ZohoRegion region(String key) {
        if (key == null) {
            return ZohoRegion.COM;
        }
        try {
            return Choice.parse(ZohoRegion.class, key, REGION);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
