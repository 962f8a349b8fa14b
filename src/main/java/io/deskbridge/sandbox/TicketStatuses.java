package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The org's ticket statuses, each with its status type (Open, On Hold or Closed). They are the org's own
 * configuration, so clients read them from {@code GET /organizationFields?module=tickets} instead of hard-coding
 * them; a fresh sandbox has Desk's defaults plus one custom status of type On Hold.
 */
final class TicketStatuses {

    static final String OPEN = "Open";
    static final String ON_HOLD = "On Hold";
    static final String CLOSED = "Closed";
    static final List<String> TYPES = List.of(OPEN, ON_HOLD, CLOSED);

    /** One status: its name ({@code status}) and type ({@code statusType}). */
    record Status(String value, String type) {}

    static final List<Status> DEFAULTS = List.of(
            new Status("Open", OPEN),
            new Status("On Hold", ON_HOLD),
            new Status("Escalated", OPEN),
            new Status("Waiting on customer", ON_HOLD),
            new Status("Closed", CLOSED));

    private final SandboxStore store;
    private final MVMap<Long, String> map;

    TicketStatuses(SandboxStore store) {
        this.store = store;
        this.map = store.map("desk.ticketStatuses");
        if (map.isEmpty()) {
            DEFAULTS.forEach(this::put);
        }
    }

    List<Status> all() {
        List<Status> out = new ArrayList<>();
        Cursor<Long, String> c = map.cursor(null);
        while (c.hasNext()) {
            c.next();
            ObjectNode n = Json.parseStored(c.getValue());
            out.add(new Status(n.get("value").asText(), n.get("statusType").asText()));
        }
        return out;
    }

    /** The status named {@code value} (case-insensitive, as Desk matches picklist values). */
    Optional<Status> find(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        return all().stream().filter(s -> s.value().equalsIgnoreCase(v)).findFirst();
    }

    /** The first status of a type, e.g. the one a close uses. */
    Status firstOfType(String type) {
        return all().stream()
                .filter(s -> s.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the org has no status of type " + type));
    }

    void add(String value, String type) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a ticket status needs a name");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("status type must be one of " + TYPES + ", not " + type);
        }
        if (find(value).isPresent()) {
            throw new IllegalArgumentException("the org already has a ticket status named " + value);
        }
        put(new Status(value.strip(), type));
    }

    private void put(Status s) {
        long id = store.nextId("desk.ticketStatus.id", 1);
        map.put(id, Json.write(Json.obj().put("value", s.value()).put("statusType", s.type())));
    }
}
