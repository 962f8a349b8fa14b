package io.deskbridge.admin.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Every sync, in the order they run when both are due. */
@Schema(name = "SyncList", requiredProperties = "syncs")
public record SyncList(List<SyncStatus> syncs) {}
