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
 *
 * <p>A re-acquisition wait is compared with the switch interval in force when it began. With run-time changes each
 * thread's waits are split by configuration segment and judged per segment: the convoy's signature is a median wait
 * of about one interval, and a median over waits under 5 ms and 1 ms matches neither. The title carries the segment
 * with the longest median (what the I/O thread paid at worst); the evidence lists every segment the thread waited
 * in, so the effect of the change is visible.
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
            List<ConfigurationSegments.Segment> segs = s.segments;
            boolean changed = segs.size() > 1;
            int nSegs = Math.max(1, segs.size());
            // thread → per segment: the waits (count in n[thread][segment])
            Map<Integer, long[][]> waits = new HashMap<>();
            Map<Integer, int[]> counts = new HashMap<>();
            for (int i = 0; i < r.waitCount(); i++) {
                if (r.waitCause[i] != reacquire || r.waitThread[i] < 0) continue;
                int t = r.waitThread[i];
                int g = changed ? ConfigurationSegments.indexAt(segs, r.waitStartEpochNanos[i]) : 0;
                long[][] w = waits.computeIfAbsent(t, k -> new long[nSegs][16]);
                int[] n = counts.computeIfAbsent(t, k -> new int[nSegs]);
                if (n[g] == w[g].length) w[g] = Arrays.copyOf(w[g], w[g].length * 2);
                w[g][n[g]++] = r.waitNanos[i];
            }
            for (Map.Entry<Integer, long[][]> e : waits.entrySet()) {
                int thread = e.getKey();
                int[] n = counts.get(thread);
                List<String> perSegment = new ArrayList<>();
                int worst = -1;
                long worstMedian = 0;
                long[] worstWaits = null;
                for (int g = 0; g < nSegs; g++) {
                    if (n[g] == 0) continue;
                    long[] w = Arrays.copyOf(e.getValue()[g], n[g]);
                    Arrays.sort(w);
                    long median = w[n[g] / 2];
                    long interval = segs.isEmpty() ? r.configuration.intervalNanos : segs.get(g).intervalNanos;
                    boolean convoy = n[g] >= MIN_WAITS && median >= Math.max(MIN_MEDIAN_NANOS, interval / 4);
                    if (changed) {
                        perSegment.add(segs.get(g).label() + ": " + figures(w, interval)
                                + (n[g] < MIN_WAITS ? ": too few to judge" : convoy ? ": convoy" : ": no convoy"));
                    }
                    if (convoy && (worst < 0 || median > worstMedian)) {
                        worst = g;
                        worstMedian = median;
                        worstWaits = w;
                    }
                }
                if (worst < 0) continue;
                long interval = segs.isEmpty() ? r.configuration.intervalNanos : segs.get(worst).intervalNanos;
                String name = r.threads.get(thread).name;
                List<String> ev = new ArrayList<>();
                if (changed) ev.addAll(perSegment);
                else ev.add(figures(worstWaits, interval));
                ev.add(Format.count(s.blockingReleases) + " blocking releases in total" + (changed ? " (whole recording)" : "")
                        + (r.detailComplete() ? "" : "; only waits of 1 ms or more are recorded under the default preset"));
                ConfigurationSegments.Segment in = changed ? segs.get(worst) : null;
                String blocker = topBlocker(a, s, thread, reacquire, in);
                if (blocker != null) ev.add("the GIL owner it waited behind was mostly " + blocker + (changed ? " (in segment " + (worst + 1) + ")" : ""));
                out.add(new Finding(id(), Finding.Severity.PROBLEM,
                        "convoy: thread " + name + " waited a median " + Format.nanos(worstMedian)
                                + " to re-acquire after each I/O" + (changed ? " in " + in.label() : "")
                                + (a.fleet() ? " [" + s.label + "]" : ""), ev,
                        "Each I/O costs this thread a switch interval. A shorter interval, a policy that favours "
                                + "re-acquiring threads, or moving the CPU-bound work out of designated code helps."));
            }
        }
        return out;
    }

    private static String figures(long[] w, long interval) {
        int n = w.length;
        return Format.count(n) + " re-acquisitions after a blocking call waited; median " + Format.nanos(w[n / 2])
                + ", p90 " + Format.nanos(w[(int) Math.min(n - 1, n * 0.9)]) + ", max " + Format.nanos(w[n - 1])
                + (interval > 0 ? " (switch interval " + Format.interval(interval) + ")" : "");
    }

    /** The owner row (a thread, or its group of same-named/numbered threads) behind most of these waits; in {@code seg} if not null. */
    private static String topBlocker(Analysis a, Analysis.JvmSummary s, int thread, int cause, ConfigurationSegments.Segment seg) {
        JvmRecording r = s.recording;
        Map<Integer, Integer> by = new HashMap<>();
        int total = 0;
        for (int i = 0; i < r.waitCount(); i++) {
            if (r.waitThread[i] == thread && r.waitCause[i] == cause && r.waitBlockedBy[i] >= 0
                    && (seg == null || ConfigurationSegments.indexAt(s.segments, r.waitStartEpochNanos[i]) == seg.index)) {
                by.merge(a.rowOf(s.index, r.waitBlockedBy[i]).index, 1, Integer::sum);
                total++;
            }
        }
        if (total == 0) return null;
        Map.Entry<Integer, Integer> top = by.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return a.threadRows.get(top.getKey()).label() + " (" + Format.percent((double) top.getValue() / total) + " of these waits)";
    }
}
