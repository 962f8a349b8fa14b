package io.deskbridge.sync.match;

import io.deskbridge.model.ContentHash;
import io.deskbridge.model.MatchKey;
import io.deskbridge.model.Side;
import io.deskbridge.store.Jdbc;
import io.deskbridge.store.Links;
import io.deskbridge.store.Mirror;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Decides, for one mapped record of either side, which branch of the router it takes. It asks only
 * the state store (links and what was pulled from each side), never the APIs, so matching costs no calls.
 */
public final class Matcher {

    private final Jdbc jdbc;
    private final Links links;
    private final Mirror mirror;

    public Matcher(Jdbc jdbc, Links links, Mirror mirror) {
        this.jdbc = jdbc;
        this.links = links;
        this.mirror = mirror;
    }

    public String decide(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        // The lookups of one decision share a connection and a transaction: one begin and commit, not one per query.
        return jdbc.inTransaction(() -> outcome(run, record).name());
    }

    Outcome outcome(RunContext run, SyncRecord record) {
        Side side = record.side();
        if (run.claimed(side, record.sourceId())) {
            // Being linked by a write still in the CRM batch; the next run sees the link.
            return Outcome.UNCHANGED;
        }
        Optional<Links.Link> link = links.by(side, run.syncId(), run.deskOrg(), record.sourceId());
        if (link.isPresent()) {
            record.target(link.get().id(side.other()), false);
            if (link.get().state() != Links.State.ACTIVE) {
                // The other record was deleted (and reported); changes to this one have nowhere to go.
                return Outcome.UNCHANGED;
            }
            return ContentHash.of(record.canonical()).equals(link.get().hash(side))
                    ? Outcome.UNCHANGED
                    : Outcome.UPDATE;
        }
        MatchKey primary = record.primaryKey();
        if (!primary.isValid()) {
            record.because(primary.problemCode(), record.describe() + " " + primary.problem());
            return Outcome.EXCLUDED;
        }
        String word = run.sync().module().matchKeys().kind().word() + " ";
        List<String> sharing = new ArrayList<>(
                mirror.idsWithPrimaryEmail(run.syncId(), side.system(), run.scope(side), primary.value()));
        sharing.remove(record.sourceId());
        if (!sharing.isEmpty()) {
            sharing.add(0, record.sourceId());
            record.because(
                    "DUPLICATE_IN_" + side.name(),
                    word + primary.value() + " is the primary " + word.trim() + " of " + sharing.size() + " "
                            + side.name() + " records " + sharing + "; nothing is written until only one has it");
            return Outcome.CONFLICT;
        }
        Outcome byPrimary = matchOtherSide(run, record, primary, false, word);
        if (byPrimary != null) {
            return byPrimary;
        }
        MatchKey secondary = record.secondaryKey();
        if (secondary.isValid() && !secondary.value().equals(primary.value())) {
            Outcome bySecondary = matchOtherSide(run, record, secondary, true, "secondary " + word);
            if (bySecondary != null) {
                return bySecondary;
            }
        }
        return Outcome.CREATE;
    }

    /**
     * LINK or CONFLICT when a record of the other side is free to take this one, null when none is. A
     * record already linked to another is taken; it only blocks this one when both would carry the same
     * primary key, which the other side allows once.
     */
    private Outcome matchOtherSide(RunContext run, SyncRecord record, MatchKey key, boolean secondary, String word) {
        Side other = record.side().other();
        String scope = run.scope(other);
        List<String> free = new ArrayList<>();
        List<Mirror.Match> matches = mirror.matches(run.syncId(), other.system(), scope, key.value());
        if (secondary && !run.sync().module().matchKeys().kind().secondaryMatchesSecondary()) {
            matches = matches.stream().filter(Mirror.Match::primary).toList();
        }
        List<String> primaries = matches.stream()
                .filter(Mirror.Match::primary)
                .map(Mirror.Match::recordId)
                .toList();
        for (String otherId : matches.stream().map(Mirror.Match::recordId).toList()) {
            Optional<Links.Link> taken = links.by(other, run.syncId(), run.deskOrg(), otherId);
            if (run.claimed(other, otherId)) {
                record.because(
                        "ALREADY_LINKED",
                        word + key.value() + " of " + record.describe() + " matches " + other.name() + " record "
                                + otherId + ", which another record of this run is being linked to");
                return Outcome.CONFLICT;
            }
            if (taken.isEmpty()) {
                free.add(otherId);
            } else if (!secondary && primaries.contains(otherId)) {
                record.because(
                        "ALREADY_LINKED",
                        word + key.value() + " of " + record.describe() + " is the " + word.trim()
                                + " of " + other.name() + " record " + otherId + ", which is already linked to "
                                + record.side().name() + " record "
                                + taken.get().id(record.side()));
                return Outcome.CONFLICT;
            }
        }
        if (free.size() > 1) {
            record.because(
                    "AMBIGUOUS_MATCH",
                    word + key.value() + " of " + record.describe() + " matches " + free.size() + " " + other.name()
                            + " records " + free + "; nothing is written until only one has it");
            return Outcome.CONFLICT;
        }
        if (free.size() == 1) {
            // Through a secondary email on either side: the CRM's emails are then kept (see PairPush).
            record.target(free.get(0), secondary || !primaries.contains(free.get(0)));
            return Outcome.LINK;
        }
        return null;
    }
}
