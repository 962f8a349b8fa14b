package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The Desk's agents that are not deleted (active or deactivated), read through the Desk. */
@Schema(
        name = "AgentList",
        requiredProperties = {"count", "items"})
public record AgentList(int count, List<AgentDetail> items) {}
