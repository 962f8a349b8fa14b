package io.deskbridge.sync.handover;

import java.util.Arrays;
import java.util.List;

/**
 * Where a leaving agent's tickets go, as the request's {@code tickets} names it: one agent, several in turn
 * ({@code round-robin:<id,id,...>}), or nobody ({@code unassigned}).
 */
public record TicketTargets(List<String> agentIds) {

    public static final String UNASSIGNED = "unassigned";
    public static final String ROUND_ROBIN = "round-robin:";

    public TicketTargets {
        agentIds = List.copyOf(agentIds);
    }

    /** The choice as written in the request; an {@link IllegalArgumentException} says what is wrong with it. */
    public static TicketTargets parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "'tickets' is required: an agent id, \"round-robin:<id,id,...>\" or" + " \"unassigned\"");
        }
        String t = text.strip();
        if (t.equals(UNASSIGNED)) {
            return new TicketTargets(List.of());
        }
        if (t.startsWith(ROUND_ROBIN)) {
            List<String> ids = Arrays.stream(t.substring(ROUND_ROBIN.length()).split(",", -1))
                    .map(String::strip)
                    .toList();
            if (ids.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException(
                        "'tickets' round-robin list has an empty agent id: give \"round-robin:<id,id,...>\"");
            }
            if (ids.stream().distinct().count() != ids.size()) {
                throw new IllegalArgumentException("'tickets' round-robin list names an agent twice");
            }
            return new TicketTargets(ids);
        }
        if (t.contains(",") || t.contains(":")) {
            throw new IllegalArgumentException(
                    "'tickets' is neither an agent id, \"round-robin:<id,id,...>\" nor" + " \"unassigned\": " + t);
        }
        return new TicketTargets(List.of(t));
    }

    /** The choice as a request writes it; {@link #parse} reads it back. */
    public String text() {
        return switch (agentIds.size()) {
            case 0 -> UNASSIGNED;
            case 1 -> agentIds.get(0);
            default -> ROUND_ROBIN + String.join(",", agentIds);
        };
    }

    public boolean unassigned() {
        return agentIds.isEmpty();
    }
}
