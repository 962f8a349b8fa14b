package io.deskbridge.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.admin.json.CustomerStats;
import io.deskbridge.admin.json.NewComment;
import io.deskbridge.admin.json.TicketComment;
import io.deskbridge.admin.json.TicketDetail;
import io.deskbridge.admin.json.TicketList;
import io.deskbridge.admin.json.TicketSummary;
import io.deskbridge.admin.json.TicketThread;
import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.TicketDesk;
import io.deskbridge.model.CrmProduct;
import io.deskbridge.store.CrmModule;
import io.deskbridge.store.TicketDeals;
import io.deskbridge.store.TicketStatistics;
import io.deskbridge.store.Tickets;
import io.deskbridge.sync.tickets.TicketRows;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code /api} calls do for a CRM widget, button or script: a CRM record's tickets and figures, read from
 * the ticket mirror (no Desk call per view), and one ticket with its conversation, read through from the Desk.
 */
public final class TicketApi {

    /** The sync whose mirror the calls read. */
    public static final String SYNC = TicketDesk.MODULE;

    private final Tickets tickets;
    private final TicketDeals deals;
    private final TicketStatistics statistics;
    private final TicketDesk desk;
    private final String deskOrg;
    private final CrmProduct product;

    public TicketApi(
            Tickets tickets,
            TicketDeals deals,
            TicketStatistics statistics,
            TicketDesk desk,
            String deskOrg,
            CrmProduct product) {
        this.product = product;
        this.tickets = tickets;
        this.deals = deals;
        this.statistics = statistics;
        this.desk = desk;
        this.deskOrg = deskOrg;
    }

    /** A CRM record's tickets passing the filter, newest first, a page of them. */
    public AdminApi.Reply ofRecord(String module, String crmId, String filter, String limit, String offset) {
        CrmModule m = module(product, module, CrmModule.withTickets());
        Tickets.Filter f;
        try {
            f = Tickets.Filter.of(filter);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
        int lim = AdminApi.number("limit", limit, 50, 1, 200);
        int off = AdminApi.number("offset", offset, 0, 0, Integer.MAX_VALUE);
        List<TicketSummary> items = tickets.forCrmRecord(SYNC, deskOrg, m, crmId, f, lim, off).stream()
                .map(this::summary)
                .toList();
        return new AdminApi.Reply(200, new TicketList(m.apiName(product), crmId, f.apiName(), lim, off, items));
    }

    /** A CRM record's support figures. */
    public AdminApi.Reply stats(String module, String crmId) {
        CrmModule m = module(product, module, CrmModule.withTickets());
        return new AdminApi.Reply(
                200, CustomerStats.of(m.apiName(product), crmId, statistics.of(SYNC, deskOrg, m, crmId)));
    }

    /**
     * One ticket: the mirror's summary and the Desk's threads and comments. A ticket the mirror does not hold yet is
     * summarised from the Desk; one the Desk no longer has (trashed, deleted) is 404. A read changes nothing: such a
     * ticket stays in the mirror until the tickets sync's pass over the Desk's trash removes it (a Desk answering 404
     * for a wrong URL must not empty the mirror).
     */
    public AdminApi.Reply ticket(String ticketId) {
        Optional<Tickets.Ticket> mirrored = tickets.get(SYNC, deskOrg, ticketId);
        String kept = "; the mirror still holds it until the tickets sync's pass over the Desk's trash removes it";
        ObjectNode fromDesk;
        try {
            fromDesk = desk.ticket(ticketId);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw UpstreamRefusal.of(e);
            }
            if (mirrored.isEmpty()) {
                throw new AdminException(
                        404, "no ticket " + ticketId + " in the mirror or in the Desk: " + e.getMessage());
            }
            throw new AdminException(404, "the Desk has no ticket " + ticketId + " (" + e.getMessage() + ")" + kept);
        }
        if (fromDesk.path("isTrashed").asBoolean(false)) {
            // The Desk still answers for a ticket in its trash, marked so: for the CRM side it is gone.
            throw new AdminException(
                    404, "ticket " + ticketId + " is in the Desk's trash" + (mirrored.isPresent() ? kept : ""));
        }
        try {
            return new AdminApi.Reply(
                    200,
                    new TicketDetail(
                            mirrored.map(this::summary)
                                    // Not mirrored yet: read as the sync reads it, not tied to CRM records yet.
                                    .orElseGet(() -> TicketSummary.of(
                                            TicketRows.of(fromDesk, null, null, null, null), dealOf(ticketId))),
                            mirrored.isPresent(),
                            true,
                            desk.threads(ticketId).stream()
                                    .map(TicketThread::ofDesk)
                                    .toList(),
                            desk.comments(ticketId).stream()
                                    .map(TicketComment::ofDesk)
                                    .toList()));
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
    }

    /** Adds a comment through the Desk (private unless {@code isPublic}); 201 with the comment as the Desk made it. */
    public AdminApi.Reply comment(String ticketId, NewComment body) {
        if (body == null || body.content() == null || body.content().isBlank()) {
            throw new AdminException(400, "the request body needs 'content', the comment's text, not blank");
        }
        boolean isPublic = Boolean.TRUE.equals(body.isPublic());
        TicketComment made;
        try {
            made = TicketComment.ofDesk(desk.comment(ticketId, body.content(), isPublic));
        } catch (ApiException e) {
            throw UpstreamRefusal.of(e);
        }
        // The audit log says what was done, not what was written: a comment may hold a customer's personal data.
        return new AdminApi.Reply(201, made, (isPublic ? "public" : "private") + " comment " + made.id());
    }

    private TicketSummary summary(Tickets.Ticket t) {
        return TicketSummary.of(t, dealOf(t.ticketId()));
    }

    /** A ticket's deal link, kept whether or not the ticket is mirrored (it may be linked before the sync reads it). */
    private String dealOf(String ticketId) {
        return deals.dealOf(SYNC, deskOrg, ticketId).orElse(null);
    }

    /**
     * The module of {@code modules} the product names {@code apiName}. Another is 400: a module the product has says
     * why its records have no place here, one it does not have (Bigin's Leads, the other product's deals) is unknown;
     * both name the allowed ones.
     */
    static CrmModule module(CrmProduct product, String apiName, List<CrmModule> modules) {
        Optional<CrmModule> allowed = CrmModule.named(product, apiName, modules);
        if (allowed.isPresent()) {
            return allowed.get();
        }
        String expected = ": expected one of " + CrmModule.names(product, modules);
        throw new AdminException(
                400,
                CrmModule.named(product, apiName, CrmModule.of(product))
                        .map(known -> refusal(product, known) + expected)
                        .orElse("unknown module '" + apiName + "' for " + product.label() + expected));
    }

    /** Why a record of a module the product has cannot be asked for here. */
    private static String refusal(CrmProduct product, CrmModule known) {
        return switch (known) {
            case LEADS -> "Leads records have no tickets: a lead gets sales signals only";
            case ACCOUNTS ->
                "Accounts records cannot open tickets: a ticket is created for a contact, or for a "
                        + product.dealsModule() + " record's related contact";
            default -> known.apiName(product) + " records cannot be asked for here";
        };
    }
}
