package io.deskbridge.admin;

import io.deskbridge.connector.ApiException;
import io.deskbridge.connector.SalesSignals;
import io.deskbridge.sync.definition.ModuleSpec;
import io.deskbridge.sync.definition.SyncDefinition;
import java.util.List;

/**
 * What activating the tickets sync checks of its sales signals: the namespace they are sent under
 * ({@code deskbridge.signals.namespace}) is registered in the CRM. The CRM refuses every signal under a name it lacks,
 * so the mistake is caught here, where an admin sees it, rather than in the outbox. A sync that queues no signals
 * (direction {@code none}), or whose signals do not go to the CRM ({@code deskbridge.signals.events = none}, or
 * {@code deskbridge.signals.destinations} without {@code crm}), is not checked: a CRM without Signals then needs
 * neither the namespace nor the scope to read it.
 */
public final class SignalNamespaceCheck {

    static final String KEY = "deskbridge.signals.namespace";

    private final SalesSignals crm;
    private final String namespace;
    private final boolean sentToCrm;

    /** @param sentToCrm whether any kind of signal is sent to the CRM: if not, nothing is checked */
    public SignalNamespaceCheck(SalesSignals crm, String namespace, boolean sentToCrm) {
        this.crm = crm;
        this.namespace = namespace;
        this.sentToCrm = sentToCrm;
    }

    /** The problem found, or none. */
    public List<String> problems(SyncDefinition sync) {
        if (!sentToCrm
                || !sync.module().equals(ModuleSpec.TICKETS)
                || !sync.direction().flows()) {
            return List.of();
        }
        List<String> registered;
        try {
            registered = crm.namespaces();
        } catch (ApiException e) {
            return List.of("CRM signal namespaces (GET settings/signals, scope ZohoCRM.settings.signals.READ) could"
                    + " not be read to check " + KEY + " = '" + namespace + "': " + e.getMessage());
        }
        if (registered.contains(namespace)) {
            return List.of();
        }
        return List.of(KEY + " = '" + namespace + "' is not a signal namespace registered in the CRM (it has: "
                + (registered.isEmpty() ? "none" : String.join(", ", registered))
                + "); register it in the CRM's Signals settings or set " + KEY + " to one of those");
    }
}
