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
     * @param status HTTP status sent
     */
    public record Entry(String system, String method, String path, String query, int status) {
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
