package io.deskbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.SalesCrm;
import io.deskbridge.support.RunningDeskbridge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, item 2: the {@code salesCrm} bean, bound from deskbridge.sell.*, reads the sandbox's Sell as shipped. */
class SalesCrmWiringTest {

    @TempDir
    Path dir;

    @Test
    void theShippedSettingsReadTheSandboxsSell() throws Exception {
        try (RunningDeskbridge app = RunningDeskbridge.start(RunningDeskbridge.defaults(dir))) {
            SalesCrm sell = app.context().getRegistry().lookupByNameAndType("salesCrm", SalesCrm.class);
            assertNotNull(sell, "salesCrm is bound");
            assertEquals("Zendesk Sell", sell.system());
            List<ObjectNode> leads = new ArrayList<>();
            sell.readChanges(SalesCrm.LEADS, List.of(), null, page -> leads.addAll(page.records()));
            assertEquals(
                    List.of("hanako.yamada@example.jp", "pat.lee@example.com", "dup@example.com"),
                    leads.stream().map(l -> l.path("email").asText()).toList());
            assertEquals(
                    2,
                    sell.findByKey(SalesCrm.CONTACTS, "email", "dup@example.com")
                                    .size()
                            + sell.findByKey(SalesCrm.CONTACTS, "email", "ken.watanabe@example.co.jp")
                                    .size());
        }
    }

    @Test
    void aMissingAccessTokenStopsTheStartNamingTheKey() {
        Map<String, String> p = RunningDeskbridge.defaults(dir);
        p.put("deskbridge.sell.access-token", "");
        Exception e =
                assertThrows(Exception.class, () -> RunningDeskbridge.start(p).close());
        Throwable reason = Deskbridge.setupProblem(e);
        assertNotNull(reason, "expected a configuration error, got " + e);
        assertTrue(reason.getMessage().contains("deskbridge.sell.access-token"), reason.getMessage());
    }
}
