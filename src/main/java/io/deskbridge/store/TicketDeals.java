package io.deskbridge.store;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CRM deal each ticket is linked to, set from the CRM side (the Desk knows nothing of deals). A ticket has at
 * most one deal: linking it to another moves it.
 */
public final class TicketDeals {

    private final Jdbc jdbc;
    private final Clock clock;
    private final StatsMarks marks;

    public TicketDeals(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.marks = new StatsMarks(jdbc, clock);
    }

    /**
     * Links the ticket to the deal, replacing any deal it had, and marks both deals' figures as changed. Returns the
     * deal it was linked to before, if any. Two links of the same ticket made at the same moment on two nodes may
     * collide: then one fails with a {@link StoreException} and can be tried again.
     */
    public Optional<String> link(String syncId, String deskOrg, String ticketId, String crmDealId) {
        return jdbc.inTransaction(() -> {
            Optional<String> before = dealOf(syncId, deskOrg, ticketId);
            int n = jdbc.update(
                    "UPDATE ticket_deal SET crm_deal_id = ?, linked_at = ? WHERE sync_id = ? AND desk_org = ?"
                            + " AND ticket_id = ?",
                    crmDealId,
                    clock.instant(),
                    syncId,
                    deskOrg,
                    ticketId);
            if (n == 0) {
                jdbc.update(
                        "INSERT INTO ticket_deal (sync_id, desk_org, ticket_id, crm_deal_id, linked_at) VALUES (?, ?, ?, ?, ?)",
                        syncId,
                        deskOrg,
                        ticketId,
                        crmDealId,
                        clock.instant());
            }
            marks.mark(syncId, CrmModule.DEALS, Arrays.asList(before.orElse(null), crmDealId));
            return before;
        });
    }

    /** Unlinks the ticket from its deal, marking the deal's figures as changed; false if it had none. */
    public boolean unlink(String syncId, String deskOrg, String ticketId) {
        return jdbc.inTransaction(() -> {
            Optional<String> before = dealOf(syncId, deskOrg, ticketId);
            jdbc.update(
                    "DELETE FROM ticket_deal WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?",
                    syncId,
                    deskOrg,
                    ticketId);
            before.ifPresent(deal -> marks.mark(syncId, CrmModule.DEALS, List.of(deal)));
            return before.isPresent();
        });
    }

    public Optional<String> dealOf(String syncId, String deskOrg, String ticketId) {
        return jdbc.queryOne(
                "SELECT crm_deal_id FROM ticket_deal WHERE sync_id = ? AND desk_org = ? AND ticket_id = ?",
                rs -> rs.getString(1),
                syncId,
                deskOrg,
                ticketId);
    }

    /** The ids of the tickets linked to the deal, mirrored or not, in id order. */
    public List<String> ticketsOfDeal(String syncId, String deskOrg, String crmDealId) {
        return jdbc.query(
                "SELECT ticket_id FROM ticket_deal WHERE sync_id = ? AND desk_org = ? AND crm_deal_id = ? ORDER BY ticket_id",
                rs -> rs.getString(1),
                syncId,
                deskOrg,
                crmDealId);
    }
}
