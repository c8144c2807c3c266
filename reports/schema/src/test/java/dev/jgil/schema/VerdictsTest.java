package dev.jgil.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The findings' definitions, on numbers: what each verdict means at its thresholds. */
class VerdictsTest {
    static final long MS = 1_000_000L;

    @Test
    void theSpeedUpBoundIsHeldPlusWaitOverHeldCappedByTheHardwareThreads() {
        assertEquals(3.0, Verdicts.speedUpBound(100, 200, 0), 1e-12);
        assertEquals(2.0, Verdicts.speedUpBound(100, 200, 2), 1e-12);
        assertTrue(Verdicts.speedUpCapped(100, 200, 2));
        assertEquals(1.0, Verdicts.speedUpBound(0, 200, 2), 1e-12, "nothing held: nothing to gain");
    }

    @Test
    void aBattleNeedsEnoughDropsAndHalfOfThemWonBack() {
        long min = Thresholds.BATTLE_MIN_DROPS_COUNT;
        double f = Thresholds.BATTLE_WON_BACK_FRACTION;
        assertTrue(Verdicts.battle(100, 50, min, f));
        assertFalse(Verdicts.battle(100, 49, min, f));
        assertFalse(Verdicts.battle(min - 1, min - 1, min, f), "too few to judge");
        assertFalse(Verdicts.battle(0, 0, 0, f));
        assertEquals(7, Verdicts.drops(3, 4), "forced switches plus tick drops");
    }

    @Test
    void aConvoyWaitIsAQuarterOfTheIntervalInForceAndAtLeastOneMillisecond() {
        long min = Thresholds.CONVOY_MIN_WAIT_NANOS;
        double share = Thresholds.CONVOY_MIN_WAIT_INTERVAL_FRACTION;
        assertEquals(1_250_000, Verdicts.convoyMinWaitNanos(5 * MS, min, share));
        assertEquals(1 * MS, Verdicts.convoyMinWaitNanos(1 * MS, min, share), "never below the default preset's 1 ms threshold");
        assertTrue(Verdicts.convoy(10, 20, Thresholds.CONVOY_MIN_WAITS_COUNT, Thresholds.CONVOY_MIN_SHARE_FRACTION));
        assertFalse(Verdicts.convoy(10, 21, Thresholds.CONVOY_MIN_WAITS_COUNT, Thresholds.CONVOY_MIN_SHARE_FRACTION), "under half");
        assertFalse(Verdicts.convoy(9, 9, Thresholds.CONVOY_MIN_WAITS_COUNT, Thresholds.CONVOY_MIN_SHARE_FRACTION), "too few");
    }

    @Test
    void slowDropsArePercentileNinetyNineAgainstTheInterval() {
        long[] fourMs = new long[100];
        java.util.Arrays.fill(fourMs, 4 * MS);
        assertFalse(Verdicts.slowDrops(fourMs, 5 * MS, Thresholds.SLOW_DROP_MIN_REQUESTS_COUNT, Thresholds.SLOW_DROP_MIN_NANOS));
        assertTrue(Verdicts.slowDrops(fourMs, 1 * MS, Thresholds.SLOW_DROP_MIN_REQUESTS_COUNT, Thresholds.SLOW_DROP_MIN_NANOS));
        assertEquals(4 * MS, Verdicts.percentile(fourMs, 99));
        assertEquals(3, Verdicts.percentile(new long[] {1, 2, 3, 4}, 50), "the element at floor(n · p / 100)");
    }

    @Test
    void detailIsCompleteOnlyUnderTraceWithNothingLostAndNoEventMissing() {
        assertTrue(Verdicts.detailComplete(true, 0, 10, 10, 5, 5));
        assertTrue(Verdicts.detailComplete(true, 0, 11, 10, 5, 5), "more events than counted: nothing is missing");
        assertFalse(Verdicts.detailComplete(true, 0, 9, 10, 5, 5));
        assertFalse(Verdicts.detailComplete(true, 1, 10, 10, 5, 5));
        assertFalse(Verdicts.detailComplete(false, 0, 10, 10, 5, 5));
    }

    @Test
    void theWorstSerializedSegmentSkipsOffAndPrefersWholeIntervals() {
        boolean[] off = {false, true, false}, approx = {false, false, true};
        double[] held = {100, 100, 100}, wait = {50, 900, 300};
        assertEquals(0, Verdicts.worstSerializedSegment(off, held, wait, approx, 0), "off is no bound; approximate loses");
        assertEquals(2, Verdicts.worstSerializedSegment(off, held, wait, new boolean[3], 0));
        assertEquals(-1, Verdicts.worstSerializedSegment(new boolean[] {true}, new double[] {1}, new double[] {1}, new boolean[1], 0));
    }
}
