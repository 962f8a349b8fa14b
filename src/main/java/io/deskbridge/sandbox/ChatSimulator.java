package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;

/**
 * Simulated Zendesk Chat: chats and offline messages in wire shape (ISO-8601 {@code Z} times, whole seconds), the Java
 * setup API of tests and of the demo seed. The HTTP side is {@link ChatApi}.
 * <p>
 * Every chat has an {@code update_timestamp}, set whenever it changes (ending it is a change): the export lists chats
 * in the order of that time, then of their id, as the real export lists them by their update time.
 */
public final class ChatSimulator {

    /** The access token the sandbox accepts unless told another ({@code deskbridge.sandbox.chat-access-token}). */
    public static final String DEFAULT_TOKEN = "sandbox-chat-token";

    /** Where a chat stands in the export: its update time (epoch seconds), then its id. */
    record Position(long updated, String id) implements Comparable<Position> {
        static final Comparator<Position> ORDER =
                Comparator.comparingLong(Position::updated).thenComparing(Position::id);

        @Override
        public int compareTo(Position o) {
            return ORDER.compare(this, o);
        }
    }

    private final SandboxStore store;
    private final Clock clock;
    private final MVMap<Long, String> data;
    private final TreeMap<Position, Long> byUpdate = new TreeMap<>();
    private final Map<String, Long> byId = new HashMap<>();
    private volatile String token = DEFAULT_TOKEN;

    ChatSimulator(SandboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.data = store.map("chat.chats");
        data.forEach((key, text) -> index(key, Json.parseStored(text)));
    }

    /** The one access token the API takes from now on. */
    public void acceptToken(String token) {
        this.token = token;
    }

    boolean authorized(String authorization) {
        return authorization != null && authorization.strip().equals("Bearer " + token);
    }

    /**
     * Adds a chat (or an offline message, {@code type} {@code offline_msg}) as given: {@code id} and
     * {@code timestamp} are made when missing, {@code type} is {@code chat} by default, and {@code update_timestamp}
     * is the latest of its times unless given. Without {@code end_timestamp} a chat is still going on.
     */
    public ObjectNode add(ObjectNode chat) {
        synchronized (store.lock) {
            ObjectNode c = chat.deepCopy();
            long seq = store.nextId("chat.chats", 1);
            Instant now = now();
            if (!c.hasNonNull("id")) {
                c.put("id", "2611." + seq + ".sandbox");
            }
            if (byId.containsKey(c.get("id").asText())) {
                throw new IllegalArgumentException(
                        "a chat with id " + c.get("id").asText() + " exists already");
            }
            if (!c.hasNonNull("type")) {
                c.put("type", "chat");
            }
            if (!c.hasNonNull("timestamp")) {
                c.put("timestamp", now.toString());
            }
            if (!c.hasNonNull("update_timestamp")) {
                String end = Json.text(c, "end_timestamp");
                c.put("update_timestamp", end != null ? end : c.get("timestamp").asText());
            }
            put(seq, c);
            store.commit();
            return c.deepCopy();
        }
    }

    /** Ends a chat now: its end time, duration and update time are set, so the export lists it again. */
    public ObjectNode end(String chatId) {
        synchronized (store.lock) {
            Long key = byId.get(chatId);
            if (key == null) {
                throw new IllegalArgumentException("no chat " + chatId);
            }
            ObjectNode c = Json.parseStored(data.get(key));
            Instant now = now();
            c.put("end_timestamp", now.toString());
            c.put("update_timestamp", now.toString());
            Instant started = Instant.parse(c.get("timestamp").asText());
            c.put("duration", Math.max(0, now.getEpochSecond() - started.getEpochSecond()));
            put(key, c);
            store.commit();
            return c.deepCopy();
        }
    }

    /**
     * Changes a chat now (an agent tags it, a visitor's email is added): its update time is set, so the export lists it
     * again.
     */
    public ObjectNode update(String chatId, java.util.function.Consumer<ObjectNode> change) {
        synchronized (store.lock) {
            Long key = byId.get(chatId);
            if (key == null) {
                throw new IllegalArgumentException("no chat " + chatId);
            }
            ObjectNode c = Json.parseStored(data.get(key));
            change.accept(c);
            c.put("update_timestamp", now().toString());
            put(key, c);
            store.commit();
            return c.deepCopy();
        }
    }

    /**
     * Adds {@code n} ended chats of visitors {@code chat-visitor-<i>@example.com}, ten to a second of update time
     * (so pages end inside a second), the newest an hour ago.
     */
    public List<ObjectNode> generate(int n) {
        Instant last = now().minus(1, ChronoUnit.HOURS);
        List<ObjectNode> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant end = last.minusSeconds((n - 1 - i) / 10);
            Instant start = end.minusSeconds(300);
            ObjectNode c = Json.obj()
                    .put("type", "chat")
                    .put("timestamp", start.toString())
                    .put("end_timestamp", end.toString());
            c.set(
                    "visitor",
                    Json.obj()
                            .put("name", "Visitor " + i)
                            .put("email", "chat-visitor-" + i + "@example.com")
                            .put("phone", "")
                            .put("notes", ""));
            ArrayNode history = c.putArray("history");
            history.add(Json.obj()
                    .put("type", "chat.msg")
                    .put("name", "Visitor " + i)
                    .put("msg", "Hello, question " + i)
                    .put("timestamp", start.toString()));
            c.putArray("agent_names").add("Sandbox Agent");
            out.add(add(c));
        }
        return out;
    }

    /** Every chat, in the export's order. */
    public List<ObjectNode> chats() {
        synchronized (store.lock) {
            List<ObjectNode> out = new ArrayList<>(byUpdate.size());
            byUpdate.values().forEach(key -> out.add(Json.parseStored(data.get(key))));
            return out;
        }
    }

    public Optional<ObjectNode> chat(String id) {
        synchronized (store.lock) {
            Long key = byId.get(id);
            return key == null ? Optional.empty() : Optional.of(Json.parseStored(data.get(key)));
        }
    }

    boolean isEmpty() {
        return data.isEmpty();
    }

    /**
     * Up to {@code limit} chats after a position of the export: updated at or after {@code startTime}, or, with a
     * {@code startId}, after that chat of that second; plus whether more follow.
     */
    Slice after(long startTime, String startId, int limit) {
        synchronized (store.lock) {
            NavigableMap<Position, Long> rest = startId == null
                    ? byUpdate.tailMap(new Position(startTime, ""), true)
                    : byUpdate.tailMap(new Position(startTime, startId), false);
            List<ObjectNode> page = new ArrayList<>(Math.min(limit, rest.size()));
            for (Long key : rest.values()) {
                if (page.size() == limit) {
                    break;
                }
                page.add(Json.parseStored(data.get(key)));
            }
            return new Slice(page, rest.size() > page.size());
        }
    }

    record Slice(List<ObjectNode> chats, boolean more) {}

    static long updated(ObjectNode chat) {
        return Instant.parse(chat.get("update_timestamp").asText()).getEpochSecond();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    SandboxStore store() {
        return store;
    }

    private void put(long key, ObjectNode chat) {
        Long old = byId.get(chat.get("id").asText());
        if (old != null) {
            byUpdate.values().remove(old);
        }
        data.put(key, Json.write(chat));
        index(key, chat);
    }

    private void index(long key, ObjectNode chat) {
        byUpdate.put(new Position(updated(chat), chat.get("id").asText()), key);
        byId.put(chat.get("id").asText(), key);
    }
}
