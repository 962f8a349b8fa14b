package io.deskbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What became of each chat the chats sync read, by chat id: a chat is taken once, however often a read hands it over.
 * It is {@link Outcome#PENDING} from the commit that read it until its writes are done; a failed one is tried again
 * by the next runs, up to the attempts allowed.
 */
public final class ChatOutcomes {

    public enum Outcome {
        PENDING,
        NOTED,
        CONFLICT,
        EXCLUDED,
        FAILED
    }

    /**
     * A chat waiting to be written: its id, the chat as Zendesk Chat handed it over, and the run that took it last
     * without settling it (null when none did): that run may have written some of it, answers lost.
     */
    public record Waiting(String chatId, String payload, int attempts, Long takenBy) {}

    public record Row(
            String chatId,
            Outcome outcome,
            String reasonCode,
            String resourceType,
            String resourceId,
            int attempts,
            Long runId) {}

    private final Jdbc jdbc;
    private final Clock clock;

    public ChatOutcomes(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Keeps the chats not read before as PENDING, in the caller's commit; a chat read before (whatever became of it)
     * is left as it is. Returns how many were new.
     */
    public int stageNew(String syncId, Map<String, String> payloadById) {
        return stageNew(syncId, payloadById, java.util.Set.of(), payload -> payload);
    }

    /**
     * As {@link #stageNew(String, Map)}, and keeps what the export lists again: a chat still waiting (PENDING, FAILED)
     * takes the newer payload (tagged for sales or given an email since), its outcome and attempts unchanged; a chat
     * settled is taken again only for what it lacks: an EXCLUDED one whose visitor's email changed ({@code emailOf}
     * of its payload), and a NOTED one now tagged for sales ({@code forSales}) whose task was never made (only the
     * task is made then: its note is done). Any other change (an update time, a rating) leaves it as it is. Returns
     * how many were new or taken again.
     */
    public int stageNew(
            String syncId,
            Map<String, String> payloadById,
            java.util.Set<String> forSales,
            java.util.function.Function<String, String> emailOf) {
        if (payloadById.isEmpty()) {
            return 0;
        }
        List<Object[]> keys = payloadById.keySet().stream()
                .map(id -> new Object[] {syncId, id})
                .toList();
        Map<String, String[]> known = new java.util.HashMap<>();
        jdbc.queryEach(
                        "SELECT chat_id, outcome, payload, (SELECT COUNT(*) FROM chat_write w WHERE w.sync_id = o.sync_id"
                                + " AND w.chat_id = o.chat_id AND w.step = 'task' AND w.remote_id IS NOT NULL)"
                                + " FROM chat_outcome o WHERE sync_id = ? AND chat_id = ?",
                        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
                        keys)
                .forEach(r -> known.put(r[0], r));
        Instant now = clock.instant();
        List<Object[]> rows = payloadById.entrySet().stream()
                .filter(e -> !known.containsKey(e.getKey()))
                .map(e -> new Object[] {syncId, e.getKey(), Outcome.PENDING.name(), e.getValue(), now, now})
                .toList();
        jdbc.batch(
                "INSERT INTO chat_outcome (sync_id, chat_id, outcome, payload, read_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                rows);
        List<Object[]> newer = payloadById.entrySet().stream()
                .filter(e -> known.containsKey(e.getKey()) && stillWaiting(known.get(e.getKey())))
                .filter(e -> !e.getValue().equals(known.get(e.getKey())[2]))
                .map(e -> new Object[] {e.getValue(), now, syncId, e.getKey()})
                .toList();
        jdbc.batch("UPDATE chat_outcome SET payload = ?, updated_at = ? WHERE sync_id = ? AND chat_id = ?", newer);
        // A chat taken again has no write left open (EXCLUDED wrote nothing, NOTED finished its writes): no run took
        // it unsettled, so it is not written as retaken, with a look-up before each write.
        List<Object[]> again = payloadById.entrySet().stream()
                .filter(e -> known.containsKey(e.getKey())
                        && changedAfterSettled(known.get(e.getKey()), e, forSales, emailOf))
                .map(e -> new Object[] {Outcome.PENDING.name(), e.getValue(), now, syncId, e.getKey()})
                .toList();
        jdbc.batch(
                "UPDATE chat_outcome SET outcome = ?, payload = ?, attempts = 0, reason_code = NULL, run_id = NULL,"
                        + " updated_at = ? WHERE sync_id = ? AND chat_id = ?",
                again);
        return rows.size() + again.size();
    }

    private static boolean stillWaiting(String[] known) {
        Outcome was = Outcome.valueOf(known[1]);
        return was == Outcome.PENDING || was == Outcome.FAILED;
    }

    private static boolean changedAfterSettled(
            String[] known,
            Map.Entry<String, String> read,
            java.util.Set<String> forSales,
            java.util.function.Function<String, String> emailOf) {
        Outcome was = Outcome.valueOf(known[1]);
        return switch (was) {
            case EXCLUDED ->
                known[2] == null || !java.util.Objects.equals(emailOf.apply(read.getValue()), emailOf.apply(known[2]));
            case NOTED -> forSales.contains(read.getKey()) && "0".equals(known[3]);
            default -> false;
        };
    }

    /** The chats to write, after {@code afterId} in id order: pending ones, and failed ones with attempts left. */
    public List<Waiting> waitingAfter(String syncId, String afterId, int maxAttempts, int limit) {
        return jdbc.query(
                "SELECT chat_id, payload, attempts, run_id FROM chat_outcome WHERE sync_id = ? AND chat_id > ?"
                        + " AND (outcome = ? OR (outcome = ? AND attempts < ?)) ORDER BY chat_id FETCH FIRST " + limit
                        + " ROWS ONLY",
                rs -> new Waiting(rs.getString(1), rs.getString(2), rs.getInt(3), Jdbc.nullableLong(rs, "run_id")),
                syncId,
                afterId,
                Outcome.PENDING.name(),
                Outcome.FAILED.name(),
                maxAttempts);
    }

    /**
     * Marks chats as taken by a run, before any of their writes is sent, and makes that survive a kill of the process:
     * an embedded H2 writes a commit to its file up to a second later, and a write intent lost that way would let a
     * note made just before the kill be made again. A chat found taken by an earlier run is written carefully (each
     * write looked for first); the others, all but a batch per crash, need no lookup.
     */
    public void take(String syncId, List<String> chatIds, long runId) {
        if (chatIds.isEmpty()) {
            return;
        }
        jdbc.inTransaction(() -> jdbc.batch(
                "UPDATE chat_outcome SET run_id = ? WHERE sync_id = ? AND chat_id = ?",
                chatIds.stream().map(id -> new Object[] {runId, syncId, id}).toList()));
        jdbc.flushIfEmbeddedH2();
    }

    /**
     * The chat's writes are done (NOTED) or it was set aside (CONFLICT, EXCLUDED), in the caller's commit. A noted chat
     * is not kept any more; one set aside is, for a replay once Sell or the chat is fixed.
     */
    public void settle(
            String syncId,
            String chatId,
            Outcome outcome,
            String reasonCode,
            String resourceType,
            String resourceId,
            long runId) {
        jdbc.update(
                "UPDATE chat_outcome SET outcome = ?, reason_code = ?, resource_type = ?, resource_id = ?, run_id = ?,"
                        + " updated_at = ?" + (outcome == Outcome.NOTED ? ", payload = NULL" : "")
                        + " WHERE sync_id = ? AND chat_id = ?",
                outcome.name(),
                reasonCode,
                resourceType,
                resourceId,
                runId,
                clock.instant(),
                syncId,
                chatId);
    }

    /** One more failed attempt; the chat is tried again by the next runs while attempts are left. */
    public void failed(String syncId, String chatId, String reasonCode, long runId) {
        jdbc.update(
                "UPDATE chat_outcome SET outcome = ?, reason_code = ?, attempts = attempts + 1, run_id = ?, updated_at = ?"
                        + " WHERE sync_id = ? AND chat_id = ?",
                Outcome.FAILED.name(),
                reasonCode,
                runId,
                clock.instant(),
                syncId,
                chatId);
    }

    /** Queues a chat set aside (failed, conflict, excluded) again; false when it is noted or unknown. */
    public boolean requeue(String syncId, String chatId) {
        return jdbc.update(
                        "UPDATE chat_outcome SET outcome = ?, attempts = 0, updated_at = ? WHERE sync_id = ? AND chat_id = ?"
                                + " AND outcome <> ? AND payload IS NOT NULL",
                        Outcome.PENDING.name(),
                        clock.instant(),
                        syncId,
                        chatId,
                        Outcome.NOTED.name())
                > 0;
    }

    public Optional<Row> find(String syncId, String chatId) {
        return jdbc.queryOne(
                "SELECT * FROM chat_outcome WHERE sync_id = ? AND chat_id = ?", ChatOutcomes::row, syncId, chatId);
    }

    public Map<Outcome, Integer> countByOutcome(String syncId) {
        Map<Outcome, Integer> out = new TreeMap<>();
        for (Outcome o : Outcome.values()) {
            out.put(o, 0);
        }
        jdbc.query(
                "SELECT outcome, COUNT(*) FROM chat_outcome WHERE sync_id = ? GROUP BY outcome",
                rs -> out.put(Outcome.valueOf(rs.getString(1)), rs.getInt(2)),
                syncId);
        return out;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("chat_id"),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("reason_code"),
                rs.getString("resource_type"),
                rs.getString("resource_id"),
                rs.getInt("attempts"),
                Jdbc.nullableLong(rs, "run_id"));
    }
}
