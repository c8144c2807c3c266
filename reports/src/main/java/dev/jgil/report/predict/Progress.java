package dev.jgil.report.predict;

import java.util.Map;

/**
 * Where each thread of a simulation has got to (when each segment began and ended, simulated), and what that means
 * for threads that waited for others in the recording: a thread that {@link Joins joined} others resumes after they
 * ended; a thread started by another from a known point of its run (jdk.ThreadStart) begins only once its parent got
 * there. Both keep the recorded delay: the joiner resumes as long after the last joined thread's end as it did; a
 * started thread's first segment begins as long after its start as it did; a start recorded inside the parent's
 * segment is placed as far into that segment as it was.
 */
final class Progress {
    /** {@link #readyAt}'s answer while a thread it depends on has not got far enough. */
    static final double UNKNOWN = Double.NaN;

    private final Trace trace;
    private final Trace.ThreadTrace[] tt;
    private final Map<Integer, Joins.Join>[] joins;
    private final double[][] simStart, simEnd;
    private final int[] ended; // segments ended so far, per thread

    Progress(Trace trace, Trace.ThreadTrace[] tt) {
        this.trace = trace;
        this.tt = tt;
        this.joins = Joins.of(tt);
        simStart = new double[tt.length][];
        simEnd = new double[tt.length][];
        ended = new int[tt.length];
        for (int t = 0; t < tt.length; t++) {
            simStart[t] = new double[tt[t].segments()];
            simEnd[t] = new double[tt[t].segments()];
            java.util.Arrays.fill(simStart[t], UNKNOWN);
        }
    }

    void arrived(int t, int i, double now) {
        simStart[t][i] = now;
    }

    /** When thread {@code t}'s first segment began, simulated. */
    double firstArrival(int t) {
        return simStart[t][0];
    }

    void ended(int t, int i, double now) {
        simEnd[t][i] = now;
        ended[t] = i + 1;
    }

    /** Thread {@code t} stopped at {@code now} (a time-bounded thread at its deadline): whatever it had not reached ends there. */
    void stopped(int t, double now) {
        for (int i = ended[t]; i < simEnd[t].length; i++) {
            if (Double.isNaN(simStart[t][i])) simStart[t][i] = now;
            simEnd[t][i] = now;
        }
        ended[t] = simEnd[t].length;
    }

    /**
     * The earliest simulated time segment {@code i} of thread {@code t} may begin, given the threads it waited for
     * (0: no constraint), or {@link #UNKNOWN} while one of them has not got far enough to tell.
     */
    double readyAt(int t, int i) {
        double ready = 0;
        Joins.Join j = joins[t].get(i);
        if (j != null) {
            double last = 0;
            for (int u : j.threads) {
                if (ended[u] < tt[u].segments()) return UNKNOWN;
                last = Math.max(last, simEnd[u][tt[u].segments() - 1]);
            }
            ready = last + j.delayNanos;
        }
        int p = trace.parent[t];
        if (i == 0 && p >= 0) {
            double at = parentTime(p, trace.startedAtNanos[t]);
            if (Double.isNaN(at)) return UNKNOWN;
            ready = Math.max(ready, at + Math.max(0, tt[t].start[0] - trace.startedAtNanos[t]));
        }
        return ready;
    }

    /** Parent {@code p}'s recorded moment {@code x}, in simulated time (NaN: it has not got there yet). */
    private double parentTime(int p, long x) {
        Trace.ThreadTrace pt = tt[p];
        int lo = 0, hi = pt.segments();
        while (lo < hi) { // lo: how many of p's segments ended by x
            int mid = (lo + hi) >>> 1;
            if (pt.end(mid) <= x) lo = mid + 1;
            else hi = mid;
        }
        int k = lo;
        if (k < pt.segments() && pt.start[k] <= x) { // inside segment k: as far into it as recorded
            return Double.isNaN(simStart[p][k]) ? Double.NaN : simStart[p][k] + (x - pt.start[k]);
        }
        if (k == 0) return x - trace.start; // before the parent's first segment: as recorded
        return ended[p] < k ? Double.NaN : simEnd[p][k - 1] + (x - pt.end(k - 1));
    }
}
