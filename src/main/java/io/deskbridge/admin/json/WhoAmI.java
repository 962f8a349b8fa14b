package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of GET /admin/whoami: the name and role of the token that asked, never the token. A page or script
 * shows only the actions the token may take.
 */
@Schema(
        name = "WhoAmI",
        requiredProperties = {"name", "role"})
public record WhoAmI(
        @Schema(description = "the token's name, as the audit log shows it: admin, viewer, or a named token's name")
        String name,

        @Schema(
                description = "admin (may do everything), commenter (reads and comments on tickets) or viewer (reads)",
                allowableValues = {"admin", "commenter", "viewer"})
        String role) {}
