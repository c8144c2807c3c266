package dev.jgil.report.predict;

import java.util.Arrays;
import java.util.List;

/**
 * The CPU demand of each recorded segment: its length, deflated where more threads than cores were inside designated
 * code at once (n > cores: each of them ran {@code cores / n} of the time, so a stretch {@code dt} is worth
 * {@code dt · cores / n} of CPU). See {@link Simulator} for the assumption this rests on.
 */
final class Demand {
    private final long[] times;      // distinct boundary instants, ascending
    private final double[] cumulative; // ∫ rate from times[0] to times[k]
    private final double[] rate;     // rate on [times[k], times[k+1]): min(1, cores / n)
    /** Σ segment time recorded while n > cores, over Σ segment time. */
    final double oversubscribedShare;

    Demand(List<long[]> segments, int cores) {
        int m = segments.size();
        // One sort of packed keys: time·2, +1 for a start, so an end sorts before a start at the same instant and
        // back-to-back segments do not count as overlapping.
        long[] packed = new long[2 * m];
        for (int i = 0; i < m; i++) {
            packed[2 * i] = segments.get(i)[0] * 2 + 1;
            packed[2 * i + 1] = segments.get(i)[1] * 2;
        }
        Arrays.sort(packed);
        long[] sortedAt = new long[2 * m];
        int[] sortedDelta = new int[2 * m];
        long[] keys = new long[2 * m];
        for (int i = 0; i < 2 * m; i++) {
            sortedAt[i] = packed[i] >> 1;
            sortedDelta[i] = (packed[i] & 1) == 1 ? 1 : -1;
        }
        int k = 0;
        for (int i = 0; i < 2 * m; i++) {
            if (k == 0 || keys[k - 1] != sortedAt[i]) keys[k++] = sortedAt[i];
        }
        times = Arrays.copyOf(keys, k);
        cumulative = new double[k];
        rate = new double[k];
        int n = 0, j = 0;
        double over = 0, total = 0;
        for (int i = 0; i < k; i++) {
            while (j < 2 * m && sortedAt[j] == times[i]) n += sortedDelta[j++];
            rate[i] = n <= cores ? 1.0 : (double) cores / n;
            if (i + 1 < k) {
                long dt = times[i + 1] - times[i];
                cumulative[i + 1] = cumulative[i] + rate[i] * dt;
                total += (double) n * dt;
                if (n > cores) over += (double) n * dt;
            }
        }
        oversubscribedShare = total > 0 ? over / total : 0;
    }

    /** CPU demand of the stretch {@code [from, to]} of one segment. */
    double of(long from, long to) {
        if (times.length == 0 || to <= from) return 0;
        return integral(to) - integral(from);
    }

    private double integral(long t) {
        int k = Arrays.binarySearch(times, t);
        if (k < 0) k = -k - 2;
        if (k < 0) return 0;
        if (k >= times.length - 1) return cumulative[times.length - 1];
        return cumulative[k] + rate[k] * (t - times[k]);
    }
}
