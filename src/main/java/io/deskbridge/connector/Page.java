package io.deskbridge.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One page of records as an API returned it, with the API's clock at the time ({@code Date} header,
 * or ours when the API sent none): the safe upper bound for the next incremental read.
 */
public record Page(List<ObjectNode> records, Instant serverTime) {

    /** Receives pages one at a time, so a read of any size never holds more than one page. */
    @FunctionalInterface
    public interface Handler {
        void page(Page page);
    }
}
