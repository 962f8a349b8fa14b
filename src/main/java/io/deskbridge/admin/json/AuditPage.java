package io.deskbridge.admin.json;

import io.deskbridge.store.Audit;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of the changes made through the admin API, newest first. */
@Schema(
        name = "AuditPage",
        requiredProperties = {"limit", "offset", "items"})
public record AuditPage(int limit, int offset, List<Entry> items) {

    /** One change: who (the token's name and role), what, on what, with which answer. */
    @Schema(
            name = "AuditEntry",
            requiredProperties = {"id", "at", "token", "role", "action", "target", "status", "detail"})
    public record Entry(
            long id,
            @Schema(format = "date-time") String at,
            @Schema(description = "the token's name") String token,

            @Schema(description = "ADMIN, COMMENTER or VIEWER")
            String role,

            String action,

            @Schema(
                    nullable = true,
                    description = "a sync, one of its errors, a ticket, an agent (agents/<id>), or the integration")
            String target,

            @Schema(description = "the HTTP status it was answered with")
            int status,

            @Schema(nullable = true) String detail) {

        public static Entry of(Audit.Entry e) {
            return new Entry(
                    e.id(), e.at().toString(), e.tokenName(), e.role(), e.action(), e.target(), e.status(), e.detail());
        }
    }
}
