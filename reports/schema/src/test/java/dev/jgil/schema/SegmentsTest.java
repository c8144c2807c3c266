package dev.jgil.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cutting a recording at its changes, and attributing statistics intervals to the segments, as report and JMC rules do. */
class SegmentsTest {
    @Test
    void theSegmentInForceIsTheLastStartingAtOrBeforeTheInstant() {
        Segments s = Segments.cutAt(0, 3000, new long[] {1000, 2000});
        assertEquals(3, s.size());
        assertEquals(0, s.indexAt(Long.MIN_VALUE));
        assertEquals(1, s.indexAt(1000), "at the change: the new configuration");
        assertEquals(1, s.indexAt(1999));
        assertEquals(2, s.indexAt(Long.MAX_VALUE));
    }

    @Test
    void wholeIntervalsCountInTheirSegmentAndStraddlersOnlyInSegmentsWithoutAny() {
        Segments s = Segments.cutAt(0, 3000, new long[] {1000, 1100});
        long[] end = {1000, 1500, 3000}, len = {1000, 500, 1500};
        double[] observed = new double[3];
        int[] straddlers = s.allotWhole(end, len, (g, i, overlap, share) -> observed[g] += overlap);
        assertArrayEquals(new int[] {1}, straddlers, "[1000, 1500] straddles the change at 1100");
        assertArrayEquals(new double[] {1000, 0, 1500}, observed);
        boolean[] approximate = {false, true, false};
        s.allotShares(straddlers, end, len, approximate, (g, i, overlap, share) -> observed[g] += overlap);
        assertArrayEquals(new double[] {1000, 100, 1500}, observed, "the 100 ns of segment 1, its only figures");
    }
}
