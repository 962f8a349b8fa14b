package io.deskbridge.connector;

import java.util.Map;

/**
 * The CRM's field metadata of a module: which fields exist and what they hold. An activation check reads it to prove
 * that the fields Deskbridge will write exist before a run finds out record by record.
 */
public interface CrmFields {

    /**
     * One field of a module.
     *
     * @param apiName  its API name ({@code Desk_Tickets_Total})
     * @param dataType the CRM's data type ({@code integer}, {@code double}, {@code text}, {@code textarea},
     *                 {@code datetime}, ...)
     * @param length   the most characters it takes (the metadata's {@code length}), or null when not said
     */
    record Field(String apiName, String dataType, Integer length) {}

    /** The module's fields by API name; throws the typed failure the CRM answered with. */
    Map<String, Field> fields(String module);
}
