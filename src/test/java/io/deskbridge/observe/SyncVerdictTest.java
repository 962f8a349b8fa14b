package io.deskbridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deskbridge.model.Direction;
import io.deskbridge.model.RunStatus;
import io.deskbridge.model.SyncState;
import io.deskbridge.store.HealthFacts;
import io.deskbridge.store.RunFailures;
import io.deskbridge.store.SyncStates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 18, item 2: the rules of a sync's health, each on its own, with the clock where the test puts it. */
class SyncVerdictTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Instant MIDNIGHT = Instant.parse("2026-11-30T00:00:00Z");
    private static final SyncStates.Row ACTIVE_SINCE_MORNING =
            state(SyncState.ACTIVE, null, Instant.parse("2026-11-29T08:00:00Z"));

    /** A sync's state with nothing running, in a direction that writes. */
    private static SyncStates.Row state(SyncState state, String reason, Instant since) {
        return new SyncStates.Row("contacts", state, Direction.TWO_WAY, reason, null, null, since);
    }

    private static SyncVerdict.Facts facts(
            SyncStates.Row state, HealthFacts.LastRun last, Instant lastSuccess, SyncVerdict.Budget... budgets) {
        return new SyncVerdict.Facts("contacts", state, true, last, lastSuccess, FIVE_MINUTES, List.of(budgets));
    }

    private static HealthFacts.LastRun run(RunStatus status, Instant ended, String kind, String message) {
        return new HealthFacts.LastRun(
                7, status, ended, kind, message, status == RunStatus.SUCCEEDED || status == RunStatus.PARTIAL);
    }

    private static SyncVerdict.Verdict verdict(SyncVerdict.Facts f) {
        return SyncVerdict.of(f, 3, NOW);
    }

    @Test
    void whatAHumanStoppedIsUpAndSaysSo() {
        SyncVerdict.Verdict paused = verdict(facts(state(SyncState.PAUSED, null, NOW.minusSeconds(86400)), null, null));
        assertTrue(paused.up());
        assertEquals("paused by an admin; to resume it, activate it through the admin API", paused.message());
        SyncVerdict.Verdict disabled = verdict(
                facts(state(SyncState.DISABLED, "deskbridge.sync.products.departments is empty", NOW), null, null));
        assertTrue(disabled.up());
        assertEquals("disabled: deskbridge.sync.products.departments is empty", disabled.message());
        SyncVerdict.Verdict none = SyncVerdict.of(
                new SyncVerdict.Facts("chats", ACTIVE_SINCE_MORNING, false, null, null, FIVE_MINUTES, List.of()),
                3,
                NOW);
        assertTrue(none.up(), "never runs, so never late");
        assertTrue(none.message().startsWith("active with direction none"), none.message());
    }

    @Test
    void aSyncThatPausedItselfIsDown() {
        String reason = "paused automatically after 5 failed runs in a row; last error: Zoho CRM: timeout";
        SyncVerdict.Verdict v = verdict(facts(state(SyncState.PAUSED, reason, NOW), null, null));
        assertFalse(v.up());
        assertEquals(reason + "; fix the cause, then activate it through the admin API", v.message());
    }

    @Test
    void refusedCredentialsAreDownUntilARunGoesThrough() {
        Instant ended = NOW.minusSeconds(60);
        SyncVerdict.Verdict refused = verdict(facts(
                ACTIVE_SINCE_MORNING,
                run(RunStatus.FAILED, ended, RunFailures.Kind.CREDENTIALS_REFUSED.name(), "Zoho Desk: 401"),
                NOW.minusSeconds(120)));
        assertFalse(refused.up());
        assertEquals("credentials refused: run 7 failed at " + ended + ": Zoho Desk: 401", refused.message());
        SyncVerdict.Verdict otherFailure = verdict(facts(
                ACTIVE_SINCE_MORNING,
                run(RunStatus.FAILED, ended, RunFailures.Kind.UNREACHABLE.name(), "Zoho Desk: no answer"),
                NOW.minusSeconds(120)));
        assertTrue(otherFailure.up(), "one failed run is not a refusal, and is not late yet");
        assertTrue(verdict(facts(ACTIVE_SINCE_MORNING, run(RunStatus.SUCCEEDED, ended, null, null), null))
                .up());
    }

    @Test
    void aUsedUpBudgetIsABudgetStopUntilMidnightUtc() {
        SyncVerdict.Verdict v = verdict(facts(
                ACTIVE_SINCE_MORNING,
                null,
                NOW.minusSeconds(60),
                new SyncVerdict.Budget("crm", 100, 100, MIDNIGHT),
                new SyncVerdict.Budget("desk", 5, 0, MIDNIGHT)));
        assertFalse(v.up());
        assertEquals(
                "budget stop: the daily budget of 100 crm API calls is used up, until 00:00 UTC (" + MIDNIGHT
                        + ") when runs go on",
                v.message());
        assertTrue(verdict(facts(
                        ACTIVE_SINCE_MORNING,
                        null,
                        NOW.minusSeconds(60),
                        new SyncVerdict.Budget("crm", 99, 100, MIDNIGHT)))
                .up());
    }

    @Test
    void lateAfterThePeriodsFromTheLaterOfItsLastSuccessAndItsActivation() {
        Instant success = NOW.minus(Duration.ofMinutes(16));
        SyncVerdict.Verdict late = verdict(facts(ACTIVE_SINCE_MORNING, null, success));
        assertFalse(late.up());
        assertEquals(
                "late: no successful run since " + success
                        + " (16m ago), more than 3 schedule periods of 5m (deskbridge.health.late-after-periods)",
                late.message());
        assertTrue(verdict(facts(ACTIVE_SINCE_MORNING, null, NOW.minus(Duration.ofMinutes(15))))
                .up());

        SyncStates.Row activatedJustNow = state(SyncState.ACTIVE, null, NOW.minusSeconds(60));
        assertTrue(verdict(facts(activatedJustNow, null, success)).up(), "activated again: counted from then");
        SyncVerdict.Verdict never = verdict(facts(ACTIVE_SINCE_MORNING, null, null));
        assertFalse(never.up());
        assertTrue(
                never.message().startsWith("late: no successful run since it was activated at 2026-11-29T08:00:00Z"),
                never.message());

        SyncVerdict.Verdict freshRun =
                verdict(facts(ACTIVE_SINCE_MORNING, run(RunStatus.PARTIAL, NOW.minusSeconds(2), null, null), success));
        assertTrue(freshRun.up(), "a run that has just gone through counts before the store's figure follows");
        SyncStates.Row running = new SyncStates.Row(
                "contacts",
                SyncState.ACTIVE,
                Direction.TWO_WAY,
                null,
                9L,
                NOW.plusSeconds(90),
                ACTIVE_SINCE_MORNING.since());
        SyncVerdict.Verdict longRun = verdict(facts(running, null, success));
        assertTrue(longRun.up(), "a run still renewing its lease is making progress");
        assertTrue(longRun.message().endsWith("; run 9 is in progress"), longRun.message());
        SyncStates.Row stuck = new SyncStates.Row(
                "contacts",
                SyncState.ACTIVE,
                Direction.TWO_WAY,
                null,
                9L,
                NOW.minusSeconds(1),
                ACTIVE_SINCE_MORNING.since());
        assertFalse(verdict(facts(stuck, null, success)).up(), "a run whose lease ran out is stuck");

        SyncVerdict.Facts unscheduled =
                new SyncVerdict.Facts("contacts", ACTIVE_SINCE_MORNING, true, null, null, null, List.of());
        assertTrue(SyncVerdict.of(unscheduled, 3, NOW).up(), "a schedule that does not fire again is never late");
    }

    @Test
    void everyReasonAnActiveSyncIsDownIsSaid() {
        SyncVerdict.Verdict v = verdict(facts(
                ACTIVE_SINCE_MORNING,
                run(RunStatus.FAILED, NOW, RunFailures.Kind.CREDENTIALS_REFUSED.name(), "refused"),
                null,
                new SyncVerdict.Budget("desk", 10, 10, MIDNIGHT)));
        assertFalse(v.up());
        String[] parts = v.message().split("; ");
        assertEquals(3, parts.length, v.message());
        assertTrue(parts[0].startsWith("credentials refused"));
        assertTrue(parts[1].startsWith("budget stop"));
        assertTrue(parts[2].startsWith("late"));
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertEquals("45s", Durations.words(Duration.ofSeconds(45)));
        assertEquals("12m", Durations.words(Duration.ofMinutes(12)));
        assertEquals("3h 5m", Durations.words(Duration.ofMinutes(185)));
        assertEquals("2d 4h", Durations.words(Duration.ofHours(52)));
    }
}
