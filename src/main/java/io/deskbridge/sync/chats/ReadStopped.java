package io.deskbridge.sync.chats;

/** Thrown out of a page handler to end a read (of chats, of Sell records) where the run must stop: a pause, a shutdown. */
final class ReadStopped extends RuntimeException {
    ReadStopped() {
        super(null, null, false, false);
    }
}
