package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.sandbox.Sandbox;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/**
 * The sandbox as {@code java -jar deskbridge.jar sandbox} configures it, started by camel-test-main-junit5:
 * demo data, generated contacts and fault plans come from the configuration keys.
 */
@CamelMainTest(
        configurationClasses = SandboxConfiguration.class,
        properties = {
            "camel.server.enabled=true",
            "camel.server.port=0",
            "camel.main.jmx-enabled=false",
            "camel.main.routes-include-pattern=classpath:no-routes-in-sandbox-mode/*",
            "deskbridge.sandbox.data-dir=",
            "deskbridge.sandbox.generate-contacts=250",
            "deskbridge.sandbox.faults.desk.too-many-requests=0.25",
            "deskbridge.sandbox.faults.desk.retry-after=3",
            "deskbridge.sandbox.faults.crm.slow=0.5",
            "deskbridge.sandbox.faults.crm.slow-ms=10",
            "deskbridge.sandbox.faults.chat.server-errors=0.125",
            "deskbridge.sandbox.faults.sell.server-errors=0.1"
        })
class SandboxConfigurationTest {

    @BeanInject
    CamelContext context;

    @BeanInject("sandbox")
    Sandbox sandbox;

    @Test
    void theSandboxIsBuiltFromItsConfigurationKeys() {
        assertTrue(sandbox.crm().count("Contacts") >= 250, "demo data plus generated contacts");
        assertEquals(0.25, sandbox.faults().plan("desk").tooManyRequests());
        assertEquals(3, sandbox.faults().plan("desk").retryAfterSeconds());
        assertEquals(0.5, sandbox.faults().plan("crm").slow());
        assertTrue(!sandbox.faults().plan("oauth").active());
        assertEquals(0.125, sandbox.faults().plan("chat").serverErrors());
        assertEquals(0.1, sandbox.faults().plan("sell").serverErrors(), "Sell's faults are configured alike");
        assertEquals(3, sandbox.sell().leads().size(), "the Sell seed");
        // Issue 14 adds the Chat and Sell routes (sandbox-chat, sandbox-sell), issue 15 Bigin's (sandbox-bigin).
        assertEquals(9, context.getRoutes().size(), "only the sandbox's routes: " + context.getRoutes());
    }
}
