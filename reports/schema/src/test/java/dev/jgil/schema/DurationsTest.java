package dev.jgil.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** jgil's one duration syntax: the agent's options, {@code jgil set} and {@code jgil top --duration}. */
class DurationsTest {

    @Test
    void everyUnitFromNanosecondsToHours() {
        assertEquals(250L, Durations.parseNanos("250ns"));
        assertEquals(500_000L, Durations.parseNanos("500us"));
        assertEquals(500_000L, Durations.parseNanos("500µs"));
        assertEquals(5_000_000L, Durations.parseNanos("5ms"));
        assertEquals(1_500_000_000L, Durations.parseNanos("1.5s"));
        assertEquals(120_000_000_000L, Durations.parseNanos("2m"));
        assertEquals(3_600_000_000_000L, Durations.parseNanos(" 1H "));
    }

    @Test
    void aBareNumberIsRejectedBecauseNobodyAgreesOnItsUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("5"));
        assertEquals(Durations.SYNTAX, e.getMessage());
    }

    @Test
    void nonsenseZeroAndNegativeAreRejected() {
        for (String bad : new String[] {"", "ms", "0s", "0.1ns", "-1ms", "1.2.3s", "5 parsecs", "1e3ms", "9999999999h"}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(bad), bad);
        }
    }

    @Test
    void formatIsTheShortestExactSpellingAndReadsBack() {
        for (long nanos : new long[] {1, 999, 1_000, 250_000, 5_000_000, 1_000_000_000, 1_500_000_000}) {
            assertEquals(nanos, Durations.parseNanos(Durations.format(nanos)), Durations.format(nanos));
        }
        assertEquals("5ms", Durations.format(5_000_000));
        assertEquals("1500ms", Durations.format(1_500_000_000));
    }
}
