package io.deskbridge.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.admin.json.DealLink;
import io.deskbridge.admin.json.NewCrmTicket;
import io.deskbridge.admin.json.NewReply;
import io.deskbridge.admin.json.TicketCreated;
import io.deskbridge.admin.json.TicketDeal;
import io.deskbridge.admin.json.TicketSummary;
import io.deskbridge.admin.json.TicketThread;
import io.deskbridge.admin.json.TicketTrashed;
import io.deskbridge.admin.json.TicketUpdate;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.NewTicket;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.connector.TicketChanges;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.connector.TicketReply;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.model.EmailAddress;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.TicketDeals;
import io.deskbridge.store.Tickets;
import io.deskbridge.sync.push.DeskCounterparts;
import io.deskbridge.sync.tickets.TicketRows;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a salesperson does to tickets from the CRM side, through the Desk: open one for a CRM contact (its Desk contact
 * linked or created first, as the contacts sync would), reply, change, close, move to the trash, and link one to a CRM
 * deal (kept in Deskbridge's store). The Desk's and the CRM's refusals come back with their own message
 * ({@link UpstreamRefusal}); the audit detail of each says what was done, never what was written nor to whom.
 */
public final class TicketActions {

    /** The Desk settings only these calls need: a deployment that takes no actions may leave them unset. */
    public record DeskDefaults(String departmentId, String replyFrom) {
        public static final String DEPARTMENT_KEY = "deskbridge.desk.department-id";
        public static final String REPLY_FROM_KEY = "deskbridge.desk.reply-from";
    }

    private static final String SYNC = TicketApi.SYNC;
    /** The modules a ticket is opened for: a contact, or a deal through its related contact. */
    private static final List<CrmModule> OPENED_FOR = List.of(CrmModule.CONTACTS, CrmModule.DEALS);
    /** A contact the CRM does not have, asked for by its own id. */
    private static final int NOT_IN_CRM_STATUS = 404;

    private final Tickets tickets;
    private final TicketDeals deals;
    private final TicketDesk desk;
    private final SyncConnector crm;
    private final DeskCounterparts contacts;
    private final DeskDefaults defaults;
    private final String deskOrg;
    private final CrmProduct product;

    public TicketActions(
            Tickets tickets,
            TicketDeals deals,
            TicketDesk desk,
            SyncConnector crm,
            DeskCounterparts contacts,
            DeskDefaults defaults,
            String deskOrg,
            CrmProduct product) {
        this.product = product;
        this.tickets = tickets;
        this.deals = deals;
        this.desk = desk;
        this.crm = crm;
        this.contacts = contacts;
        this.defaults = defaults;
        this.deskOrg = deskOrg;
    }

    /**
     * Opens a ticket for a CRM record; 201. A contact's ticket is its own; a deal's (Bigin: a pipeline record's) is
     * its related contact's ({@code Contact_Name}), and the new ticket is linked to the deal. The contact's Desk
     * contact is the linked one, else the one with its email, else created now; a contact without a valid email, or a
     * deal without a contact, is refused (422) before anything is written, and so is a create the contacts sync would
     * not make (409 while it is paused or disabled or a run of it is under way, 422 when its direction creates no Desk
     * contact).
     */
    public AdminApi.Reply create(String module, String crmId, NewCrmTicket body) {
        CrmModule m = TicketApi.module(product, module, OPENED_FOR);
        if (body == null || blank(body.subject())) {
            throw new AdminException(400, "the request body needs 'subject', the ticket's subject, not blank");
        }
        String department = setting(DeskDefaults.DEPARTMENT_KEY, defaults.departmentId(), "open tickets");
        if (m == CrmModule.CONTACTS) {
            Opened opened = open(crmId, department, body, "", NOT_IN_CRM_STATUS);
            return opened.reply(null, "ticket " + opened.ticketId() + " for CRM contact " + crmId);
        }
        String dealModule = product.dealsModule();
        String contactId = relatedContact(dealModule, crmId);
        Opened opened = open(
                contactId,
                department,
                body,
                crm.system() + " " + dealModule + " record " + crmId + "'s related contact: ",
                422);
        deals.link(SYNC, deskOrg, opened.ticketId(), crmId);
        return opened.reply(
                crmId,
                "ticket " + opened.ticketId() + " for " + dealModule + " record " + crmId + " through CRM contact "
                        + contactId + ", linked to it");
    }

    /** The id of the contact a deal (a Bigin pipeline record) is for: its {@code Contact_Name} lookup. */
    private String relatedContact(String dealModule, String dealId) {
        Optional<ObjectNode> deal;
        try {
            deal = crm.read(dealModule, dealId);
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
        if (deal.isEmpty()) {
            throw new AdminException(404, crm.system() + " has no " + dealModule + " record " + dealId);
        }
        String contactId = deal.get().path("Contact_Name").path("id").asText("");
        if (contactId.isBlank()) {
            throw new AdminException(
                    422,
                    crm.system() + " " + dealModule + " record " + dealId + " has no related contact (Contact_Name):"
                            + " a ticket is opened for a contact, so nothing was written");
        }
        return contactId.strip();
    }

    /** A ticket opened for a CRM contact, with its Desk contact and how that was found. */
    private record Opened(ObjectNode made, String crmContactId, DeskCounterparts.Counterpart contact) {

        String ticketId() {
            return made.path("id").asText();
        }

        AdminApi.Reply reply(String dealId, String detail) {
            String how = contact.how().name().toLowerCase(Locale.ROOT);
            TicketSummary ticket = TicketSummary.of(TicketRows.of(made, null, null, crmContactId, null), dealId);
            return new AdminApi.Reply(
                    201,
                    new TicketCreated(ticket, contact.deskId(), how),
                    detail + ", Desk contact " + contact.deskId() + " (" + how + ")");
        }
    }

    /**
     * Opens the ticket for CRM contact {@code crmId} on its Desk contact. A refusal's message starts with
     * {@code about}; a contact the CRM does not have is {@code notInCrm}.
     */
    private Opened open(String crmId, String department, NewCrmTicket body, String about, int notInCrm) {
        DeskCounterparts.Counterpart contact;
        try {
            contact = desk(() -> contacts.of(crmId));
        } catch (DeskCounterparts.NoCounterpart e) {
            throw new AdminException(
                    switch (e.reason()) {
                        case NOT_IN_CRM -> notInCrm;
                        case SYNC_RUNNING, SYNC_NOT_ACTIVE -> 409;
                        case CANNOT_LINK, NOT_CREATED_BY_SYNC -> 422;
                    },
                    about + e.getMessage());
        }
        String how = contact.how().name().toLowerCase(Locale.ROOT);
        try {
            return new Opened(
                    desk.createTicket(new NewTicket(
                            contact.deskId(),
                            department,
                            body.subject(),
                            body.description(),
                            body.priority(),
                            body.channel())),
                    crmId,
                    contact);
        } catch (ApiException e) {
            AdminException refused = UpstreamRefusal.of(e);
            if (contact.how() == DeskCounterparts.How.LINKED) {
                throw refused;
            }
            // The Desk contact and its link were written first and stay: the caller must not think nothing was.
            throw new AdminException(
                    refused.status(),
                    refused.getMessage() + "; no ticket was made, but Desk contact " + contact.deskId() + " was " + how
                            + " and linked to CRM contact " + crmId + " before, and stays so");
        }
    }

    /**
     * Sends an email on the ticket from the configured address; 201 with the thread it made. A reply goes to the
     * ticket's email, a reply to all to everyone on the thread answered ({@link ReplyRecipients}), a forward to the
     * addresses given. A bad mode or recipient is refused (400, naming the key) before the Desk is asked anything.
     */
    public AdminApi.Reply reply(String ticketId, NewReply body) {
        if (body == null || blank(body.content())) {
            throw new AdminException(400, "the request body needs 'content', the reply's text, not blank");
        }
        ReplyMode mode = ReplyMode.of(body.mode());
        String forwardTo = forwardRecipients(mode, body.to());
        String threadId = blank(body.threadId()) ? null : body.threadId().strip();
        String from = setting(DeskDefaults.REPLY_FROM_KEY, defaults.replyFrom(), "send replies");
        boolean html = Boolean.TRUE.equals(body.html());
        TicketReply reply =
                switch (mode) {
                    case REPLY ->
                        new TicketReply(ticketEmail(ticketId), null, from, body.content(), html, false, threadId);
                    case REPLY_ALL -> {
                        ObjectNode answered = desk(
                                () -> threadId == null ? desk.latestThread(ticketId) : desk.thread(ticketId, threadId));
                        ReplyRecipients all = ReplyRecipients.ofThread(answered, from);
                        String id = answered.path("id").asText();
                        if (!all.hasRecipient()) {
                            throw new AdminException(
                                    422,
                                    "thread " + id + " of ticket " + ticketId + " has no valid address to reply"
                                            + " to but " + DeskDefaults.REPLY_FROM_KEY);
                        }
                        yield new TicketReply(all.to(), all.cc(), from, body.content(), html, false, id);
                    }
                    case FORWARD -> new TicketReply(forwardTo, null, from, body.content(), html, true, threadId);
                };
        TicketThread made = TicketThread.ofDesk(desk(() -> desk.sendReply(ticketId, reply)));
        return new AdminApi.Reply(201, made, mode.key() + " " + made.id());
    }

    private String ticketEmail(String ticketId) {
        ObjectNode ticket = desk(() -> desk.ticket(ticketId));
        EmailAddress to = EmailAddress.of(ticket.path("email").asText(null));
        if (!to.isValid()) {
            throw new AdminException(
                    422, "ticket " + ticketId + " has no valid email to reply to (" + to.problemCode() + ")");
        }
        return to.value();
    }

    /**
     * The addresses a forward goes to, comma-separated, or null for a reply; a forward without them, a reply with
     * them, or an address that is not one is a 400 naming the key (and the item, never the address: it is audited).
     */
    private static String forwardRecipients(ReplyMode mode, List<String> to) {
        if (mode != ReplyMode.FORWARD) {
            if (to != null) {
                throw new AdminException(
                        400,
                        "key 'to' in the request body is taken only with mode forward: a " + mode.key()
                                + " goes to the ticket's or the thread's addresses");
            }
            return null;
        }
        if (to == null || to.isEmpty()) {
            throw new AdminException(
                    400, "key 'to' in the request body is required with mode forward: the addresses to forward to");
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < to.size(); i++) {
            EmailAddress a = EmailAddress.of(to.get(i));
            if (!a.isValid()) {
                throw new AdminException(
                        400,
                        "key 'to' in the request body: item " + i + " is not a valid email address (" + a.problemCode()
                                + ")");
            }
            addresses.add(a.value());
        }
        return String.join(",", addresses);
    }

    /** Changes status, priority, assignee or due date; 200 with the ticket as the Desk now has it. */
    public AdminApi.Reply update(String ticketId, TicketUpdate body) {
        if (body == null
                || (body.status() == null
                        && body.priority() == null
                        && body.assigneeId() == null
                        && body.dueDate() == null)) {
            throw new AdminException(
                    400, "the request body needs at least one of 'status', 'priority', 'assigneeId', 'dueDate'");
        }
        Instant due = dueDate(body.dueDate());
        ObjectNode updated = desk(() ->
                desk.updateTicket(ticketId, new TicketChanges(body.status(), body.priority(), body.assigneeId(), due)));
        List<String> changed = new ArrayList<>();
        if (body.status() != null) {
            changed.add("status " + body.status());
        }
        if (body.priority() != null) {
            changed.add("priority " + body.priority());
        }
        if (body.assigneeId() != null) {
            changed.add("assignee " + body.assigneeId());
        }
        if (due != null) {
            changed.add("due date " + due);
        }
        return new AdminApi.Reply(200, shown(ticketId, updated), "updated " + String.join(", ", changed));
    }

    /** Closes the ticket with the org's closed status; 200 with the ticket as the Desk now has it. */
    public AdminApi.Reply close(String ticketId) {
        ObjectNode closed = desk(() -> {
            desk.close(List.of(ticketId));
            return desk.ticket(ticketId);
        });
        return new AdminApi.Reply(200, shown(ticketId, closed), "closed");
    }

    /** Moves the ticket to the Desk's trash (restorable there) and takes it out of the mirror; 200. */
    public AdminApi.Reply trash(String ticketId) {
        desk(() -> {
            desk.trash(List.of(ticketId));
            return null;
        });
        boolean mirrored = tickets.get(SYNC, deskOrg, ticketId).isPresent();
        if (mirrored) {
            tickets.removeAll(SYNC, deskOrg, List.of(ticketId));
        }
        return new AdminApi.Reply(
                200,
                new TicketTrashed(ticketId, true, mirrored),
                "moved to the Desk's trash" + (mirrored ? ", removed from the mirror" : ""));
    }

    /** Links the ticket to a CRM deal that exists; 200 with the deal it was linked to before, if any. */
    public AdminApi.Reply linkDeal(String ticketId, DealLink body) {
        if (body == null || blank(body.crmDealId())) {
            throw new AdminException(400, "the request body needs 'crmDealId', the CRM deal's id, not blank");
        }
        String dealId = body.crmDealId().strip();
        if (tickets.get(SYNC, deskOrg, ticketId).isEmpty()) {
            desk(() -> desk.ticket(ticketId));
        }
        Optional<ObjectNode> deal;
        try {
            deal = crm.read(product.dealsModule(), dealId);
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
        if (deal.isEmpty()) {
            throw new AdminException(
                    422, crm.system() + " has no " + product.dealsModule() + " record " + dealId + " to link to");
        }
        String previous = deals.link(SYNC, deskOrg, ticketId, dealId).orElse(null);
        return new AdminApi.Reply(
                200,
                new TicketDeal(ticketId, dealId, previous),
                "linked to deal " + dealId + (previous == null ? "" : " (was " + previous + ")"));
    }

    /** Unlinks the ticket from its deal; 404 when it has none. */
    public AdminApi.Reply unlinkDeal(String ticketId) {
        String previous = deals.dealOf(SYNC, deskOrg, ticketId)
                .orElseThrow(() -> new AdminException(404, "ticket " + ticketId + " is linked to no deal"));
        deals.unlink(SYNC, deskOrg, ticketId);
        return new AdminApi.Reply(200, new TicketDeal(ticketId, null, previous), "unlinked from deal " + previous);
    }

    /**
     * The ticket as the Desk answered an action on it. A mirrored ticket's row takes what the action changed at once
     * ({@link TicketRows#acted}), so the lists show it before the next sync run.
     */
    private TicketSummary shown(String ticketId, ObjectNode answer) {
        String deal = deals.dealOf(SYNC, deskOrg, ticketId).orElse(null);
        Optional<Tickets.Ticket> held = tickets.get(SYNC, deskOrg, ticketId);
        if (held.isEmpty()) {
            return TicketSummary.of(TicketRows.of(answer, null, null, null, null), deal);
        }
        Tickets.Ticket now = TicketRows.acted(held.get(), answer);
        tickets.putAll(SYNC, deskOrg, List.of(now));
        return TicketSummary.of(now, deal);
    }

    private static Instant dueDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new AdminException(
                    400, "key 'dueDate' in the request body must be a UTC time such as 2026-02-01T09:00:00Z");
        }
    }

    /** A setting only this call needs: unset, the call is refused naming the key, and nothing is written. */
    private static String setting(String key, String value, String what) {
        if (blank(value)) {
            throw new AdminException(503, "this Deskbridge cannot " + what + ": " + key + " is not set");
        }
        return value.strip();
    }

    private static <T> T desk(Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
