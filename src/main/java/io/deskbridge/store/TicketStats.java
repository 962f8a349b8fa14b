package io.deskbridge.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A CRM record's support figures, computed from its mirrored tickets. Averages are whole seconds, null when no
 * ticket qualifies: first response over the tickets answered (created to first response), resolution over the
 * closed tickets (created to closed). Ratings count each ticket's latest rating. The latest feedback is the
 * newest non-blank feedback of any of the tickets, with the time of its rating.
 */
public record TicketStats(
        int total,
        int open,
        int overdue,
        Duration averageFirstResponse,
        Duration averageResolution,
        int good,
        int okay,
        int bad,
        String latestFeedback,
        Instant latestFeedbackAt) {

    /** The figures of a record without tickets. */
    public static final TicketStats NONE = new TicketStats(0, 0, 0, null, null, 0, 0, 0, null, null);

    /** A hash of the figures: equal hashes mean there is nothing new to write into the CRM record. */
    public String hash() {
        return Fingerprint.of(
                total,
                open,
                overdue,
                averageFirstResponse,
                averageResolution,
                good,
                okay,
                bad,
                latestFeedback,
                latestFeedbackAt);
    }
}
