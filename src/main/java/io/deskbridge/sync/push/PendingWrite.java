package io.deskbridge.sync.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;

/**
 * A write decided for a record and not answered yet: plain values, with everything settling it needs
 * (ids, the reconcile plan, whether it makes a new link), so a write can wait in a queue, be sent a batch
 * at a time and be settled by {@link PairSettler} from what it holds alone.
 */
public sealed interface PendingWrite extends RunContext.QueuedWrite {

    /** The body sent to the other side. */
    ObjectNode body();

    /** A write to the Desk, sent a batch at a time by {@link DeskWrites}. */
    sealed interface ToDesk extends PendingWrite {}

    /** A write to the CRM, sent 100 records a call by {@link CrmWrites}. */
    sealed interface ToCrm extends PendingWrite {}

    /** A CRM record with no counterpart, created in the Desk; {@code intentOpen} when an earlier run noted the intent. */
    record DeskCreate(SyncRecord record, ObjectNode body, boolean intentOpen) implements ToDesk {}

    /** The Desk's part of bringing a pair together. */
    record DeskUpdate(SyncRecord record, ObjectNode body, Pair pair) implements ToDesk {}

    /** A Desk record with no counterpart, created in the CRM (or found there by its key). */
    record CrmUpsert(SyncRecord record, ObjectNode body) implements ToCrm {}

    /** The CRM's part of bringing a pair together, sent once the Desk has its part; {@code body} carries the CRM id. */
    record CrmUpdate(SyncRecord record, ObjectNode body, Pair pair) implements ToCrm {}

    /**
     * What settling a pair needs once both sides hold what the plan sends them: the two ids, whether the link is
     * new, the plan, the CRM record as pulled (what it holds after is that plus what is written), the CRM write body
     * (null when the CRM gets nothing) and the Desk record as it is after the Desk write (null when it gets nothing).
     */
    record Pair(
            String crmId,
            String deskId,
            boolean newLink,
            Reconciler.Plan plan,
            ObjectNode crmRecord,
            ObjectNode crmBody,
            ObjectNode deskWritten) {

        /** Whether the CRM still needs its part of the plan. */
        public boolean writesToCrm() {
            return !plan.toCrm().isEmpty();
        }
    }
}
