package io.deskbridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FaultPlan parsing and FaultInjector bookkeeping, without HTTP. */
class FaultPlanTest {

    private static final String WHERE = "deskbridge.sandbox.faults.crm.";

    private static String parseError(Map<String, String> settings) {
        return assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse(settings, WHERE))
                .getMessage();
    }

    @Test
    void parsesAllKeysAndDefaults() {
        FaultPlan p = FaultPlan.parse(
                Map.of(
                        "too-many-requests",
                        "0.1",
                        "retry-after",
                        "3",
                        "server-errors",
                        "0.05",
                        "lost-answers",
                        "0.02",
                        "slow",
                        " 0.5 ",
                        "slow-ms",
                        "250",
                        "timeouts",
                        "0.01",
                        "timeout-ms",
                        "40000",
                        "token-revocations",
                        "0.001"),
                WHERE);
        assertEquals(new FaultPlan(0.1, 3, 0.05, 0.02, 0.5, 250, 0.01, 40000, 0.001), p);
        assertTrue(p.active());
        assertEquals(p, FaultPlan.parse(p.toSettings(), WHERE), "toSettings round-trips");

        FaultPlan d = FaultPlan.parse(Map.of("server-errors", "1"), WHERE);
        assertEquals(1, d.retryAfterSeconds());
        assertEquals(1000, d.slowMillis());
        assertEquals(65_000, d.timeoutMillis());
        assertSame(FaultPlan.NONE, FaultPlan.parse(Map.of(), WHERE));
        assertSame(FaultPlan.NONE, FaultPlan.parse(null, WHERE));
        assertFalse(FaultPlan.NONE.active());
        assertFalse(FaultPlan.parse(Map.of("retry-after", "5"), WHERE).active());
    }

    @Test
    void errorsNameTheKeyAndTheProblem() {
        String unknown = parseError(Map.of("too-many", "0.1"));
        assertTrue(unknown.startsWith(WHERE + "too-many: unknown fault setting"), unknown);
        assertTrue(unknown.contains("too-many-requests"), "lists the known keys: " + unknown);

        String range = parseError(Map.of("server-errors", "1.5"));
        assertTrue(range.startsWith(WHERE + "server-errors: must be a probability between 0 and 1"), range);
        assertTrue(range.contains("1.5"), range);
        assertTrue(parseError(Map.of("slow", "-0.1")).startsWith(WHERE + "slow: "));
        assertTrue(parseError(Map.of("lost-answers", "NaN")).startsWith(WHERE + "lost-answers: "));
        String nan = parseError(Map.of("timeouts", "often"));
        assertTrue(nan.startsWith(WHERE + "timeouts: must be a probability") && nan.contains("'often'"), nan);

        String retry = parseError(Map.of("retry-after", "1.5"));
        assertTrue(retry.startsWith(WHERE + "retry-after: must be a whole number"), retry);
        assertTrue(parseError(Map.of("retry-after", "-1")).startsWith(WHERE + "retry-after: must be between 0"));
        assertTrue(parseError(Map.of("timeout-ms", "0")).startsWith(WHERE + "timeout-ms: must be between 1"));
        assertTrue(parseError(Map.of("slow-ms", "9999999")).startsWith(WHERE + "slow-ms: "));
        Map<String, String> blank = new HashMap<>();
        blank.put("token-revocations", null);
        assertEquals(WHERE + "token-revocations: value is missing", parseError(blank));

        String sum = parseError(Map.of("too-many-requests", "0.6", "server-errors", "0.6"));
        assertTrue(
                sum.contains(WHERE + "too-many-requests")
                        && sum.contains(WHERE + "server-errors")
                        && sum.contains("at most 1"),
                sum);

        assertThrows(IllegalArgumentException.class, () -> new FaultPlan(2, 1, 0, 0, 0, 0, 0, 1, 0));
    }

    @Test
    void injectorChecksSystemsAndCountsPerSystem() {
        FaultInjector f = new FaultInjector();
        assertEquals(FaultPlan.NONE, f.plan("crm"));
        assertThrows(IllegalArgumentException.class, () -> f.set("zoho", FaultPlan.NONE));
        assertThrows(IllegalArgumentException.class, () -> f.plan("CRM"));
        f.set("desk", FaultPlan.parse(Map.of("lost-answers", "1"), ""));
        assertEquals(FaultInjector.Outcome.LOST_ANSWER, f.decide("desk", true).outcome());
        assertEquals(FaultInjector.Outcome.SERVER_ERROR, f.decide("desk", false).outcome(), "a GET is not applied");
        assertEquals(FaultInjector.Decision.NONE, f.decide("crm", true));
        assertEquals(Map.of("desk.lost", 1L, "desk.500", 1L), f.injected());
        f.resetCounters();
        assertEquals(Map.of(), f.injected());
        f.clear();
        assertEquals(
                Map.of(
                        "crm", FaultPlan.NONE,
                        "desk", FaultPlan.NONE,
                        "oauth", FaultPlan.NONE,
                        "chat", FaultPlan.NONE,
                        "sell", FaultPlan.NONE),
                f.plans(),
                "clear() takes every system's plan away, Zendesk Chat's and Sell's too");
    }
}
