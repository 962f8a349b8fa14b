package io.deskbridge.connector;

/**
 * What a read of deleted records did: its calls and records, and whether it got back to the time it was asked
 * for. A read that could not (the Desk's recycle bin pages no further than offset 4,999) leaves the rest unseen,
 * and the caller must not move its watermark past them.
 */
public record DeletedRead(int calls, int records, boolean complete) {}
