package dev.jgil.report.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A thread's segments of several GILs become disjoint pieces, each needing the lock of the code that ran in it. */
class PiecesTest {
    static final long MS = 1_000_000;

    static Pieces.Seg seg(long atMs, long ms, boolean blocking, long cpuMs, String group, int lock, int order) {
        return new Pieces.Seg(atMs * MS, ms * MS, blocking, cpuMs < 0 ? -1 : cpuMs * MS, group, lock, order);
    }

    /** {start ms, length ms, lock, blocking 0/1, cpu ms} per piece. */
    static List<long[]> pieces(List<Pieces.Seg> segs, long[] cross) {
        Trace.ThreadBuilder b = new Trace.ThreadBuilder("t");
        cross[0] = Pieces.build(new ArrayList<>(segs), b);
        Trace.ThreadTrace t = b.build();
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < t.segments(); i++) {
            out.add(new long[] {t.start[i] / MS, t.length[i] / MS, t.gil[i], t.blockingAfter[i] ? 1 : 0, t.cpu[i] / MS});
        }
        return out;
    }

    static void assertPieces(List<long[]> actual, long[]... expected) {
        assertEquals(expected.length, actual.size(), "pieces");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(java.util.Arrays.toString(expected[i]), java.util.Arrays.toString(actual.get(i)), "piece " + i);
        }
    }

    @Test
    void aCallIntoAnotherGroupIsThatGroupsPieceAndTheOuterGroupResumesAfterIt() {
        // parser [0, 30) calls driver [10, 20): parser 0-10, driver 10-20, parser 20-30; CPU 30 ms over parser's 30 ms and
        // 10 over driver's 10, in proportion. The thread then blocks after the parser's segment.
        long[] cross = new long[1];
        List<long[]> p = pieces(List.of(seg(0, 30, true, 30, "parser", 0, 0), seg(10, 10, false, 10, "driver", 1, 1)), cross);
        assertPieces(p, new long[] {0, 10, 0, 0, 10}, new long[] {10, 10, 1, 0, 10}, new long[] {20, 10, 0, 1, 10});
        assertEquals(10 * MS, cross[0], "time inside the cross-group call");
    }

    @Test
    void mergedIntoOneLockTheSegmentsBecomeTheirUnion() {
        // The same calls with both groups mapped to lock 0: one piece 0-30, as one GIL would hold it.
        long[] cross = new long[1];
        List<long[]> p = pieces(List.of(seg(0, 30, true, 30, "parser", 0, 0), seg(10, 10, false, 10, "driver", 0, 1)), cross);
        assertPieces(p, new long[] {0, 30, 0, 1, 30});
    }

    @Test
    void segmentsOfOneGroupAreKeptAsRecorded() {
        long[] cross = new long[1];
        List<long[]> p = pieces(List.of(seg(0, 5, true, 4, "default", 0, 0), seg(8, 2, false, -1, "default", 0, 1)), cross);
        assertPieces(p, new long[] {0, 5, 0, 1, 4}, new long[] {8, 2, 0, 0, -1 / MS});
        assertEquals(0, cross[0]);
    }

    @Test
    void separateSegmentsOfTwoGroupsKeepTheirGapsAndLocks() {
        long[] cross = new long[1];
        List<long[]> p = pieces(List.of(seg(0, 5, false, 5, "parser", 0, 0), seg(7, 3, true, 3, "driver", 1, 1),
                seg(10, 2, false, 2, "parser", 0, 2)), cross);
        assertPieces(p, new long[] {0, 5, 0, 0, 5}, new long[] {7, 3, 1, 0, 3}, new long[] {10, 2, 0, 0, 2});
        assertEquals(0, cross[0]);
    }

    @Test
    void emptySegmentsOfTwoGroupsLeaveNothingToReplay() {
        Trace.ThreadBuilder b = new Trace.ThreadBuilder("t");
        Pieces.build(new ArrayList<>(List.of(seg(0, 0, false, 0, "parser", 0, 0), seg(1, 0, true, 0, "driver", 1, 1))), b);
        assertEquals(true, b.isEmpty(), "the reader skips such a thread");
    }
}
