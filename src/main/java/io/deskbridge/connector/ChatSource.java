package io.deskbridge.connector;

import java.time.Duration;

/**
 * A live-chat system the {@code chats} sync reads from (Zendesk Chat). Its {@link #readChanges} over {@link #CHATS}
 * hands over, oldest first and as the system wrote them, only chats that have ended and offline messages: a chat
 * still going on is handed over by a later read, once it ended. {@link #changedAt} is the time the read resumes
 * from; a read from a stored time may hand over a chat again, which the sync takes once by its id.
 */
public interface ChatSource extends SyncConnector {

    /** The one module: chats and offline messages. */
    String CHATS = "chats";

    /**
     * How far behind a read's server time the sync's stored resume point stays: a chat the export lists some minutes
     * after its change time (Zendesk Chat refuses a {@code start_time} less than 5 minutes old, and a read resumes at
     * least this far back: 5 minutes and 1 of clock margin) is read again by a run an hour later, not skipped.
     */
    Duration LISTED_LATE = Duration.ofMinutes(6);
}
