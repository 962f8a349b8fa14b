package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.deskbridge.store.Links;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** How a customer's records are tied across the two systems. */
@Schema(name = "LinksPage", requiredProperties = "items")
public record LinksPage(List<Link> items) {

    /** One CRM record tied to one Desk record, with what both sides held after the last sync. */
    @Schema(
            name = "Link",
            requiredProperties = {"crmId", "deskId", "key", "state", "deskOrg", "waitingFor"})
    public record Link(
            String crmId,
            String deskId,

            @Schema(
                    nullable = true,
                    description =
                            "the match key: the normalised email, an account's name, or a product's code:… or name:… key")
            String key,

            Links.State state,
            String deskOrg,
            // An object, or a JSON null when what was kept cannot be read; absent before the first sync of the pair.
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(
                    type = "object",
                    nullable = true,
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                    description = "the fields as both sides held them after the last sync")
            Object lastSynced,

            @Schema(description = "references not completed yet: each waits for another sync to link what it refers to")
            List<Waiting> waitingFor) {}

    /** A reference field of the record that waits until another sync links the record it refers to. */
    @Schema(
            name = "WaitingReference",
            requiredProperties = {"field", "system", "id", "until"})
    public record Waiting(
            String field,
            @Schema(description = "crm or desk") String system,
            @Schema(description = "the id it refers to") String id,
            String until) {

        public static Waiting of(Links.Waiting w) {
            return new Waiting(w.field(), w.system(), w.refId(), "linked by the " + w.viaSync() + " sync");
        }
    }
}
