package io.deskbridge.connector;

/**
 * Spends one API call of a system's daily allowance, or refuses when it is used up. Every attempt
 * counts, retries too: the APIs charge them all.
 */
public interface CallBudget {

    CallBudget UNLIMITED = system -> {};

    /** @throws ApiException with code {@code BUDGET} when the system's calls for today are used up */
    void spend(String system);
}
