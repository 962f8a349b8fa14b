package io.deskbridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.deskbridge.admin.json.ErrorsPage;
import io.deskbridge.admin.json.LinksPage;
import io.deskbridge.admin.json.Replayed;
import io.deskbridge.admin.json.Run;
import io.deskbridge.admin.json.RunStarted;
import io.deskbridge.admin.json.SyncStatus;
import io.deskbridge.admin.json.SyncsMoved;
import io.deskbridge.model.RunStatus;
import io.deskbridge.model.SyncState;
import io.deskbridge.store.Issues;
import io.deskbridge.store.Links;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answer records are written byte for byte as the admin API wrote its JSON before they existed (issue 12,
 * item 5): the same field names in the same order, null where a value was null, absent where a field was left
 * out. The expected texts are answers of the hand-built API.
 */
class AnswerWireFormTest {

    static final Run RUNNING = new Run(
            2,
            "contacts",
            "admin",
            RunStatus.RUNNING,
            "2026-11-28T20:27:28.876533Z",
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            new Run.ApiCalls(new Run.Calls(0, 0, 0.0), new Run.Calls(0, 0, 0.0)),
            null);

    @Test
    void aSyncStatusIsWrittenAsBefore() {
        SyncStatus status = new SyncStatus(
                "contacts",
                SyncState.ACTIVE,
                "two-way",
                null,
                "0 0/5 * * * ?",
                "crm-wins",
                "keep",
                RUNNING,
                2L,
                "2026-11-28T20:30:00Z",
                new SyncStatus.RecordHealth(0, 0, 0, 0, 0),
                new SyncStatus.CallsToday(
                        new SyncStatus.SystemCallsToday(3, 5000L, false, "2026-11-29T00:00:00Z"),
                        new SyncStatus.SystemCallsToday(5, null, null, null)));
        assertEquals(
                "{\"id\":\"contacts\",\"state\":\"ACTIVE\",\"direction\":\"two-way\",\"stateReason\":null,"
                        + "\"cron\":\"0 0/5 * * * ?\",\"conflict\":\"crm-wins\",\"deletes\":\"keep\",\"lastRun\":{\"runId\":2,"
                        + "\"sync\":\"contacts\",\"trigger\":\"admin\",\"status\":\"RUNNING\",\"startedAt\":\"2026-11-28T20:27:28.876533Z\","
                        + "\"finishedAt\":null,\"read\":0,\"created\":0,\"updated\":0,\"linked\":0,\"unchanged\":0,\"excluded\":0,"
                        + "\"failed\":0,\"conflicts\":0,\"deleted\":0,\"apiCalls\":{\"crm\":{\"calls\":0,\"throttled\":0,"
                        + "\"waitedSeconds\":0.0},\"desk\":{\"calls\":0,\"throttled\":0,\"waitedSeconds\":0.0}},\"message\":null},"
                        + "\"runningRunId\":2,\"nextRunAt\":\"2026-11-28T20:30:00Z\",\"records\":{\"inSync\":0,\"excluded\":0,"
                        + "\"conflicts\":0,\"failing\":0,\"deleted\":0},\"apiCalls\":{\"crm\":{\"today\":3,\"budget\":5000,"
                        + "\"exhausted\":false,\"resetsAt\":\"2026-11-29T00:00:00Z\"},\"desk\":{\"today\":5}}}",
                AdminJson.write(status));
    }

    @Test
    void optionalFieldsAreLeftOutAndNullableOnesWrittenAsNull() {
        assertEquals(
                "{\"runId\":1,\"status\":\"RUNNING\",\"href\":\"/admin/syncs/accounts/runs/1\"}",
                AdminJson.write(new RunStarted(1, RunStatus.RUNNING, "/admin/syncs/accounts/runs/1", null)));
        assertEquals(
                "{\"replayed\":0,\"runId\":null,\"note\":\"nothing to replay\"}",
                AdminJson.write(new Replayed(0, null, "nothing to replay")));
        assertEquals("{\"replayed\":1,\"runId\":4}", AdminJson.write(new Replayed(1, 4L, null)));
        assertEquals(
                "{\"syncs\":[{\"id\":\"accounts\",\"from\":\"ACTIVE\",\"state\":\"PAUSED\"},{\"id\":\"contacts\","
                        + "\"from\":\"PAUSED\",\"state\":\"PAUSED\",\"unchanged\":\"sync 'contacts' is PAUSED already\"}]}",
                AdminJson.write(new SyncsMoved(List.of(
                        new SyncsMoved.Move("accounts", SyncState.ACTIVE, SyncState.PAUSED, null),
                        new SyncsMoved.Move(
                                "contacts",
                                SyncState.PAUSED,
                                SyncState.PAUSED,
                                "sync 'contacts' is PAUSED already")))));
        ErrorsPage.RecordIssue kept = new ErrorsPage.RecordIssue(
                3,
                "crm",
                "5725767000000412007",
                null,
                Issues.Kind.EXCLUDED,
                "NO_EMAIL",
                "CRM record 5725767000000412007 has no email address",
                null,
                1,
                "2026-11-28T20:27:29.118538Z",
                "2026-11-28T20:27:29.118538Z");
        assertEquals(
                "{\"sync\":\"contacts\",\"counts\":{\"EXCLUDED\":3,\"CONFLICT\":3,\"FAILED\":0,\"DELETED\":0},\"limit\":5,"
                        + "\"offset\":0,\"items\":[{\"id\":3,\"system\":\"crm\",\"recordId\":\"5725767000000412007\",\"email\":null,"
                        + "\"kind\":\"EXCLUDED\",\"reasonCode\":\"NO_EMAIL\",\"reason\":\"CRM record 5725767000000412007 has no email "
                        + "address\",\"attempts\":1,\"firstSeen\":\"2026-11-28T20:27:29.118538Z\",\"lastSeen\":\"2026-11-28T20:27:29.118538Z\"}]}",
                AdminJson.write(new ErrorsPage("contacts", new ErrorsPage.KindCounts(3, 3, 0, 0), 5, 0, List.of(kept))),
                "an issue without a run has no runId");
        assertEquals(
                "{\"status\":409,\"error\":\"conflict\",\"message\":\"sync 'contacts' is PAUSED already\"}",
                AdminJson.write(new AdminException(409, "sync 'contacts' is PAUSED already").answer()));
        assertEquals(
                "{\"status\":422,\"error\":\"unprocessable\",\"message\":\"cannot activate\",\"problems\":[\"a\",\"b\"]}",
                AdminJson.write(new AdminException(422, "cannot activate", List.of("a", "b")).answer()));
    }

    /** Issue 17: the node that ran a run is added after its trigger; a run made before it was recorded has none. */
    @Test
    void aRunNamesItsNodeAfterItsTriggerAndARunFromBeforeHasNoNode() {
        Run onNode = new Run(
                2,
                "contacts",
                "schedule",
                "host-1a2b3c4d",
                RunStatus.RUNNING,
                "2026-11-28T20:27:28.876533Z",
                null,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                RUNNING.apiCalls(),
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                null);
        String before = AdminJson.write(RUNNING);
        assertEquals(
                before.replace("\"trigger\":\"admin\",", "\"trigger\":\"schedule\",\"node\":\"host-1a2b3c4d\","),
                AdminJson.write(onNode));
        assertEquals(false, before.contains("\"node\""), before);
    }

    /** Issue 18: a running run's progress is added at the end; an ended run, and a run before, has none. */
    @Test
    void aRunningRunEndsWithItsProgressAndOtherRunsAreWrittenAsBefore() throws Exception {
        Run running = new Run(
                2,
                "contacts",
                "admin",
                null,
                RunStatus.RUNNING,
                "2026-11-28T20:27:28.876533Z",
                null,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                RUNNING.apiCalls(),
                null,
                null,
                null,
                null,
                null,
                new Run.Progress(120, 40, 3.0),
                false,
                null);
        String before = AdminJson.write(RUNNING);
        assertEquals(
                before.substring(0, before.length() - 1)
                        + ",\"progress\":{\"recordsDone\":120,\"elapsedSeconds\":40,\"recordsPerSecond\":3.0}}",
                AdminJson.write(running));
        assertEquals(false, before.contains("\"progress\""), before);

        var stored = new io.deskbridge.store.Runs.Run(
                3,
                "contacts",
                "schedule",
                "node-1",
                RunStatus.RUNNING,
                java.time.Instant.parse("2026-11-29T08:00:00Z"),
                null,
                new io.deskbridge.model.RunCounters.Snapshot(50, 10, 5, 3, 2, 20, 0, 0, 0),
                null,
                0,
                0,
                io.deskbridge.store.Runs.Throttling.NONE,
                io.deskbridge.store.Runs.Throttling.NONE,
                false,
                null,
                60);
        Run.Progress shown = Run.of(stored, stored.startedAt().plusSeconds(20)).progress();
        assertEquals(40, shown.recordsDone(), "records with an outcome; read ones may still be in flight");
        assertEquals(2.0, shown.recordsPerSecond());
        assertEquals(20, shown.elapsedSeconds(), "counted to the instant given, a clock's");
        assertEquals(60, shown.total(), "the pass's records, as saved with the progress");
        assertEquals(10L, shown.etaSeconds(), "20 records to go at 2/s");
        assertEquals(
                "{\"recordsDone\":40,\"elapsedSeconds\":20,\"recordsPerSecond\":2.0,\"total\":60,\"etaSeconds\":10}",
                AdminJson.write(shown));
        var ended = new io.deskbridge.store.Runs.Run(
                3,
                "contacts",
                "schedule",
                "node-1",
                RunStatus.SUCCEEDED,
                stored.startedAt(),
                java.time.Instant.now(),
                stored.counters(),
                null,
                0,
                0,
                io.deskbridge.store.Runs.Throttling.NONE,
                io.deskbridge.store.Runs.Throttling.NONE,
                false,
                null,
                null);
        assertEquals(null, Run.of(ended).progress(), "only while RUNNING");
    }

    @Test
    void aLinkSaysNothingOfWhatWasNotKeptAndNullOfWhatCannotBeRead() throws Exception {
        String head =
                "{\"crmId\":\"1\",\"deskId\":\"2\",\"key\":\"a@b.example\",\"state\":\"ACTIVE\",\"deskOrg\":\"7\"";
        LinksPage.Waiting waiting = new LinksPage.Waiting("Account_Name", "crm", "9", "linked by the accounts sync");
        assertEquals(
                head + ",\"waitingFor\":[{\"field\":\"Account_Name\",\"system\":\"crm\",\"id\":\"9\","
                        + "\"until\":\"linked by the accounts sync\"}]}",
                AdminJson.write(link(null, List.of(waiting))));
        assertEquals(
                head + ",\"lastSynced\":null,\"waitingFor\":[]}",
                AdminJson.write(link(NullNode.getInstance(), List.of())));
        assertEquals(
                head + ",\"lastSynced\":{\"Email\":\"a@b.example\",\"n\":1.5},\"waitingFor\":[]}",
                AdminJson.write(link(new ObjectMapper().readTree("{\"Email\":\"a@b.example\",\"n\":1.5}"), List.of())));
    }

    private static LinksPage.Link link(Object lastSynced, List<LinksPage.Waiting> waiting) {
        return new LinksPage.Link("1", "2", "a@b.example", Links.State.ACTIVE, "7", lastSynced, waiting);
    }
}
