package io.deskbridge.sync.push;

import io.deskbridge.sync.RunContext;
import io.deskbridge.sync.SyncRecord;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The push step, both ways, as the record router calls it: a record with no counterpart is created on the
 * other side ({@link Creates}); a linked or matched pair is brought together ({@link Pairing}). Either way
 * the writes are queued as values ({@link PendingWrite}), sent in batches ({@link WriteQueue}) and settled a
 * batch in one commit ({@link PairSettler}).
 */
public final class PairPush {

    private final Creates creates;
    private final Pairing pairing;

    public PairPush(Creates creates, Pairing pairing) {
        this.creates = creates;
        this.pairing = pairing;
    }

    /** A record with no counterpart: create it on the other side. */
    public void create(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        creates.create(run, record);
    }

    /** A linked record that changed: bring the pair together, field by field. */
    public void update(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        pairing.update(run, record);
    }

    /** The one record of the other side with this key: link the two, then bring them together. */
    public void link(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Body SyncRecord record) {
        pairing.link(run, record);
    }
}
