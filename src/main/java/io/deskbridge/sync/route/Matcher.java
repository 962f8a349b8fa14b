package io.deskbridge.sync.route;

import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import io.deskbridge.sync.map.ContentHash;
import io.deskbridge.sync.map.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Decides, for one mapped CRM record, which branch of the router it takes. It asks only the state
 * store (links and what was pulled from each side), never the APIs, so matching costs no calls.
 */
public final class Matcher {

    private final Links links;
    private final Mirror mirror;

    public Matcher(Links links, Mirror mirror) {
        this.links = links;
        this.mirror = mirror;
    }

    public String crmToDesk(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        return decide(run, record).name();
    }

    Outcome decide(RunContext run, SyncRecord record) {
        String sync = run.syncId();
        Optional<Links.Link> link = links.byCrmId(sync, run.deskOrg(), record.sourceId());
        if (link.isPresent()) {
            record.target(link.get().deskId(), false);
            return ContentHash.of(record.mapped()).equals(link.get().deskHash()) ? Outcome.UNCHANGED : Outcome.UPDATE;
        }
        EmailAddress primary = record.primaryEmail();
        if (!primary.isValid()) {
            record.because(primary.problemCode(), "CRM record " + record.sourceId() + " " + primary.problem());
            return Outcome.EXCLUDED;
        }
        List<String> sharing = new ArrayList<>(mirror.idsWithPrimaryEmail(sync, "crm", "crm", primary.value()));
        sharing.remove(record.sourceId());
        if (!sharing.isEmpty()) {
            sharing.add(0, record.sourceId());
            record.because("DUPLICATE_IN_CRM", "email " + primary.value() + " is the primary email of " + sharing.size()
                    + " CRM records " + sharing + "; nothing is written until only one has it");
            return Outcome.CONFLICT;
        }
        Outcome byPrimary = matchDesk(run, record, primary, false);
        if (byPrimary != null) {
            return byPrimary;
        }
        EmailAddress secondary = record.secondaryEmail();
        if (secondary.isValid() && !secondary.value().equals(primary.value())) {
            Outcome bySecondary = matchDesk(run, record, secondary, true);
            if (bySecondary != null) {
                return bySecondary;
            }
        }
        return Outcome.CREATE;
    }

    /**
     * LINK or CONFLICT when a Desk record is free to take this record, null when none is. A Desk record
     * already linked to another CRM record is taken; it only blocks this one when both would carry the
     * same primary email, which the Desk allows once.
     */
    private Outcome matchDesk(RunContext run, SyncRecord record, EmailAddress email, boolean secondary) {
        String key = secondary ? "secondary email " : "email ";
        List<String> free = new ArrayList<>();
        for (String deskId : mirror.idsWithEmail(run.syncId(), "desk", run.deskOrg(), email.value())) {
            Optional<Links.Link> taken = links.byDeskId(run.syncId(), run.deskOrg(), deskId);
            if (taken.isEmpty()) {
                free.add(deskId);
            } else if (!secondary && mirror.idsWithPrimaryEmail(run.syncId(), "desk", run.deskOrg(), email.value()).contains(deskId)) {
                record.because("ALREADY_LINKED", key + email.value() + " of CRM record " + record.sourceId()
                        + " is the email of Desk record " + deskId + ", which is already linked to CRM record "
                        + taken.get().crmId());
                return Outcome.CONFLICT;
            }
        }
        if (free.size() > 1) {
            record.because("AMBIGUOUS_MATCH", key + email.value() + " of CRM record " + record.sourceId() + " matches "
                    + free.size() + " Desk records " + free + "; nothing is written until only one has it");
            return Outcome.CONFLICT;
        }
        if (free.size() == 1) {
            record.target(free.get(0), secondary);
            return Outcome.LINK;
        }
        return null;
    }
}
