package io.deskbridge.sync.handover;

import io.deskbridge.connector.DeskAgents.AgentActivity;

/**
 * One open ticket or activity of the leaving agent and where the plan sends it: {@code target} is the new owner, null
 * for unassigned. A {@code reason} means no chosen target can take it: it is left (with force, a ticket is left
 * unassigned).
 */
public record PlannedItem(Kind kind, String recordId, String departmentId, String target, String reason) {

    public enum Kind {
        TICKET(null),
        TASK(AgentActivity.Kind.TASK),
        CALL(AgentActivity.Kind.CALL),
        EVENT(AgentActivity.Kind.EVENT);

        private final AgentActivity.Kind activity;

        Kind(AgentActivity.Kind activity) {
            this.activity = activity;
        }

        /** The desk's activity kind; null for a ticket. */
        public AgentActivity.Kind activity() {
            return activity;
        }

        public static Kind of(AgentActivity.Kind activity) {
            return valueOf(activity.name());
        }
    }

    /** No chosen target can take it. */
    public boolean left() {
        return reason != null;
    }

    /** Whether the job changes its owner: a taken one, or, with force, a left ticket (to unassigned). */
    public boolean moves(boolean force) {
        return !left() || force && kind == Kind.TICKET;
    }
}
