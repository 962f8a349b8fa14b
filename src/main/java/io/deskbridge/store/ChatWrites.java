package io.deskbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writes a chat makes in Sell, one per step: the intent is committed before the call and completed with the new
 * record's id after it. A step done is never sent again; a step intended but not done is a call whose answer may have
 * been lost (a crash, a timeout), so what it made is looked for before it is sent again.
 */
public final class ChatWrites {

    public enum Step {
        LEAD,
        NOTE,
        TASK,
        PHONE;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Step of(String column) {
            return valueOf(column.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One step: on which record, and the id of what it made once done (null while only intended). */
    public record Write(Step step, String resourceType, String resourceId, String remoteId) {
        public boolean done() {
            return remoteId != null;
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public ChatWrites(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The steps of one chat intended or done so far. */
    public Map<Step, Write> of(String syncId, String chatId) {
        Map<Step, Write> out = new TreeMap<>();
        jdbc.query(
                "SELECT step, resource_type, resource_id, remote_id FROM chat_write WHERE sync_id = ? AND chat_id = ?",
                rs -> out.put(Step.of(rs.getString(1)), row(rs)),
                syncId,
                chatId);
        return out;
    }

    /** Commits the intent of a step before its call; an intent already there is kept as it is. */
    public void intend(String syncId, String chatId, Step step, String resourceType, String resourceId) {
        intend(syncId, chatId, step, resourceType, resourceId, null);
    }

    /** Commits the intent of a lead for this (normalised) email before its call. */
    public void intendLead(String syncId, String chatId, String email) {
        intend(syncId, chatId, Step.LEAD, "lead", null, email);
    }

    /** Whether a lead for this email was asked of Sell and its answer not kept: it may exist, not yet known here. */
    public boolean leadUnconfirmed(String syncId, String email) {
        return jdbc.queryOne(
                                "SELECT COUNT(*) FROM chat_write WHERE sync_id = ? AND email = ? AND step = ? AND remote_id IS NULL",
                                rs -> rs.getInt(1),
                                syncId,
                                email,
                                Step.LEAD.column())
                        .orElse(0)
                > 0;
    }

    private void intend(String syncId, String chatId, Step step, String resourceType, String resourceId, String email) {
        jdbc.inTransaction(() -> {
            int n = jdbc.update(
                    "UPDATE chat_write SET resource_type = ?, resource_id = ? WHERE sync_id = ? AND chat_id = ? AND step = ?"
                            + " AND remote_id IS NULL",
                    resourceType,
                    resourceId,
                    syncId,
                    chatId,
                    step.column());
            if (n == 0 && of(syncId, chatId).get(step) == null) {
                jdbc.update(
                        "INSERT INTO chat_write (sync_id, chat_id, step, resource_type, resource_id, email, intended_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        syncId,
                        chatId,
                        step.column(),
                        resourceType,
                        resourceId,
                        email,
                        clock.instant());
            }
        });
    }

    /** The step is done: what it made, in the caller's commit. */
    public void done(String syncId, String chatId, Step step, String remoteId) {
        jdbc.update(
                "UPDATE chat_write SET remote_id = ?, done_at = ? WHERE sync_id = ? AND chat_id = ? AND step = ?",
                remoteId,
                clock.instant(),
                syncId,
                chatId,
                step.column());
    }

    /**
     * Forgets the steps of a chat still only intended: Sell refused the call outright (404, 422), so nothing of it
     * exists and the next attempt decides afresh rather than going back to the record or lead it was meant for.
     */
    public void forgetOpen(String syncId, String chatId) {
        jdbc.update("DELETE FROM chat_write WHERE sync_id = ? AND chat_id = ? AND remote_id IS NULL", syncId, chatId);
    }

    /**
     * Forgets the steps of a chat that went to a record Sell no longer has (deleted, converted): the lead it made (a
     * lead id, not a contact's with the same number), the task that went with the record; the next attempt writes
     * them where the visitor's email leads now. Once the chat's note is made nothing is forgotten: the note is the
     * chat's one write that must never be made twice (a refused note is only intended, and forgotten as such).
     */
    public void forgetRecord(String syncId, String chatId, String resourceType, String resourceId) {
        jdbc.update(
                "DELETE FROM chat_write WHERE sync_id = ? AND chat_id = ? AND ((resource_type = ? AND resource_id = ?)"
                        + " OR (step = ? AND resource_type = ? AND remote_id = ?)) AND NOT EXISTS (SELECT 1 FROM"
                        + " chat_write n WHERE n.sync_id = chat_write.sync_id AND n.chat_id = chat_write.chat_id"
                        + " AND n.step = ? AND n.remote_id IS NOT NULL)",
                syncId,
                chatId,
                resourceType,
                resourceId,
                Step.LEAD.column(),
                resourceType,
                resourceId,
                Step.NOTE.column());
    }

    /** How many steps of a kind were done for the sync: for tests and figures. */
    public int countDone(String syncId, Step step) {
        return jdbc.queryOne(
                        "SELECT COUNT(*) FROM chat_write WHERE sync_id = ? AND step = ? AND remote_id IS NOT NULL",
                        rs -> rs.getInt(1),
                        syncId,
                        step.column())
                .orElse(0);
    }

    private static Write row(ResultSet rs) throws SQLException {
        return new Write(Step.of(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4));
    }
}
