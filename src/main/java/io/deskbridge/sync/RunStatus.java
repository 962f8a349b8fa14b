package io.deskbridge.sync;

public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    /** The run finished, but some records failed and are kept for a retry. */
    PARTIAL,
    /** The run stopped early (API unreachable, credentials refused, ...); its watermark stays where the last committed page left it. */
    FAILED
}
