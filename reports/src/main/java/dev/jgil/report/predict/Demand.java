package dev.jgil.report.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The speed of designated threads, and the length-based worth of a segment (in "ns at full speed": its length, scaled
 * by the share of a core its thread got while it ran), which {@code off} replays and which stands for a segment's demand
 * when its CPU time is not recorded (see {@link Simulator}). The program has {@code K} cores to itself ({@link #capacity}: all of them on an idle machine, fewer on a
 * shared one — Linux shares CPU between sessions and cgroups, not between threads); {@code n} threads inside designated
 * code each get {@code min(1, K / n)} of a core. See {@link Simulator} for the model this feeds.
 *
 * <p>{@code K} is the cores the machine's other processes left: all of them minus the median of what the recording's
 * {@code jdk.CPULoad} samples show the rest of the machine using ({@link Trace#otherCores}). Without those samples it is
 * estimated from the segments' CPU times: a segment that got a share {@code s = cpu / length} below 0.95 while {@code N}
 * designated threads ran on average says {@code K = s · N}; one that ran at full speed says nothing beyond "no
 * shortage", counted as all the cores; the estimate is the length-weighted median. That fallback cannot tell a thread
 * starved of a core from one blocked inside designated code (a monitor, a read without a blocking release): a program
 * whose segments mostly block comes out with almost no cores (iobound: 0.00–0.02 of 2) and every segment's demand
 * shrinks with it, so the machine's own figure comes first. Without either (synthetic traces) {@code K = cores}.
 */
final class Demand {
    static final double FULL_SPEED = 0.95;
    static final long MIN_SEGMENT_FOR_LOAD = 200_000;

    private final long[] times;       // distinct boundary instants, ascending
    private final int[] running;      // designated threads in segments on [times[k], times[k+1])
    private final double[] cumulative; // ∫ rate from times[0] to times[k]
    private final int cores;
    /** Cores the program had to itself, estimated (see the class comment); at most {@code cores}. */
    final double capacity;
    /** Σ segment time recorded while the threads in segments got less than a core, over Σ segment time. */
    final double oversubscribedShare;

    Demand(Trace trace) {
        this.cores = trace.cores;
        List<long[]> segments = trace.allSegments();
        int m = segments.size();
        // One sort of packed keys: time·2, +1 for a start, so an end sorts before a start at the same instant and
        // back-to-back segments do not count as overlapping.
        long[] packed = new long[2 * m];
        for (int i = 0; i < m; i++) {
            packed[2 * i] = segments.get(i)[0] * 2 + 1;
            packed[2 * i + 1] = segments.get(i)[1] * 2;
        }
        Arrays.sort(packed);
        long[] keys = new long[2 * m];
        int[] counts = new int[2 * m];
        int k = 0, n = 0;
        for (int i = 0; i < 2 * m; i++) {
            long t = packed[i] >> 1;
            n += (packed[i] & 1) == 1 ? 1 : -1;
            if (k > 0 && keys[k - 1] == t) {
                counts[k - 1] = n;
            } else {
                keys[k] = t;
                counts[k++] = n;
            }
        }
        times = Arrays.copyOf(keys, k);
        running = Arrays.copyOf(counts, k);
        cumulative = new double[k];
        // Designated thread-time per boundary, for the mean n over a segment.
        double[] threadTime = new double[k];
        for (int i = 0; i + 1 < k; i++) threadTime[i + 1] = threadTime[i] + (double) running[i] * (times[i + 1] - times[i]);
        capacity = estimateCapacity(trace, threadTime);
        double over = 0, total = 0;
        for (int i = 0; i + 1 < k; i++) {
            long dt = times[i + 1] - times[i];
            double r = rate(running[i]);
            cumulative[i + 1] = cumulative[i] + r * dt;
            total += (double) running[i] * dt;
            if (r < 1) over += (double) running[i] * dt;
        }
        oversubscribedShare = total > 0 ? over / total : 0;
    }

    /** Share of a core each of {@code n} designated threads gets. */
    double rate(int n) {
        return n <= capacity ? 1.0 : capacity / n;
    }

    private double estimateCapacity(Trace trace, double[] threadTime) {
        if (!Double.isNaN(trace.otherCores)) return Math.max(1e-3, Math.min(cores, cores - trace.otherCores));
        List<double[]> estimates = new ArrayList<>(); // {K, weight}
        for (Trace.ThreadTrace t : trace.threads) {
            for (int i = 0; i < t.segments(); i++) {
                long len = t.length[i], cpu = t.cpu[i];
                if (cpu < 0 || len < MIN_SEGMENT_FOR_LOAD) continue;
                double s = Math.min(1, (double) cpu / len);
                double meanN = (at(threadTime, t.end(i)) - at(threadTime, t.start[i])) / len;
                double k = s >= FULL_SPEED ? cores : Math.min(cores, s * Math.max(1, meanN));
                estimates.add(new double[] {k, len});
            }
        }
        if (estimates.isEmpty()) return cores;
        estimates.sort((a, b) -> Double.compare(a[0], b[0]));
        double half = 0, acc = 0;
        for (double[] e : estimates) half += e[1] / 2;
        for (double[] e : estimates) {
            acc += e[1];
            if (acc >= half) return Math.max(e[0], 1e-3);
        }
        return Math.max(estimates.get(estimates.size() - 1)[0], 1e-3);
    }

    /** A piecewise-linear cumulative ({@code threadTime} or {@link #cumulative}) at {@code t}. */
    private double at(double[] cum, long t) {
        int k = Arrays.binarySearch(times, t);
        if (k < 0) k = -k - 2;
        if (k < 0) return 0;
        if (k >= times.length - 1) return cum[times.length - 1];
        double slope = (cum[k + 1] - cum[k]) / (times[k + 1] - times[k]);
        return cum[k] + slope * (t - times[k]);
    }

    /**
     * Every segment's demand (ns), per thread: its CPU time (at most its length); its length-based worth ({@link #of})
     * when it has none, or for every segment when {@code lengths} (under {@code off}, which replays the recording).
     */
    double[][] perSegment(Trace.ThreadTrace[] tt, boolean lengths) {
        double[][] demand = new double[tt.length][];
        for (int t = 0; t < tt.length; t++) {
            demand[t] = new double[tt[t].segments()];
            for (int i = 0; i < demand[t].length; i++) {
                long cpu = tt[t].cpu[i];
                demand[t][i] = lengths || cpu < 0 ? of(tt[t].start[i], tt[t].end(i)) : Math.min(cpu, tt[t].length[i]);
            }
        }
        return demand;
    }

    /** Demand of the stretch {@code [from, to]} of one segment. */
    double of(long from, long to) {
        if (times.length == 0 || to <= from) return 0;
        return at(cumulative, to) - at(cumulative, from);
    }
}
