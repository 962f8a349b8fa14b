package io.deskbridge.sync;

import io.deskbridge.sync.map.FieldMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One configured sync: its module, field map, direction and schedule, validated at start. */
public record SyncDefinition(ModuleSpec module, FieldMap fieldMap, Direction direction, String cron) {

    public String id() {
        return module.id();
    }

    /** The CRM fields a read must ask for: what the field map uses, the match keys and the change marker. */
    public List<String> crmReadFields() {
        Set<String> fields = new LinkedHashSet<>(fieldMap.crmFields());
        fields.add(module.matchKeys().crmPrimary());
        fields.add(module.matchKeys().crmSecondary());
        fields.add("Modified_Time");
        return List.copyOf(fields);
    }
}
