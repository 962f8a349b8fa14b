package io.deskbridge.sync.map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sync.ModuleSpec;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** The map step of the sync route: CRM record to Desk shape, with the match-key emails normalised. */
public final class FieldMapper {

    private final ObjectMapper json;

    public FieldMapper(ObjectMapper json) {
        this.json = json;
    }

    public SyncRecord crmToDesk(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        ModuleSpec.MatchKeys keys = run.sync().module().matchKeys();
        ObjectNode mapped = run.sync().fieldMap().toDesk(record.source(), json);
        EmailAddress primary = EmailAddress.of(record.source().path(keys.crmPrimary()).asText(null));
        EmailAddress secondary = EmailAddress.of(record.source().path(keys.crmSecondary()).asText(null));
        // Normalised emails are written, so the Desk never receives full-width or padded addresses.
        if (primary.isValid() && mapped.has(keys.deskPrimary())) {
            mapped.put(keys.deskPrimary(), primary.value());
        }
        if (mapped.has(keys.deskSecondary())) {
            if (secondary.isValid()) {
                mapped.put(keys.deskSecondary(), secondary.value());
            } else {
                mapped.putNull(keys.deskSecondary());
            }
        }
        record.mapped(mapped, primary, secondary);
        return record;
    }
}
