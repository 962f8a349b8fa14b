package io.deskbridge.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a system answered for one record of a write. A system that writes in batches (the CRM, 100 a call) answers
 * per record; one that writes a record a call (the Desk) answers the same way, so the pipeline reads both alike.
 *
 * @param success whether the record was written
 * @param id      the record's id on success (a new id for a create)
 * @param action  {@code insert} or {@code update} for an upsert, else null
 * @param code    the system's code for a refusal ({@code INVALID_DATA}, {@code DUPLICATE_DATA}, ...)
 * @param message what the system said
 * @param details the system's details: on success what it answered about the record (for the Desk the whole
 *                record), on a refusal which field and why
 * @param gone    the record to update does not exist any more (the API answered 404 for it)
 */
public record WriteResult(
        boolean success, String id, String action, String code, String message, JsonNode details, boolean gone) {

    public static WriteResult written(String id, String action, JsonNode details) {
        return new WriteResult(true, id, action, null, null, details, false);
    }

    public static WriteResult refused(String code, String message, JsonNode details) {
        return new WriteResult(false, null, null, code, message, details, false);
    }

    /** A refusal of this record alone, from the failure its call ended in. */
    public static WriteResult refused(RecordRefused e) {
        return new WriteResult(false, null, null, e.code(), e.getMessage(), null, e.status() == 404);
    }
}
