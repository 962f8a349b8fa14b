package io.deskbridge.connector;

/** What an incremental read did: how many calls and records, and whether the API said nothing changed (304/204). */
public record ReadSummary(int calls, int records, boolean nothingChanged) {}
