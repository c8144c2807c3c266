package dev.jgil.schema;

/**
 * The GIL battle's own measure, from the detail events of a recording that holds every hold and wait (trace
 * preset, nothing lost): drops (holds ended by {@code FORCED_SWITCH} or {@code TICK}) made while another thread
 * waited — a recorded wait began before the drop and ended after it — and how many of them the dropper won back
 * (the next hold is its own). A drop nobody waited for is won back trivially and says nothing about a battle.
 * Counted per configuration segment, by the time of the drop.
 */
public final class ContestedDrops {
    private ContestedDrops() {
    }

    /**
     * @param holdStart     hold start times (any clock shared with the waits), ascending
     * @param holdNanos     hold lengths
     * @param holdThread    the holder of each hold (any id; negative: unknown, the pair is skipped)
     * @param holdIsDrop    whether each hold ended in a drop
     * @param waitStart     wait start times, ascending
     * @param waitNanos     wait lengths
     * @param segments      where the configuration segments begin (see {@link Segments}); null: one segment
     * @return {@code [segment][0]}: contested drops, {@code [segment][1]}: of them won back
     */
    public static long[][] count(long[] holdStart, long[] holdNanos, long[] holdThread, boolean[] holdIsDrop,
            long[] waitStart, long[] waitNanos, Segments segments) {
        long[][] out = new long[segments == null ? 1 : Math.max(1, segments.size())][2];
        // maxWaitEnd[k]: the latest end among waits 0..k (waits are sorted by start).
        long[] maxWaitEnd = new long[waitStart.length];
        for (int k = 0; k < maxWaitEnd.length; k++) {
            long e = waitStart[k] + waitNanos[k];
            maxWaitEnd[k] = k == 0 ? e : Math.max(maxWaitEnd[k - 1], e);
        }
        for (int i = 1; i < holdStart.length; i++) {
            long from = holdThread[i - 1], to = holdThread[i];
            if (from < 0 || to < 0 || !holdIsDrop[i - 1]) continue;
            long end = holdStart[i - 1] + holdNanos[i - 1];
            if (!someoneWaiting(waitStart, maxWaitEnd, end)) continue;
            int g = segments == null ? 0 : segments.indexAt(end);
            out[g][0]++;
            if (from == to) out[g][1]++;
        }
        return out;
    }

    /** Whether some wait began before {@code t} and ended after it. */
    static boolean someoneWaiting(long[] waitStart, long[] maxWaitEnd, long t) {
        int lo = 0, hi = waitStart.length - 1, k = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (waitStart[mid] < t) {
                k = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return k >= 0 && maxWaitEnd[k] > t;
    }
}
