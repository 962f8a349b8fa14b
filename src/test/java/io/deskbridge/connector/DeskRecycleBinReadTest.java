package io.deskbridge.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deskbridge.connector.zohodesk.ZohoDeskClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11 item 4: the recycle-bin read goes newest first, stops at what was seen, and does not step over records. */
class DeskRecycleBinReadTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A page of the listing, newest first: ids {@code first} down, one second apart from {@code first} seconds after T0. */
    static String page(int first, int count) {
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 0; i < count; i++) {
            int n = first - i;
            b.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(n)
                    .append("\",\"type\":\"Contacts\",\"deletedTime\":\"")
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
    void readsNewestFirstAndStopsAtThePageThatReachesWhatWasSeen() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            api.then(200, page(3000, 100)).then(200, page(2901, 100));
            List<String> ids = new ArrayList<>();
            DeletedRead r = client(api)
                    .readDeleted(
                            "contacts",
                            T0.plusSeconds(2850),
                            p -> p.records().forEach(n -> ids.add(n.path("id").asText())));
            assertEquals(2, r.calls());
            assertTrue(r.complete());
            assertTrue(
                    api.seen.get(0).query().contains("sortBy=-deletedTime"),
                    api.seen.get(0).query());
            assertTrue(
                    api.seen.get(1).query().contains("from=99"),
                    "pages overlap by one: " + api.seen.get(1).query());
            assertTrue(ids.contains("2851"), "everything trashed after the watermark is handed over");
        }
    }

    @Test
    void startsAgainFromTheTopWhenRecordsAboveLeftTheBinWhileItRead() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            // Page 2 no longer holds page 1's last record (2901): one above it was restored, so 2900 would be stepped
            // over.
            api.then(200, page(3000, 100))
                    .then(200, page(2899, 100))
                    .then(200, page(3000, 100))
                    .then(200, page(2901, 100));
            List<String> ids = new ArrayList<>();
            DeletedRead r = client(api)
                    .readDeleted(
                            "contacts",
                            T0.plusSeconds(2850),
                            p -> p.records().forEach(n -> ids.add(n.path("id").asText())));
            assertEquals(4, r.calls());
            assertTrue(ids.contains("2900"), "the record the shifted offsets would have skipped is read");
        }
    }

    @Test
    void aReadCutShortHandsOverOnlyWhatItReadAndThrows() throws Exception {
        try (ScriptedApi api = new ScriptedApi()) {
            api.then(200, page(3000, 100)).then(400, "{\"errorCode\":\"INVALID_DATA\",\"message\":\"boom\"}");
            List<Integer> pages = new ArrayList<>();
            assertThrows(
                    ApiException.class,
                    () -> client(api)
                            .readDeleted(
                                    "contacts", T0, p -> pages.add(p.records().size())));
            assertEquals(List.of(100), pages, "the caller moves its watermark only after a complete read");
        }
    }
}
