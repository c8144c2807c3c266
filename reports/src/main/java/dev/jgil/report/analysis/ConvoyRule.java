package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The convoy effect (Python's "GIL convoy"): a thread releases the GIL around I/O and, each time the I/O
 * returns, waits behind a CPU-bound thread for a whole switch interval to take it back.
 */
public final class ConvoyRule implements FindingRule {
    static final int MIN_WAITS = 10;
    static final long MIN_MEDIAN_NANOS = 1_000_000;

    @Override
    public String id() {
        return "convoy";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (Analysis.JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            int reacquire = r.acquireCauses.indexOf("REACQUIRE");
            if (reacquire < 0) continue;
            Map<Integer, long[]> waits = new HashMap<>();
            Map<Integer, int[]> counts = new HashMap<>();
            for (int i = 0; i < r.waitCount(); i++) {
                if (r.waitCause[i] != reacquire || r.waitThread[i] < 0) continue;
                int t = r.waitThread[i];
                long[] w = waits.computeIfAbsent(t, k -> new long[16]);
                int[] n = counts.computeIfAbsent(t, k -> new int[1]);
                if (n[0] == w.length) waits.put(t, w = Arrays.copyOf(w, w.length * 2));
                w[n[0]++] = r.waitNanos[i];
            }
            for (Map.Entry<Integer, long[]> e : waits.entrySet()) {
                int n = counts.get(e.getKey())[0];
                if (n < MIN_WAITS) continue;
                long[] w = Arrays.copyOf(e.getValue(), n);
                Arrays.sort(w);
                long median = w[n / 2];
                long interval = r.configuration.intervalNanos;
                if (median < Math.max(MIN_MEDIAN_NANOS, interval / 4)) continue;
                String name = r.threads.get(e.getKey()).name;
                List<String> ev = new ArrayList<>();
                ev.add(Format.count(n) + " re-acquisitions after a blocking call waited; median " + Format.nanos(median)
                        + ", p90 " + Format.nanos(w[(int) Math.min(n - 1, n * 0.9)]) + ", max " + Format.nanos(w[n - 1])
                        + (interval > 0 ? " (switch interval " + Format.nanos(interval) + ")" : ""));
                ev.add(Format.count(s.blockingReleases) + " blocking releases in total"
                        + (r.detailComplete() ? "" : "; only waits of 1 ms or more are recorded under the default preset"));
                String blocker = topBlocker(r, e.getKey(), reacquire);
                if (blocker != null) ev.add("the GIL owner it waited behind was mostly " + blocker);
                out.add(new Finding(id(), Finding.Severity.PROBLEM,
                        "convoy: thread " + name + " waited a median " + Format.nanos(median)
                                + " to re-acquire after each I/O" + (a.fleet() ? " [" + s.label + "]" : ""), ev,
                        "Each I/O costs this thread a switch interval. A shorter interval, a policy that favours "
                                + "re-acquiring threads, or moving the CPU-bound work out of designated code helps."));
            }
        }
        return out;
    }

    private static String topBlocker(JvmRecording r, int thread, int cause) {
        Map<Integer, Integer> by = new HashMap<>();
        int total = 0;
        for (int i = 0; i < r.waitCount(); i++) {
            if (r.waitThread[i] == thread && r.waitCause[i] == cause && r.waitBlockedBy[i] >= 0) {
                by.merge(r.waitBlockedBy[i], 1, Integer::sum);
                total++;
            }
        }
        if (total == 0) return null;
        Map.Entry<Integer, Integer> top = by.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return r.threads.get(top.getKey()).name + " (" + Format.percent((double) top.getValue() / total) + " of these waits)";
    }
}
