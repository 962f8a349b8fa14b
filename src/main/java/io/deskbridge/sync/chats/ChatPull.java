package io.deskbridge.sync.chats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.connector.ChatSource;
import io.deskbridge.connector.Page;
import io.deskbridge.connector.ReadSummary;
import io.deskbridge.store.ChatOutcomes;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Watermarks;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.run.SyncRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chats the sync has to write. {@link #chats} reads the chats ended since the watermark, page by page, and keeps
 * each one not read before as pending, in one commit with the watermark that covers the page: a crash reads a page
 * again or finds it kept, and a chat handed over again (a re-read, a chat the read resumes at) is not taken twice.
 * {@link #waiting} then hands the pending chats (and the failed ones with attempts left) to the route, a batch at a
 * time, each batch a point where a pause or a shutdown stops the run.
 */
public final class ChatPull {

    private static final Logger LOG = LoggerFactory.getLogger(ChatPull.class);
    static final String CHANGES = "chat";
    static final String SCOPE = "chat";
    /** Chats fetched from the store at a time; also how often the lease is renewed and progress saved. */
    static final int BATCH = 200;

    private final ChatSource chat;
    private final Jdbc jdbc;
    private final ChatOutcomes outcomes;
    private final Watermarks watermarks;
    private final SyncRuns syncRuns;
    private final ObjectMapper json;
    private final String salesTag;
    private final int maxAttempts;
    private final Clock clock;

    public ChatPull(
            ChatSource chat,
            Jdbc jdbc,
            ChatOutcomes outcomes,
            Watermarks watermarks,
            SyncRuns syncRuns,
            ObjectMapper json,
            String salesTag,
            int maxAttempts,
            Clock clock) {
        this.chat = chat;
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.watermarks = watermarks;
        this.syncRuns = syncRuns;
        this.json = json;
        this.salesTag = salesTag;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /** The chats ended since the watermark, kept as pending page by page. */
    public void chats(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        if (run.stoppedBecause() != null) {
            return;
        }
        Instant since =
                watermarks.get(run.syncId(), CHANGES, SCOPE).map(Instant::parse).orElse(null);
        int[] pages = {0};
        int[] kept = {0};
        try {
            ReadSummary s = chat.readChanges(ChatSource.CHATS, List.of(), since, page -> {
                pages[0]++;
                kept[0] += keep(run, since, page);
                if (syncRuns.pageDone(run)) {
                    throw new ReadStopped();
                }
            });
            run.deskCalls(s.calls());
        } catch (ReadStopped stop) {
            run.deskCalls(pages[0]);
        }
        if (kept[0] > 0) {
            LOG.info("{} run {}: {} new chat(s) read", run.syncId(), run.runId(), kept[0]);
        }
    }

    private int keep(RunContext run, Instant since, Page page) {
        Map<String, String> byId = new LinkedHashMap<>();
        Set<String> forSales = new HashSet<>();
        Instant newest = since;
        for (ObjectNode c : page.records()) {
            String id = c.path("id").asText("");
            if (id.isBlank()) {
                LOG.warn("{} run {}: a chat without an id was skipped", run.syncId(), run.runId());
                continue;
            }
            Instant at = chat.changedAt(c);
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
            byId.put(id, c.toString());
            if (new ChatWork(id, c, salesTag, false).forSales()) {
                forSales.add(id);
            }
        }
        Instant watermark = held(newest, page.serverTime(), clock);
        return jdbc.inTransaction(() -> {
            int n = outcomes.stageNew(run.syncId(), byId, forSales, this::visitorEmail);
            if (watermark != null && (since == null || watermark.isAfter(since))) {
                watermarks.set(run.syncId(), CHANGES, SCOPE, watermark.toString());
            }
            return n;
        });
    }

    /**
     * The resume point a page allows: its newest change time, but never later than {@link ChatSource#LISTED_LATE}
     * before the read's server time (our clock without one). The connector reads that far back on each run anyway,
     * but only from now: a watermark later than that would skip, on a run an hour later, a chat the export listed late.
     */
    static Instant held(Instant newest, Instant serverTime, Clock clock) {
        if (newest == null) {
            return null;
        }
        Instant latest = (serverTime != null ? serverTime : clock.instant()).minus(ChatSource.LISTED_LATE);
        return newest.isAfter(latest) ? latest : newest;
    }

    /** The visitor's email as the chat gives it: what decides whether an excluded chat is taken again. */
    private String visitorEmail(String payload) {
        return new ChatWork("", parse(payload), salesTag, false).email().raw();
    }

    /** The stored resume point of the chats read (for tests). */
    Optional<Instant> watermark(String syncId) {
        return watermarks.get(syncId, CHANGES, SCOPE).map(Instant::parse);
    }

    /** The chats to write, a batch at a time; stops between batches when the run must stop. */
    public Iterator<ChatWork> waiting(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        return new Iterator<>() {
            private final Deque<ChatWork> buffer = new ArrayDeque<>();
            private String lastId = "";
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                run.throwIfEnding();
                if (buffer.isEmpty() && !exhausted) {
                    fill();
                }
                return !buffer.isEmpty();
            }

            @Override
            public ChatWork next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                run.counters().read();
                return buffer.removeFirst();
            }

            private void fill() {
                if (run.stoppedBecause() != null || (!lastId.isEmpty() && syncRuns.pageDone(run))) {
                    exhausted = true;
                    return;
                }
                List<ChatOutcomes.Waiting> rows = outcomes.waitingAfter(run.syncId(), lastId, maxAttempts, BATCH);
                if (rows.size() < BATCH) {
                    exhausted = true;
                }
                outcomes.take(
                        run.syncId(),
                        rows.stream().map(ChatOutcomes.Waiting::chatId).toList(),
                        run.runId());
                for (ChatOutcomes.Waiting w : rows) {
                    buffer.add(new ChatWork(w.chatId(), parse(w.payload()), salesTag, w.takenBy() != null));
                    lastId = w.chatId();
                }
            }
        };
    }

    private ObjectNode parse(String payload) {
        try {
            return (ObjectNode) json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
