package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.Side;
import io.deskbridge.sync.definition.FieldRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, field by field, what a linked pair should hold and what must be written to each side.
 * The base is what each side held after the last sync: a field changed on one side only is taken
 * from that side; a field both changed is settled by the conflict policy; an empty value never
 * wipes a non-empty one unless the field map says {@code wipe: true}; a field flows only the ways
 * its rule and the sync's direction allow. Without a base (a pair being linked) both sides count
 * as changed, so the policy decides and nothing is reported as a conflict.
 */
public final class Reconciler {

    public record FieldConflict(String field, JsonNode crmValue, JsonNode deskValue, Side kept) {}

    /** What to write: canonical changes per side, what each side holds afterwards, and the settled conflicts. */
    public record Plan(
            ObjectNode toDesk,
            ObjectNode toCrm,
            ObjectNode crmBefore,
            ObjectNode crmAfter,
            ObjectNode deskAfter,
            List<FieldConflict> conflicts) {

        public boolean writesNothing() {
            return toDesk.isEmpty() && toCrm.isEmpty();
        }
    }

    private Reconciler() {}

    public static Plan reconcile(
            List<FieldRule> rules,
            ObjectNode crm,
            ObjectNode desk,
            ObjectNode baseCrm,
            ObjectNode baseDesk,
            boolean twoWay,
            ConflictPolicy policy,
            Instant crmModified,
            Instant deskModified) {
        return reconcile(
                rules, crm, desk, baseCrm, baseDesk, twoWay, policy, crmModified, deskModified, java.util.Set.of());
    }

    /** As above, with fields whose CRM value is kept whatever the policy (a CRM value that is empty excepted). */
    public static Plan reconcile(
            List<FieldRule> rules,
            ObjectNode crm,
            ObjectNode desk,
            ObjectNode baseCrm,
            ObjectNode baseDesk,
            boolean twoWay,
            ConflictPolicy policy,
            Instant crmModified,
            Instant deskModified,
            java.util.Set<String> crmKeeps) {
        ObjectNode toDesk = JsonNodeFactory.instance.objectNode();
        ObjectNode toCrm = JsonNodeFactory.instance.objectNode();
        List<FieldConflict> conflicts = new ArrayList<>();
        boolean haveBase = baseCrm != null && baseDesk != null;
        for (FieldRule rule : rules) {
            String k = rule.desk();
            JsonNode c = crm.get(k);
            JsonNode d = desk.get(k);
            if (same(c, d)) {
                continue;
            }
            boolean canDesk = rule.toDesk();
            boolean canCrm = rule.toCrm() && twoWay;
            boolean crmChanged = !haveBase || !same(c, baseCrm.get(k));
            boolean deskChanged = !haveBase || !same(d, baseDesk.get(k));
            Side winner = null;
            if (crmKeeps.contains(k) && canDesk && !empty(c)) {
                winner = Side.CRM;
            } else if (canDesk && canCrm) {
                if (crmChanged && !deskChanged) {
                    winner = Side.CRM;
                } else if (deskChanged && !crmChanged) {
                    winner = Side.DESK;
                } else if (crmChanged) {
                    winner = byPolicy(policy, crmModified, deskModified);
                    if (haveBase) {
                        conflicts.add(new FieldConflict(k, c, d, winner));
                    }
                }
            } else if (canDesk && crmChanged) {
                winner = Side.CRM;
            } else if (canCrm && deskChanged) {
                winner = Side.DESK;
            }
            if (winner == null) {
                continue;
            }
            JsonNode kept = winner == Side.CRM ? c : d;
            JsonNode other = winner == Side.CRM ? d : c;
            if (empty(kept) && !empty(other) && !rule.wipe()) {
                // An empty value never wipes a filled one. Where the filled one is news too (both
                // changed, or a pair being linked), it flows the other way if it may; else nothing moves.
                boolean otherIsNews = winner == Side.CRM ? deskChanged : crmChanged;
                winner = !otherIsNews
                        ? null
                        : winner == Side.CRM ? (canCrm ? Side.DESK : null) : (canDesk ? Side.CRM : null);
                if (winner == null) {
                    continue;
                }
            }
            if (winner == Side.CRM) {
                toDesk.set(k, orNull(c));
            } else {
                toCrm.set(k, orNull(d));
            }
        }
        ObjectNode crmAfter = crm.deepCopy().setAll(toCrm);
        ObjectNode deskAfter = desk.deepCopy().setAll(toDesk);
        return new Plan(toDesk, toCrm, crm, crmAfter, deskAfter, conflicts);
    }

    private static Side byPolicy(ConflictPolicy policy, Instant crmModified, Instant deskModified) {
        return switch (policy) {
            case CRM_WINS -> Side.CRM;
            case DESK_WINS -> Side.DESK;
            case LATEST_WINS ->
                deskModified != null && (crmModified == null || deskModified.isAfter(crmModified))
                        ? Side.DESK
                        : Side.CRM;
        };
    }

    public static boolean same(JsonNode a, JsonNode b) {
        if (empty(a) || empty(b)) {
            return empty(a) && empty(b);
        }
        return a.equals(b);
    }

    static boolean empty(JsonNode v) {
        return v == null
                || v.isNull()
                || v.isMissingNode()
                || (v.isTextual() && v.asText().isBlank());
    }

    private static JsonNode orNull(JsonNode v) {
        return v == null ? JsonNodeFactory.instance.nullNode() : v;
    }
}
