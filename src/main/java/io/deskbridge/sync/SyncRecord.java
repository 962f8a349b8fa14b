package io.deskbridge.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sync.map.EmailAddress;

/**
 * One pulled record on its way through map, route and push: the body of the exchanges the sync
 * route splits a run into.
 */
public final class SyncRecord {

    private final String sourceId;
    private final ObjectNode source;
    private ObjectNode mapped;
    private EmailAddress primaryEmail = EmailAddress.missing();
    private EmailAddress secondaryEmail = EmailAddress.missing();
    private String targetId;
    private boolean matchedBySecondary;
    private String reasonCode;
    private String reason;

    public SyncRecord(String sourceId, ObjectNode source) {
        this.sourceId = sourceId;
        this.source = source;
    }

    public String sourceId() { return sourceId; }
    public ObjectNode source() { return source; }
    public ObjectNode mapped() { return mapped; }
    public EmailAddress primaryEmail() { return primaryEmail; }
    public EmailAddress secondaryEmail() { return secondaryEmail; }
    public String targetId() { return targetId; }
    public boolean matchedBySecondary() { return matchedBySecondary; }
    public String reasonCode() { return reasonCode; }
    public String reason() { return reason; }

    public void mapped(ObjectNode mapped, EmailAddress primary, EmailAddress secondary) {
        this.mapped = mapped;
        this.primaryEmail = primary;
        this.secondaryEmail = secondary;
    }

    public void target(String targetId, boolean bySecondary) {
        this.targetId = targetId;
        this.matchedBySecondary = bySecondary;
    }

    public void because(String code, String why) {
        this.reasonCode = code;
        this.reason = why;
    }

    @Override
    public String toString() {
        return "record " + sourceId;
    }
}
