package io.deskbridge.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded log of the HTTP calls the sandbox served (the newest {@value #CAPACITY} entries), with when each began and
 * ended and which OAuth client sent it, and the most calls of each system that were in flight at once: what a test
 * needs to check that a client keeps to the API's limits.
 */
public final class RequestLog {

    static final int CAPACITY = 100_000;

    /**
     * One served request.
     *
     * @param system "crm", "desk" or "oauth"
     * @param method HTTP method
     * @param path   request path, e.g. {@code /sandbox/zoho/crm/v8/Contacts}
     * @param query  raw query string or null
     * @param status HTTP status sent (for an injected timeout 504, even when the client gave up before)
     * @param fault  the faults injected into this request, comma separated ({@code 429}, {@code 500}, {@code lost},
     *               {@code timeout}, {@code slow}, {@code revoked}), or null when none
     * @param startedAt when the sandbox began to serve the request
     * @param endedAt   when its answer was ready to be written
     * @param client    the OAuth client id of the access token it carried, or null (no token, or not one of ours)
     */
    public record Entry(
            String system,
            String method,
            String path,
            String query,
            int status,
            String fault,
            Instant startedAt,
            Instant endedAt,
            String client) {

        /** An entry without timing or client. */
        public Entry(String system, String method, String path, String query, int status, String fault) {
            this(system, method, path, query, status, fault, null, null, null);
        }

        /** An entry without injected faults. */
        public Entry(String system, String method, String path, String query, int status) {
            this(system, method, path, query, status, null);
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, int[]> inFlight = new ConcurrentHashMap<>(); // system -> {now, most}

    /** A request of {@code system} began to be served. */
    void started(String system) {
        int[] n = inFlight.computeIfAbsent(system, s -> new int[2]);
        synchronized (n) {
            n[1] = Math.max(n[1], ++n[0]);
        }
    }

    /** A request of {@code system} was answered (or given up). */
    void ended(String system) {
        int[] n = inFlight.computeIfAbsent(system, s -> new int[2]);
        synchronized (n) {
            n[0]--;
        }
    }

    /** The most requests of {@code system} served at once since the start or the last {@link #clear()}. */
    public int maxInFlight(String system) {
        int[] n = inFlight.get(system);
        if (n == null) {
            return 0;
        }
        synchronized (n) {
            return n[1];
        }
    }

    void add(Entry e) {
        synchronized (entries) {
            if (entries.size() >= CAPACITY) {
                entries.removeFirst();
            }
            entries.addLast(e);
        }
    }

    /** Snapshot of the logged requests, oldest first. */
    public List<Entry> entries() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    /** Forgets the logged requests and the most in flight (the requests being served now stay counted). */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
        inFlight.values().forEach(n -> {
            synchronized (n) {
                n[1] = n[0];
            }
        });
    }
}
