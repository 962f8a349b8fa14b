package io.deskbridge.sync.definition;

import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.DeletePolicy;
import io.deskbridge.model.Direction;
import io.deskbridge.model.Side;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One configured sync: its module, field map, direction, policies and schedule, validated at start. */
public record SyncDefinition(
        ModuleSpec module,
        FieldMap fieldMap,
        Direction direction,
        ConflictPolicy conflictPolicy,
        DeletePolicy deletePolicy,
        String cron) {

    /** A sync without a field map (see {@link ModuleSpec#fieldMapped()}); its policies are the defaults, unused. */
    public static SyncDefinition mirrorOnly(ModuleSpec module, Direction direction, String cron) {
        return new SyncDefinition(
                module,
                new FieldMap("(no field map)", List.of()),
                direction,
                ConflictPolicy.CRM_WINS,
                DeletePolicy.KEEP,
                cron);
    }

    public String id() {
        return module.id();
    }

    public boolean twoWay() {
        return direction == Direction.TWO_WAY;
    }

    /** The field map's rules and the module's lookups, which flow both ways like a field. */
    public List<FieldRule> rules() {
        List<FieldRule> all = new ArrayList<>(fieldMap.rules());
        for (ModuleSpec.Lookup l : module.lookups()) {
            all.add(FieldRule.twoWay(l.crmField(), l.deskField()));
        }
        return all;
    }

    /**
     * The fields of a record of {@code side} the sync uses, which is all the mirror keeps of it: a Desk
     * record carries some thirty fields, and holding them all would make the store several times larger.
     */
    public Set<String> keptFields(Side side) {
        Set<String> fields = new LinkedHashSet<>(List.of("id"));
        if (side == Side.CRM) {
            fields.addAll(crmReadFields());
            return fields;
        }
        fieldMap.rules().forEach(r -> fields.add(r.desk().startsWith("cf.") ? "cf" : r.desk()));
        fields.add(module.matchKeys().deskPrimary());
        if (module.matchKeys().deskSecondary() != null) {
            fields.add(module.matchKeys().deskSecondary());
        }
        module.lookups().forEach(l -> fields.add(l.deskField()));
        fields.add("modifiedTime");
        return fields;
    }

    /** The CRM fields a read must ask for: what the field map uses, the match keys, lookups and the change marker. */
    public List<String> crmReadFields() {
        Set<String> fields = new LinkedHashSet<>(fieldMap.crmFields());
        fields.add(module.matchKeys().crmPrimary());
        if (module.matchKeys().crmSecondary() != null) {
            fields.add(module.matchKeys().crmSecondary());
        }
        module.lookups().forEach(l -> fields.add(l.crmField()));
        fields.add("Modified_Time");
        return List.copyOf(fields);
    }
}
