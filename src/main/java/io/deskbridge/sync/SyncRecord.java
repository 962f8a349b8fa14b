package io.deskbridge.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.model.EmailAddress;
import io.deskbridge.model.MatchKey;
import io.deskbridge.model.Side;

/**
 * One pulled record on its way through map, route and push: the body of the exchanges the sync
 * route splits a run into.
 */
public final class SyncRecord {

    private final Side side;
    private final String sourceId;
    private final ObjectNode source;
    private ObjectNode canonical;
    private MatchKey primaryKey = EmailAddress.missing();
    private MatchKey secondaryKey = EmailAddress.missing();
    private String targetId;
    private boolean matchedBySecondary;
    private String reasonCode;
    private String reason;

    public SyncRecord(Side side, String sourceId, ObjectNode source) {
        this.side = side;
        this.sourceId = sourceId;
        this.source = source;
    }

    /** The side this record was pulled from. */
    public Side side() {
        return side;
    }

    public String sourceId() {
        return sourceId;
    }

    public ObjectNode source() {
        return source;
    }
    /** The record in canonical shape (see {@code FieldMap}). */
    public ObjectNode canonical() {
        return canonical;
    }

    public MatchKey primaryKey() {
        return primaryKey;
    }

    public MatchKey secondaryKey() {
        return secondaryKey;
    }
    /** The record on the other side it is linked or matched to. */
    public String targetId() {
        return targetId;
    }

    public boolean matchedBySecondary() {
        return matchedBySecondary;
    }

    public String reasonCode() {
        return reasonCode;
    }

    public String reason() {
        return reason;
    }

    public void mapped(ObjectNode canonical, MatchKey primary, MatchKey secondary) {
        this.canonical = canonical;
        this.primaryKey = primary;
        this.secondaryKey = secondary;
    }

    public void target(String targetId, boolean bySecondary) {
        this.targetId = targetId;
        this.matchedBySecondary = bySecondary;
    }

    public void because(String code, String why) {
        this.reasonCode = code;
        this.reason = why;
    }

    public String describe() {
        return side.system().toUpperCase() + " record " + sourceId;
    }

    @Override
    public String toString() {
        return describe();
    }
}
