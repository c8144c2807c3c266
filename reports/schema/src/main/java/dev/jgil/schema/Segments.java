package dev.jgil.schema;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * A recording cut into configuration segments at its run-time changes ({@code jgil.ConfigurationChange}): which
 * segment an instant belongs to, and how statistics intervals ({@code jgil.Statistics}, {@code jgil.ThreadStatistics})
 * are attributed to segments. The report and the JMC rules both split by this class, so a segment's figures are the
 * same in both.
 *
 * <p>Attribution: an interval that lies wholly inside one segment counts there, whole ({@link #allotWhole}); an
 * interval that straddles a change mixes two configurations and is left out — except for a segment shorter than one
 * statistics period, which would otherwise have no figures at all: it gets its time-share of the straddlers
 * ({@link #allotShares}) and is marked approximate by the caller. The first segment reaches back and the last one
 * forward without limit, so intervals at the recording's edges are not lost.
 */
public final class Segments {
    /** Receives one interval's contribution to one segment: {@code overlapNanos} of it, {@code share} of its length. */
    public interface Allot {
        void add(int segment, int interval, double overlapNanos, double share);
    }

    private final long[] start, end;

    /** Segment {@code i} covers {@code [start[i], end[i])}; segments are contiguous and in time order. */
    public Segments(long[] start, long[] end) {
        if (start.length != end.length || start.length == 0) throw new IllegalArgumentException("segments: " + start.length);
        this.start = start.clone();
        this.end = end.clone();
    }

    /**
     * The segments of a recording from {@code first} to {@code last} with changes at {@code changes} (ascending),
     * each clamped into the recording.
     */
    public static Segments cutAt(long first, long last, long[] changes) {
        long stop = Math.max(first, last);
        long[] s = new long[changes.length + 1], e = new long[changes.length + 1];
        long from = first;
        for (int i = 0; i < changes.length; i++) {
            long at = Math.min(stop, Math.max(from, changes[i]));
            s[i] = from;
            e[i] = at;
            from = at;
        }
        s[changes.length] = from;
        e[changes.length] = stop;
        return new Segments(s, e);
    }

    public int size() {
        return start.length;
    }

    public long start(int i) {
        return start[i];
    }

    public long end(int i) {
        return end[i];
    }

    /** The segment in force at {@code t}: the last one starting at or before it; 0 before the first, the last after the end. */
    public int indexAt(long t) {
        return indexAt(i -> start[i], start.length, t);
    }

    /**
     * The same over any list of segment starts: at the instant of a change the new configuration holds; of several
     * changes at one instant, the last. O(log n).
     */
    public static int indexAt(IntToLongFunction startOf, int size, long t) {
        int lo = 1, hi = size - 1, k = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (startOf.applyAsLong(mid) <= t) {
                k = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return k;
    }

    /**
     * Gives each interval {@code [intervalEnd - intervalLen, intervalEnd]} that lies wholly inside one segment to it.
     *
     * @return the intervals that straddle a change (for {@link #allotShares})
     */
    public int[] allotWhole(long[] intervalEnd, long[] intervalLen, Allot sink) {
        int[] straddlers = new int[intervalEnd.length];
        int n = 0;
        for (int i = 0; i < intervalEnd.length; i++) {
            long t1 = intervalEnd[i], t0 = t1 - Math.max(0, intervalLen[i]);
            if (!whole(t0, t1, i, sink)) straddlers[n++] = i;
        }
        return Arrays.copyOf(straddlers, n);
    }

    private boolean whole(long t0, long t1, int interval, Allot sink) {
        for (int g = first(t0); g < start.length; g++) {
            long from = from(g), to = to(g);
            if (t0 >= from && t1 <= to) {
                sink.add(g, interval, t1 - t0, 1);
                return true;
            }
            if (from > t0) break;
        }
        return false;
    }

    /** Shares each straddling interval among the segments it overlaps that are {@code eligible}, by time. */
    public void allotShares(int[] straddlers, long[] intervalEnd, long[] intervalLen, boolean[] eligible, Allot sink) {
        for (int i : straddlers) {
            long t1 = intervalEnd[i], len = Math.max(0, intervalLen[i]), t0 = t1 - len;
            if (len <= 0) continue;
            for (int g = first(t0); g < start.length; g++) {
                if (from(g) >= t1) break;
                long overlap = Math.min(t1, to(g)) - Math.max(t0, from(g));
                if (overlap > 0 && eligible[g]) sink.add(g, i, overlap, (double) overlap / len);
            }
        }
    }

    /** First segment whose time may include t. */
    private int first(long t) {
        int k = Arrays.binarySearch(start, t);
        if (k < 0) k = Math.max(0, -k - 2);
        // Equal starts (changes at one instant): begin at the first of them.
        while (k > 0 && start[k - 1] == start[k]) k--;
        return k;
    }

    private long from(int g) {
        return g == 0 ? Long.MIN_VALUE : start[g];
    }

    private long to(int g) {
        return g == start.length - 1 ? Long.MAX_VALUE : end[g];
    }
}
