package io.deskbridge.admin.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.deskbridge.model.SyncState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What activating, pausing or disabling the whole integration did to each sync. */
@Schema(name = "SyncsMoved", requiredProperties = "syncs")
public record SyncsMoved(List<Move> syncs) {

    /** One sync's move; {@code unchanged} says why when the lifecycle did not let it move. */
    @Schema(
            name = "SyncMove",
            requiredProperties = {"id", "from", "state"})
    public record Move(
            String id,
            SyncState from,
            SyncState state,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "why it did not move; absent when it moved")
            String unchanged) {}
}
