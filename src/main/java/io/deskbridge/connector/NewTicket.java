package io.deskbridge.connector;

/**
 * A ticket to open for a contact who is already in the help desk.
 *
 * @param contactId    the desk's id of the contact the ticket is for
 * @param departmentId the desk's department that takes it (Zoho Desk requires one on every ticket)
 * @param subject      required
 * @param description  null for none
 * @param priority     the desk's priority value ({@code High}, ...); null for the desk's default
 * @param channel      how the ticket came in ({@code Email}, {@code Phone}, ...); null for the desk's default
 */
public record NewTicket(
        String contactId, String departmentId, String subject, String description, String priority, String channel) {

    public NewTicket {
        Required.text("contactId", contactId);
        Required.text("departmentId", departmentId);
        Required.text("subject", subject);
    }
}
