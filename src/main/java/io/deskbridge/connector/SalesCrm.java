package io.deskbridge.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A sales CRM the {@code chats} sync writes to (Zendesk Sell): its leads and contacts are read into a mirror (so a chat
 * is matched with no call), and a chat becomes a note on its record, a lead, a task for the record's owner, or a phone
 * number on a lead. Records are handed over and taken as the API's {@code data} objects, without its envelopes.
 */
public interface SalesCrm extends SyncConnector {

    String LEADS = "leads";
    String CONTACTS = "contacts";
    String NOTES = "notes";
    String TASKS = "tasks";

    /**
     * The notes on one record ({@code resourceType} {@code lead} or {@code contact}), newest first: how a note whose
     * answer was lost in a crash is found again by the chat id it carries, before it is written twice.
     */
    List<ObjectNode> notesOf(String resourceType, String resourceId);

    /**
     * The tasks on one record ({@code resourceType} {@code lead} or {@code contact}): how a task whose answer was lost
     * is found again by the chat id it carries, before it is made twice.
     */
    List<ObjectNode> tasksOf(String resourceType, String resourceId);
}
