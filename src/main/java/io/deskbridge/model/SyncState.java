package io.deskbridge.model;

/** What an admin set a sync to; stored, so every node and every restart sees the same. */
public enum SyncState {
    ACTIVE,
    PAUSED,
    DISABLED
}
