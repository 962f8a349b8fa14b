package io.deskbridge.admin.json;

import io.deskbridge.store.Conflicts;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The fields both sides had changed, settled by the conflict policy in one run. */
@Schema(name = "RunConflicts", requiredProperties = "items")
public record RunConflicts(List<Resolution> items) {

    /** One field both sides changed, what each held and which value was kept. */
    @Schema(
            name = "ConflictResolution",
            requiredProperties = {"crmId", "deskId", "field", "crmValue", "deskValue", "kept", "policy"})
    public record Resolution(
            String crmId,
            String deskId,
            String field,
            @Schema(nullable = true) String crmValue,
            @Schema(nullable = true) String deskValue,
            @Schema(description = "crm or desk") String kept,
            String policy) {

        public static Resolution of(Conflicts.Resolution r) {
            return new Resolution(r.crmId(), r.deskId(), r.field(), r.crmValue(), r.deskValue(), r.kept(), r.policy());
        }
    }
}
