package io.deskbridge.connector;

/**
 * What a read of deleted records did: its calls and records, and whether it got back to the time it was asked
 * for. A read that could not (the Desk's recycle bin pages no further than offset 4,999) leaves the rest unseen,
 * and the caller must not move its watermark past them. {@code unavailable} is null, unless the system has no
 * deleted-records list at all ({@link #unavailable}).
 */
public record DeletedRead(int calls, int records, boolean complete, String unavailable) {

    public DeletedRead(int calls, int records, boolean complete) {
        this(calls, records, complete, null);
    }

    /**
     * The system answered that it has no such list (Bigin's is unconfirmed, issue 15): nothing was read, and
     * {@code answer} says what it answered, naming the call.
     */
    public static DeletedRead unavailable(int calls, String answer) {
        return new DeletedRead(calls, 0, false, answer);
    }
}
