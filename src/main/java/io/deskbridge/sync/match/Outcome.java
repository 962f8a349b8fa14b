package io.deskbridge.sync.match;

/** Where the content-based router sends a record. */
public enum Outcome {
    /** Linked before, and the mapped content changed since Deskbridge last wrote it. */
    UPDATE,
    /** Linked before, and nothing changed: nothing to write. */
    UNCHANGED,
    /** Not linked; exactly one record on the other side has its email: link it, then bring it up to date. */
    LINK,
    /** Not linked and no record on the other side has its email. */
    CREATE,
    /** Several records could be the one: nothing is written until a person decides. */
    CONFLICT,
    /** No email, or one that is not valid: it cannot be matched, so it is not synced. */
    EXCLUDED
}
