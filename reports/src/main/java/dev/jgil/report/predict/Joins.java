package dev.jgil.report.predict;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Joins seen in a recording: a thread whose designated segment began within {@link #WINDOW_NANOS} after another
 * thread's <em>last</em> segment ended waited for that thread to finish (a {@code join}, a future, an executor's
 * termination) — the pattern of thread per task and of "start the workers, wait for them, go on". Under a lock the
 * workers finish later; the thread that waited for them must resume later too, not after its recorded gap. Every
 * thread whose last segment ended during the waiting thread's gap counts as waited for (a join on several workers
 * resumes after the last of them); the thread then resumes the recorded delay after the last of them ends.
 *
 * <p>Only last segments count: a thread's earlier segment ends are not endings, and linking to them by time alone
 * would tie unrelated threads of a busy program together by chance. Before a thread's first segment only the window
 * counts (with thread per task, each task would otherwise wait for every earlier one).
 */
final class Joins {
    /**
     * A gap that ends this close after another thread's last segment is a wake-up by it. Wider than a wake-up's
     * latency: between a worker's last designated exit and the joiner's next entry the worker's thread must end and
     * the joiner runs its own bookkeeping (0.25–1.2 ms in the groups demo on the 2-core machine).
     */
    static final long WINDOW_NANOS = 2_000_000;

    /** Segment {@code segment} of a thread starts only after {@code threads} finished, {@code delayNanos} after the last. */
    static final class Join {
        final int[] threads;
        final long delayNanos;

        Join(int[] threads, long delayNanos) {
            this.threads = threads;
            this.delayNanos = delayNanos;
        }
    }

    private Joins() {
    }

    /** Per thread: segment index → the join before it (absent: the segment follows its recorded gap only). */
    static Map<Integer, Join>[] of(Trace.ThreadTrace[] tt) {
        int n = tt.length;
        long[] lastEnd = new long[n];
        Integer[] byEnd = new Integer[n];
        for (int u = 0; u < n; u++) {
            lastEnd[u] = tt[u].lastEnd();
            byEnd[u] = u;
        }
        Arrays.sort(byEnd, (a, b) -> Long.compare(lastEnd[a], lastEnd[b]));
        long[] sortedEnds = new long[n];
        for (int k = 0; k < n; k++) sortedEnds[k] = lastEnd[byEnd[k]];
        @SuppressWarnings("unchecked")
        Map<Integer, Join>[] out = new Map[n];
        for (int t = 0; t < n; t++) {
            out[t] = new HashMap<>();
            for (int i = 0; i < tt[t].segments(); i++) {
                // Before its first segment a thread was starting: only threads that ended just before count (a task
                // started after the previous one was joined); between two segments, every thread that ended meanwhile.
                long to = tt[t].start[i], from = i == 0 ? to - WINDOW_NANOS - 1 : tt[t].end(i - 1);
                int hi = upperBound(sortedEnds, to); // ends <= to: indexes below hi
                if (hi == 0 || sortedEnds[hi - 1] < to - WINDOW_NANOS || sortedEnds[hi - 1] <= from) continue;
                int lo = upperBound(sortedEnds, from); // ends > from
                int[] deps = new int[hi - lo];
                int k = 0;
                long latest = Long.MIN_VALUE;
                for (int j = lo; j < hi; j++) {
                    int u = byEnd[j];
                    if (u == t) continue;
                    deps[k++] = u;
                    latest = Math.max(latest, lastEnd[u]);
                }
                if (k > 0 && latest >= to - WINDOW_NANOS) out[t].put(i, new Join(Arrays.copyOf(deps, k), to - latest));
            }
        }
        return out;
    }

    /** The first index whose value is greater than {@code v}. */
    private static int upperBound(long[] a, long v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
