package io.deskbridge.connector;

/**
 * One of a help desk's own ticket statuses, as its field metadata lists them: the org names them ({@code Open},
 * {@code Waiting on customer}, ...), and each belongs to one of the desk's fixed types ({@code Open},
 * {@code On Hold}, {@code Closed} for Zoho Desk), which is what filters and figures go by.
 *
 * @param value      the status as tickets carry it and as an update sends it
 * @param statusType the type the org gave the status
 */
public record TicketStatus(String value, String statusType) {

    public boolean closed() {
        return "Closed".equalsIgnoreCase(statusType);
    }

    public boolean onHold() {
        return "On Hold".equalsIgnoreCase(statusType);
    }
}
