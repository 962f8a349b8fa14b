package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Desk search pages by offset in modifiedTime order. A record changed while it is read moves to the end and
 * the next one moves up onto a page already read: pages overlap by one record, and a page that no longer holds
 * the last record of the one before is not handed over; the window is read again from its start. Without this,
 * a crash before the end of the read left that record behind a watermark that had passed it.
 */
class DeskSearchPagingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Records with ids {@code first}..{@code first+count-1}, one second apart, oldest first. */
    static String page(int first, int count) {
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 0; i < count; i++) {
            int n = first + i;
            b.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(n)
                    .append("\",\"email\":\"c")
                    .append(n)
                    .append("@example.com\",\"modifiedTime\":\"")
                    .append(T0.plusSeconds(n))
                    .append("\"}");
        }
        return b.append("]}").toString();
    }

    static ZohoDeskClient client(ScriptedApi api) {
        return new ZohoDeskClient(
                new ApiCaller(
                        "Zoho Desk",
                        ApiCaller.newHttpClient(Duration.ofSeconds(5)),
                        ApiCaller.Auth.NONE,
                        RetryPolicy.DEFAULT,
                        Duration.ofSeconds(5),
                        d -> {}),
                api.uri(),
                "1",
                JSON);
    }

    @Test
    void pagesOverlapByOneRecord() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            api.then(200, page(1, 100)).then(200, page(100, 30));
            List<String> ids = new ArrayList<>();
            ReadSummary s = client(api)
                    .readChanges(
                            "contacts",
                            List.of(),
                            T0,
                            p -> p.records().forEach(r -> ids.add(r.path("id").asText())));
            assertEquals(2, s.calls());
            assertTrue(
                    api.seen.get(0).query().contains("from=0"), api.seen.get(0).query());
            assertTrue(
                    api.seen.get(1).query().contains("from=99"), api.seen.get(1).query());
            assertEquals(130, ids.size(), "the overlapping record is handed over twice; the handler stores by id");
            assertEquals(129, ids.stream().distinct().count());
        }
    }

    @Test
    void aPageThatNoLongerHoldsTheLastRecordReadIsNotHandedOverAndTheWindowIsReadAgain() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            // Record 5 changed after page 1 was read: everything after it moved up one place, so from=99 now starts
            // at record 101; record 100 sits where page 1 was, and would have been stepped over.
            String shifted =
                    page(101, 29).replace("]}", ",{\"id\":\"5\",\"modifiedTime\":\"" + T0.plusSeconds(500) + "\"}]}");
            String again = page(1, 4).replace("]}", "," + page(6, 96).substring("{\"data\":[".length()));
            api.then(200, page(1, 100)).then(200, shifted).then(200, again).then(200, page(100, 30));
            List<List<String>> pages = new ArrayList<>();
            client(api)
                    .readChanges(
                            "contacts",
                            List.of(),
                            T0,
                            p -> pages.add(p.records().stream()
                                    .map(r -> r.path("id").asText())
                                    .toList()));
            assertEquals(
                    List.of("0", "99", "0", "99"),
                    api.seen.stream()
                            .map(c -> c.query().replaceAll(".*from=(\\d+).*", "$1"))
                            .toList());
            assertEquals(3, pages.size(), "the page that stepped over record 100 was not handed over");
            assertFalse(pages.stream().anyMatch(p -> p.contains("101") && !p.contains("100")));
            assertTrue(pages.get(2).contains("100"), "record 100 is read");
        }
    }

    @Test
    void anEmptyAnswerAfterAFullPageIsASteppedOverPageToo() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            // Two records above the offset left the search (trashed): the page that should start with record 100 is
            // empty.
            api.then(200, page(1, 100)).then(204, "").then(200, page(3, 100)).then(200, page(102, 10));
            List<String> ids = new ArrayList<>();
            client(api)
                    .readChanges(
                            "contacts",
                            List.of(),
                            T0,
                            p -> p.records().forEach(r -> ids.add(r.path("id").asText())));
            assertEquals(4, api.seen.size(), "the window was read again from its start");
            assertTrue(ids.contains("101") && ids.contains("102"), "nothing after record 100 was stepped over");
        }
    }
}
