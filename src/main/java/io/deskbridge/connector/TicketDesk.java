package io.deskbridge.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A help desk's tickets: the sync contract for its module {@value #MODULE} (read by change time, create, update,
 * move to trash), and what a salesperson may do to one ticket from the CRM side. Zoho Desk implements it; the
 * pipeline and the admin API know only this interface.
 * <p>
 * As for every connector, each call goes through the system's {@link ApiCaller} (retries, 401 refresh, 429 and its
 * gate, the daily budget) and each failure is a typed {@link ApiException}: a ticket the desk refuses (unknown id,
 * a status the org does not have) is a {@link RecordRefused} carrying the desk's own message. Tickets, threads,
 * comments and ratings come back as the desk sends them.
 */
public interface TicketDesk extends SyncConnector {

    /** The one module a ticket connector serves. */
    String MODULE = "tickets";

    /** One ticket as the desk has it now. */
    ObjectNode ticket(String ticketId);

    /** Opens a ticket; returns it as created. Not repeated after a lost answer: that could open it twice. */
    ObjectNode createTicket(NewTicket ticket);

    /** Changes status, priority, assignee or due date; returns the ticket as updated. */
    ObjectNode updateTicket(String ticketId, TicketChanges changes);

    /** The ticket's conversation, oldest first: a summary of each thread (no full content). */
    List<ObjectNode> threads(String ticketId);

    /** One thread with its full content. */
    ObjectNode thread(String ticketId, String threadId);

    /** The ticket's comments, oldest first, public and private. */
    List<ObjectNode> comments(String ticketId);

    /** Adds a comment, seen by the customer when {@code isPublic}; returns it. */
    ObjectNode comment(String ticketId, String content, boolean isPublic);

    /** The ticket's newest thread, with its recipients. */
    ObjectNode latestThread(String ticketId);

    /** Sends an email reply or forward on the ticket; returns the thread it made. Not repeated after a lost answer. */
    ObjectNode sendReply(String ticketId, TicketReply reply);

    /** Closes the tickets (with the org's closed status). */
    void close(List<String> ticketIds);

    /** Moves the tickets to the desk's trash, from where they can be restored. */
    void trash(List<String> ticketIds);

    /** The customer's ratings of the ticket, as the desk's happiness survey recorded them. */
    List<ObjectNode> ratings(String ticketId);

    /** Every rating a contact gave. */
    List<ObjectNode> ratingsOfContact(String contactId);

    /** The org's ticket statuses with their types, from the desk's field metadata: never a fixed list. */
    List<TicketStatus> statuses();
}
