package io.deskbridge.model;

import java.time.Instant;
import java.time.OffsetDateTime;

/** The APIs' change times (ISO-8601 with an offset: the CRM's {@code Modified_Time}, the Desk's {@code modifiedTime}). */
public final class Timestamps {

    private Timestamps() {}

    /** The instant, or null when the value is missing or not a timestamp (such a record is simply not ordered by it). */
    public static Instant parseOrNull(String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
