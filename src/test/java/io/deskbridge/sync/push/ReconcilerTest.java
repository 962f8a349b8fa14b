package io.deskbridge.sync.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.ConflictPolicy;
import io.deskbridge.model.Side;
import io.deskbridge.sync.definition.FieldRule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field-by-field rules of a two-way sync, on canonical records. */
class ReconcilerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant EARLY = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant LATE = Instant.parse("2026-03-01T11:00:00Z");
    final List<FieldRule> rules = List.of(
            FieldRule.twoWay("Phone", "phone"),
            FieldRule.twoWay("Mobile", "mobile"),
            new FieldRule("Description", "description", false, true, false, false),
            new FieldRule("Title", "title", false, true, true, true));

    static ObjectNode o(String json) {
        try {
            return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    Reconciler.Plan run(
            String crm, String desk, String baseCrm, String baseDesk, ConflictPolicy p, Instant c, Instant d) {
        return Reconciler.reconcile(
                rules,
                o(crm),
                o(desk),
                baseCrm == null ? null : o(baseCrm),
                baseDesk == null ? null : o(baseDesk),
                true,
                p,
                c,
                d);
    }

    @Test
    void aFieldChangedOnOneSideIsTakenFromThatSide() {
        Reconciler.Plan plan = run(
                "{'phone':'2','mobile':'m'}",
                "{'phone':'1','mobile':'m2'}",
                "{'phone':'1','mobile':'m'}",
                "{'phone':'1','mobile':'m'}",
                ConflictPolicy.CRM_WINS,
                EARLY,
                LATE);
        assertEquals(o("{'phone':'2'}"), plan.toDesk());
        assertEquals(o("{'mobile':'m2'}"), plan.toCrm());
        assertTrue(plan.conflicts().isEmpty());
    }

    @Test
    void aFieldBothSidesChangedFollowsThePolicyAndIsReported() {
        String crm = "{'phone':'crm'}", desk = "{'phone':'desk'}", base = "{'phone':'old'}";
        Reconciler.Plan crmWins = run(crm, desk, base, base, ConflictPolicy.CRM_WINS, EARLY, LATE);
        assertEquals(o("{'phone':'crm'}"), crmWins.toDesk());
        assertEquals(Side.CRM, crmWins.conflicts().get(0).kept());
        Reconciler.Plan deskWins = run(crm, desk, base, base, ConflictPolicy.DESK_WINS, EARLY, LATE);
        assertEquals(o("{'phone':'desk'}"), deskWins.toCrm());
        Reconciler.Plan latest = run(crm, desk, base, base, ConflictPolicy.LATEST_WINS, LATE, EARLY);
        assertEquals(o("{'phone':'crm'}"), latest.toDesk());
        assertEquals(
                Side.DESK,
                run(crm, desk, base, base, ConflictPolicy.LATEST_WINS, EARLY, LATE)
                        .conflicts()
                        .get(0)
                        .kept());
    }

    @Test
    void anEmptiedValueNeverWipesUnlessTheMapSaysSo() {
        Reconciler.Plan plan = run(
                "{'phone':null,'title':null}",
                "{'phone':'1','title':'t'}",
                "{'phone':'1','title':'t'}",
                "{'phone':'1','title':'t'}",
                ConflictPolicy.CRM_WINS,
                EARLY,
                LATE);
        assertEquals(o("{'title':null}"), plan.toDesk(), "title says wipe: true; phone stays");
        assertTrue(plan.toCrm().isEmpty());
    }

    @Test
    void linkingFillsBlanksFromTheOtherSideAndThePolicyDecidesTheRest() {
        Reconciler.Plan plan = run(
                "{'phone':'c','mobile':null}",
                "{'phone':'d','mobile':'dm'}",
                null,
                null,
                ConflictPolicy.CRM_WINS,
                EARLY,
                LATE);
        assertEquals(o("{'phone':'c'}"), plan.toDesk());
        assertEquals(o("{'mobile':'dm'}"), plan.toCrm());
        assertTrue(plan.conflicts().isEmpty(), "no base, so no conflict to report");
    }

    @Test
    void aFieldFlowsOnlyTheWaysItsRuleAllows() {
        Reconciler.Plan plan = run(
                "{'description':'x'}",
                "{'description':'y'}",
                "{'description':'x'}",
                "{'description':'x'}",
                ConflictPolicy.DESK_WINS,
                EARLY,
                LATE);
        assertTrue(plan.writesNothing(), "description flows CRM to Desk only and only the Desk changed it");
        Reconciler.Plan oneWay = Reconciler.reconcile(
                rules,
                o("{'phone':'c'}"),
                o("{'phone':'d'}"),
                o("{'phone':'c'}"),
                o("{'phone':'old'}"),
                false,
                ConflictPolicy.DESK_WINS,
                EARLY,
                LATE);
        assertTrue(oneWay.writesNothing(), "a crm-to-desk sync never writes Desk changes to the CRM");
    }
}
