package io.deskbridge.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Bounded log of the HTTP calls the sandbox served (the newest {@value #CAPACITY} entries). */
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
     */
    public record Entry(String system, String method, String path, String query, int status, String fault) {

        /** An entry without injected faults. */
        public Entry(String system, String method, String path, String query, int status) {
            this(system, method, path, query, status, null);
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

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

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
