package io.deskbridge.store;

import io.deskbridge.store.Tickets.Rating;
import io.deskbridge.store.Tickets.Ticket;
import java.time.Instant;

/** Test tickets: an open, unrated Medium ticket of nobody, created at a given time, changed field by field. */
final class TicketBuilder {

    private final String id;
    private String subject;
    private String status = "Open";
    private String statusType = "Open";
    private String priority = "Medium";
    private String deskContact;
    private String deskAccount;
    private String crmContact;
    private String crmAccount;
    private Instant created;
    private Instant modified;
    private Instant closed;
    private Instant firstResponse;
    private boolean overdue;
    private boolean escalated;
    private int comments;
    private Rating rating;
    private String feedback;
    private Instant ratedAt;

    private TicketBuilder(String id, String created) {
        this.id = id;
        this.subject = "Ticket " + id;
        this.created = Instant.parse(created);
        this.modified = this.created;
    }

    static TicketBuilder ticket(String id, String created) {
        return new TicketBuilder(id, created);
    }

    TicketBuilder subject(String s) {
        subject = s;
        return this;
    }

    TicketBuilder crm(String contactId, String accountId) {
        crmContact = contactId;
        crmAccount = accountId;
        return this;
    }

    TicketBuilder desk(String contactId, String accountId) {
        deskContact = contactId;
        deskAccount = accountId;
        return this;
    }

    TicketBuilder status(String name, String type) {
        status = name;
        statusType = type;
        return this;
    }

    TicketBuilder closedAt(String at) {
        status("Closed", "Closed");
        closed = Instant.parse(at);
        return this;
    }

    TicketBuilder priority(String p) {
        priority = p;
        return this;
    }

    TicketBuilder firstResponseAt(String at) {
        firstResponse = Instant.parse(at);
        return this;
    }

    TicketBuilder overdue() {
        overdue = true;
        return this;
    }

    TicketBuilder escalated() {
        escalated = true;
        return this;
    }

    TicketBuilder comments(int n) {
        comments = n;
        return this;
    }

    TicketBuilder modifiedAt(String at) {
        modified = Instant.parse(at);
        return this;
    }

    TicketBuilder rated(Rating r, String text, String at) {
        rating = r;
        feedback = text;
        ratedAt = Instant.parse(at);
        return this;
    }

    Ticket build() {
        return new Ticket(
                id,
                "#" + id,
                subject,
                status,
                statusType,
                priority,
                "Email",
                deskContact,
                deskAccount,
                crmContact,
                crmAccount,
                created,
                modified,
                closed,
                null,
                firstResponse,
                overdue,
                escalated,
                2,
                comments,
                rating,
                feedback,
                ratedAt,
                "https://desk.example.com/tickets/" + id);
    }
}
