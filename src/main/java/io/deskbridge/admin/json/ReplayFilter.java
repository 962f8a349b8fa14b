package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** The optional body of POST /admin/syncs/{sync}/errors/replay; each key may be given in the query instead, not in both. */
@Schema(name = "ReplayFilter", description = "Which kept records to queue again; any other key is refused with 400")
public record ReplayFilter(
        @Schema(
                description =
                        "EXCLUDED, CONFLICT or FAILED (FAILED when neither key is given); deletions are never replayed")
        String kind,

        @Schema(description = "a reason code, e.g. NO_EMAIL, whatever its kind")
        String reasonCode) {

    public static final ReplayFilter NONE = new ReplayFilter(null, null);
}
