package io.deskbridge.connector;

import java.time.Duration;

/**
 * What a system allows, as data the rest of Deskbridge reads instead of constants of its own. Read today: the write
 * batch (CRM writes), the change time's precision and field (the pull's watermarks and mirror rows) and the default
 * concurrency (the system's gate). The others describe the system for the next ones (ADR 0009).
 *
 * @param pageSize             records per page of an incremental read
 * @param writeBatch           records per write call (1 when the API writes a record a call)
 * @param maxReadFields        fields one read may ask for (0: the API returns whole records)
 * @param notModified          whether an unchanged read costs one call answered 304/204
 * @param upsert               whether the API creates-or-updates by a key in one call, so a lost answer cannot
 *                             duplicate a create
 * @param changeTimePrecision  the finest step of the change time a read can resume from ({@code If-Modified-Since}
 *                             has whole seconds); a watermark stays this far behind the newest time read
 * @param changeTimeField      the field of a record that holds its change time
 * @param maxConcurrentCalls   calls in flight at once by default (the API's concurrency limit for one org)
 */
public record ConnectorLimits(
        int pageSize,
        int writeBatch,
        int maxReadFields,
        boolean notModified,
        boolean upsert,
        Duration changeTimePrecision,
        String changeTimeField,
        int maxConcurrentCalls) {}
