package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Paging and time-range search answer correctly on 100,000 records. How fast they answer is measured by
 * the benchmark under bench/, not asserted here; the figures are printed for a look.
 */
class ScaleTest {

    @Test
    void pagingAndSearchOn100kRecords() throws Exception {
        try (SandboxServer s = SandboxServer.start(SandboxServer.settings(null, false))) {
            long t0 = System.nanoTime();
            s.sandbox.crm().generateContacts(100_000, "scale");
            long genMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(100_000, s.sandbox.crm().count("Contacts"));

            for (int i = 0; i < 20_000; i++) {
                ObjectNode c = SandboxServer.MAPPER
                        .createObjectNode()
                        .put("lastName", "Bulk " + i)
                        .put("email", "desk" + i + "@bulk.example");
                s.sandbox.desk().createContact(c);
            }
            Thread.sleep(5);
            String mid = Times.desk(Instant.now().toEpochMilli());
            Thread.sleep(5);
            ObjectNode later = SandboxServer.MAPPER.createObjectNode().put("title", "Changed");
            s.sandbox
                    .desk()
                    .updateContact(
                            s.sandbox
                                    .desk()
                                    .contactsWithEmail("desk5@bulk.example")
                                    .get(0)
                                    .get("id")
                                    .asText(),
                            later);

            String t = s.token();
            // warm up
            s.get("/sandbox/zoho/crm/v8/Contacts?fields=Email&per_page=200&page=10", t);
            long r0 = System.nanoTime();
            SandboxServer.Resp page = s.get(
                    "/sandbox/zoho/crm/v8/Contacts?fields=Email&per_page=200&page=10"
                            + "&sort_by=Modified_Time&sort_order=asc",
                    t,
                    "If-Modified-Since",
                    "2026-01-01T00:00:00Z");
            long pageMs = (System.nanoTime() - r0) / 1_000_000;
            assertEquals(200, page.status());
            assertEquals(200, page.json().get("data").size());
            assertTrue(page.json().get("info").get("more_records").asBoolean());

            long r1 = System.nanoTime();
            SandboxServer.Resp search = s.get(
                    "/sandbox/desk/api/v1/contacts/search?sortBy=modifiedTime&limit=100" + "&modifiedTimeRange=" + mid
                            + ",2030-01-01T00:00:00.000Z",
                    t,
                    "orgId",
                    "777001");
            long searchMs = (System.nanoTime() - r1) / 1_000_000;
            assertEquals(200, search.status(), search.body());
            assertEquals(1, search.json().get("count").asInt());
            assertEquals(
                    "desk5@bulk.example",
                    search.json().get("data").get(0).get("email").asText());
            System.out.printf("generate=%dms page=%dms search=%dms%n", genMs, pageMs, searchMs);
        }
    }
}
