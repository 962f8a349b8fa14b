package io.deskbridge.admin;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.SyncConnector;
import io.deskbridge.sync.definition.SyncDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What activating a sync checks first: the credentials obtain a token and the CRM module answers, the
 * Desk org answers, and the field map (read again from where it is kept) is valid. Every problem found
 * is reported, so an admin can fix them in one go. A sync with systems of its own (chats: Zendesk Chat and Sell)
 * checks those instead of the CRM and the Desk ({@link #probes}).
 */
public final class Preflight {

    private final SyncConnector crm;
    private final SyncConnector desk;
    /** Reads and validates a sync's field map again; returns the problem, or null when it is valid. */
    private final Function<SyncDefinition, String> fieldMapCheck;
    /** Checks of their own a sync's parts add (the CRM fields the tickets statistics are written into, the
     * signals namespace). */
    private final List<Function<SyncDefinition, List<String>>> more = new ArrayList<>();
    /** The connectors and modules a sync checks, when they are not the CRM's and the Desk's. */
    private final java.util.Map<String, List<Probe>> probes = new java.util.HashMap<>();

    /** One module of one system a sync reads or writes; {@code label} names it in a problem. */
    public record Probe(String label, SyncConnector connector, String module) {}

    public Preflight(SyncConnector crm, SyncConnector desk, Function<SyncDefinition, String> fieldMapCheck) {
        this.crm = crm;
        this.desk = desk;
        this.fieldMapCheck = fieldMapCheck;
    }

    /** Adds a check of its own; returns this preflight. */
    public Preflight with(Function<SyncDefinition, List<String>> check) {
        more.add(check);
        return this;
    }

    /** The systems a sync checks instead of the CRM and the Desk; returns this preflight. */
    public Preflight probes(String syncId, List<Probe> own) {
        probes.put(syncId, List.copyOf(own));
        return this;
    }

    public List<String> problems(SyncDefinition sync) {
        List<String> problems = new ArrayList<>();
        List<Probe> checked = probes.getOrDefault(
                sync.id(),
                List.of(
                        // The CRM by its own name ("Bigin Contacts"): an admin fixes Bigin's scopes, not Zoho CRM's.
                        new Probe(
                                crm.system() + " " + sync.module().crmModule(),
                                crm,
                                sync.module().crmModule()),
                        new Probe(
                                "Desk " + sync.module().deskModule(),
                                desk,
                                sync.module().deskModule())));
        for (Probe p : checked) {
            try {
                p.connector().check(p.module());
            } catch (ApiException e) {
                problems.add(p.label() + ": " + e.getMessage());
            }
        }
        String map = fieldMapCheck.apply(sync);
        if (map != null) {
            problems.add(map);
        }
        more.forEach(check -> problems.addAll(check.apply(sync)));
        return problems;
    }
}
