package io.deskbridge;

import io.deskbridge.model.ConfigurationException;
import io.deskbridge.sandbox.ChatSimulator;
import io.deskbridge.sandbox.FaultInjector;
import io.deskbridge.sandbox.FaultPlan;
import io.deskbridge.sandbox.Sandbox;
import io.deskbridge.sandbox.SandboxSettings;
import io.deskbridge.sandbox.SimulatedCrm;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox on its own: {@code java -jar deskbridge.jar sandbox} serves only the simulated Zoho CRM and
 * Desk, so a runtime in another process can be pointed at it (crash drills, demos of several nodes).
 * Beside the runtime, {@link WhenEnabled} starts it when {@code deskbridge.sandbox.enabled} is true.
 */
public final class SandboxConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        ServerPorts.requireBindable(settings);
        start(context, settings);
    }

    /** The sandbox beside the runtime, on the runtime's port, when {@code deskbridge.sandbox.enabled} is true. */
    public static final class WhenEnabled implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            Settings settings = new Settings(context);
            if (settings.flag("deskbridge.sandbox.enabled", false)) {
                // Checked here too, before anything is served: a sandbox next to real URLs is refused.
                ZohoUrls.fillIn(context.getPropertiesComponent(), settings, true);
                SandboxUrls.requireAgreement(settings, true);
                ServerPorts.requireBindable(settings);
                start(context, settings);
            }
        }
    }

    static Sandbox start(CamelContext context, Settings settings) throws Exception {
        String dataDir = settings.optional("deskbridge.sandbox.data-dir", null);
        if (dataDir != null) { // the sandbox store holds demo people; kept like the real ones, from its first file on
            DeskbridgeConfiguration.ownerOnly("deskbridge.sandbox.data-dir", java.nio.file.Path.of(dataDir), "sandbox");
        }
        Sandbox sandbox = new Sandbox(new SandboxSettings(
                settings.optional("deskbridge.sandbox.client-id", "sandbox-client"),
                settings.optional("deskbridge.sandbox.client-secret", "sandbox-secret"),
                settings.optional("deskbridge.sandbox.refresh-token", "sandbox-refresh-token"),
                settings.optional("deskbridge.sandbox.desk-org-id", "600000001"),
                settings.duration("deskbridge.sandbox.token-ttl", Duration.ofHours(1)),
                dataDir,
                settings.flag("deskbridge.sandbox.seed-demo-data", true),
                SimulatedCrm.valueOf(
                        DeskbridgeConfiguration.sandboxCrmProduct(settings).name())));
        if (dataDir != null) { // the files the store has just created, with the process umask
            DeskbridgeConfiguration.ownerOnly("deskbridge.sandbox.data-dir", java.nio.file.Path.of(dataDir), "sandbox");
        }
        // Whether the Desk refuses a second contact with the same primary email; off, duplicates would show.
        sandbox.desk().setUniqueEmails(settings.flag("deskbridge.sandbox.desk-unique-emails", true));
        sandbox.chat()
                .acceptToken(settings.optional("deskbridge.sandbox.chat-access-token", ChatSimulator.DEFAULT_TOKEN));
        // Zoho's 100,000 records per page_token walk, lowered to test reads that go past it.
        int pageTokenLimit = settings.integer("deskbridge.sandbox.crm.page-token-limit", 100_000, 1, Integer.MAX_VALUE);
        sandbox.crm().setPageTokenLimit(pageTokenLimit);
        sandbox.sell()
                .setAccessToken(settings.optional(
                        "deskbridge.sandbox.sell-access-token", io.deskbridge.sandbox.SellSimulator.DEFAULT_TOKEN));
        for (String system : FaultInjector.SYSTEMS) {
            String prefix = "deskbridge.sandbox.faults." + system + ".";
            try {
                java.util.Map<String, String> plan = new java.util.HashMap<>();
                for (String key : FaultPlan.KEYS) {
                    String value = settings.optional(prefix + key, null);
                    if (value != null) {
                        plan.put(key, value);
                    }
                }
                sandbox.faults().set(system, FaultPlan.parse(plan, prefix));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(e.getMessage());
            }
        }
        String seed = settings.optional("deskbridge.sandbox.faults.seed", null);
        if (seed != null) {
            sandbox.faults().seed(Long.parseLong(seed));
        }
        int generate = settings.integer("deskbridge.sandbox.generate-contacts", 0, 0, Integer.MAX_VALUE);
        if (generate > 0 && sandbox.crm().count("Contacts") < generate) {
            sandbox.crm()
                    .generateContacts(
                            generate,
                            "generated",
                            settings.integer(
                                    "deskbridge.sandbox.generate-contacts-per-second", 100, 1, Integer.MAX_VALUE));
            LOG.info("Sandbox: {} CRM contacts generated", generate);
        }
        context.getRegistry().bind("sandbox", sandbox);
        context.addRoutes(sandbox.routes());
        DeskbridgeConfiguration.closeOnStop(context, "sandbox", sandbox);
        LOG.info(
                "Sandbox enabled: a simulated Zoho CRM, Zoho Desk, Zendesk Chat and Zendesk Sell are served under /sandbox on this port");
        return sandbox;
    }
}
