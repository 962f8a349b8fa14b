package io.deskbridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A Desk list's {@code from} and {@code limit}, checked as Desk does, and the {@code {"data":[...]}} page it cuts. */
record DeskPaging(int from, int limit) {

    /** The paging of a request, or Desk's 422 naming the parameter that is out of range. */
    static Object read(SandboxRequest req, int defaultFrom, int maxFrom, int defaultLimit, int maxLimit) {
        Object from = DeskApi.intParam(req, "from", defaultFrom, 0, maxFrom);
        if (from instanceof SandboxResponse r) {
            return r;
        }
        Object limit = DeskApi.intParam(req, "limit", defaultLimit, 1, maxLimit);
        if (limit instanceof SandboxResponse r) {
            return r;
        }
        return new DeskPaging((Integer) from, (Integer) limit);
    }

    /** The records {@code from} (0-based) on, at most {@code limit}: 200 {"data":[...]}, or 204 when none. */
    SandboxResponse page(List<? extends JsonNode> all) {
        return slice(all, from);
    }

    /** As {@link #page}, for the lists whose {@code from} is 1-based (0 reads from the first, as 1 does). */
    SandboxResponse pageFromOne(List<? extends JsonNode> all) {
        return slice(all, Math.max(from, 1) - 1);
    }

    private SandboxResponse slice(List<? extends JsonNode> all, int offset) {
        int start = Math.min(offset, all.size());
        return data(all.subList(start, Math.min(all.size(), start + limit)));
    }

    /** {@code {"data":[...]}}, or 204 with no body for an empty page, as every Desk list answers. */
    static SandboxResponse data(List<? extends JsonNode> items) {
        if (items.isEmpty()) {
            return SandboxResponse.empty(204);
        }
        ObjectNode body = Json.obj();
        ArrayNode data = body.putArray("data");
        items.forEach(data::add);
        return SandboxResponse.of(200, body);
    }
}
