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
 * is reported, so an admin can fix them in one go.
 */
public final class Preflight {

    private final SyncConnector crm;
    private final SyncConnector desk;
    /** Reads and validates a sync's field map again; returns the problem, or null when it is valid. */
    private final Function<SyncDefinition, String> fieldMapCheck;
    /** Checks of their own a sync's parts add (the CRM fields the tickets statistics are written into, the
     * signals namespace). */
    private final List<Function<SyncDefinition, List<String>>> more = new ArrayList<>();

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

    public List<String> problems(SyncDefinition sync) {
        List<String> problems = new ArrayList<>();
        try {
            crm.check(sync.module().crmModule());
        } catch (ApiException e) {
            problems.add("CRM " + sync.module().crmModule() + ": " + e.getMessage());
        }
        try {
            desk.check(sync.module().deskModule());
        } catch (ApiException e) {
            problems.add("Desk " + sync.module().deskModule() + ": " + e.getMessage());
        }
        String map = fieldMapCheck.apply(sync);
        if (map != null) {
            problems.add(map);
        }
        more.forEach(check -> problems.addAll(check.apply(sync)));
        return problems;
    }
}
