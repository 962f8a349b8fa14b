package io.deskbridge.store;

import io.deskbridge.connector.BudgetExhausted;
import io.deskbridge.connector.CallInterrupted;
import io.deskbridge.connector.CredentialsRefused;
import io.deskbridge.connector.RateLimited;
import io.deskbridge.connector.RecordRefused;
import io.deskbridge.connector.ServerTrouble;
import io.deskbridge.connector.Unreachable;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kind of failure that ended each FAILED run, kept beside the run: its message is for people, and the health
 * checks must tell refused credentials from the rest on every node.
 */
public final class RunFailures {

    private static final Logger LOG = LoggerFactory.getLogger(RunFailures.class);

    /** What ended a run, by the connector's failure type; the state store's own trouble, or anything else. */
    public enum Kind {
        CREDENTIALS_REFUSED,
        RATE_LIMITED,
        UNREACHABLE,
        BUDGET_EXHAUSTED,
        INTERRUPTED,
        SERVER_TROUBLE,
        RECORD_REFUSED,
        STATE_STORE,
        OTHER;

        private static final Map<Class<?>, Kind> BY_TYPE = Map.of(
                CredentialsRefused.class, CREDENTIALS_REFUSED,
                RateLimited.class, RATE_LIMITED,
                Unreachable.class, UNREACHABLE,
                BudgetExhausted.class, BUDGET_EXHAUSTED,
                CallInterrupted.class, INTERRUPTED,
                ServerTrouble.class, SERVER_TROUBLE,
                RecordRefused.class, RECORD_REFUSED,
                StoreException.class, STATE_STORE);

        /** The kind of a failure the run's route caught (the connector's failure types are final: by exact type). */
        public static Kind of(Throwable cause) {
            return cause == null ? OTHER : BY_TYPE.getOrDefault(cause.getClass(), OTHER);
        }
    }

    private final Jdbc jdbc;

    public RunFailures(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Notes why a run that has just ended FAILED failed. Never throws: the run's end is written already, and a kind
     * that could not be noted only leaves the health checks without it.
     */
    public void note(long runId, Throwable cause) {
        try {
            jdbc.update(
                    "UPDATE sync_run SET failure_kind = ? WHERE run_id = ?",
                    Kind.of(cause).name(),
                    runId);
        } catch (RuntimeException e) {
            LOG.warn("run {}: the kind of its failure could not be noted: {}", runId, e.getMessage());
        }
    }
}
