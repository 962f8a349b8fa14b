package io.deskbridge.connector;

import java.time.Instant;

/**
 * What an update changes on a ticket; a null leaves that field as it is.
 *
 * @param status     one of the org's statuses ({@link TicketDesk#statuses()})
 * @param priority   the desk's priority value
 * @param assigneeId the desk's id of the agent to assign
 * @param dueDate    when the ticket is due
 */
public record TicketChanges(String status, String priority, String assigneeId, Instant dueDate) {

    public TicketChanges {
        if (status == null && priority == null && assigneeId == null && dueDate == null) {
            throw new IllegalArgumentException(
                    "a ticket update changes at least one of status, priority," + " assigneeId, dueDate");
        }
    }
}
