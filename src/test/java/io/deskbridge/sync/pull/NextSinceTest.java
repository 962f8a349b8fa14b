package io.deskbridge.sync.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NextSinceTest {

    static final Instant T = Instant.parse("2026-01-15T09:00:00Z");

    @Test
    void movesJustPastTheNewestChangeWhenItIsSafelyInThePast() {
        NextSince n = new NextSince(null, Duration.ofSeconds(1), T.plusSeconds(60), Duration.ofSeconds(1));
        n.saw(T);
        n.saw(T.plusSeconds(5));
        n.saw(T.plusSeconds(2));
        assertEquals(T.plusSeconds(6), n.value());
    }

    @Test
    void staysBeforeTheApisClockSoAChangeDuringTheReadIsNotSkipped() {
        NextSince n = new NextSince(null, Duration.ofSeconds(1), T.plusSeconds(5), Duration.ofSeconds(1));
        n.saw(T.plusSeconds(5));
        assertEquals(T.plusSeconds(4), n.value());
    }

    @Test
    void neverMovesBackwardsAndKeepsItsPlaceWhenNothingWasSeen() {
        NextSince nothing = new NextSince(T, Duration.ofSeconds(1), T.plusSeconds(60), Duration.ofSeconds(1));
        assertEquals(T, nothing.value());
        NextSince behind = new NextSince(T, Duration.ofSeconds(1), T.minusSeconds(30), Duration.ofSeconds(1));
        behind.saw(T.minusSeconds(40));
        assertEquals(T, behind.value());
        assertNull(new NextSince(null, Duration.ofMillis(1), T, Duration.ofSeconds(1)).value());
    }
}
