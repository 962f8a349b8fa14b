package io.deskbridge.model;

public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    /** The run finished, but some records failed and are kept for a retry. */
    PARTIAL,
    /**
     * A pause, disable, daily budget, retry cap or shutdown stopped it between batches: what was written is
     * committed, and the records not reached stay staged for the next run.
     */
    STOPPED,
    /** The run stopped early (API unreachable, credentials refused, ...); its watermark stays where the last committed page left it. */
    FAILED
}
