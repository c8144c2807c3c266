package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.schema.Format;
import dev.jgil.schema.Names;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The convoy effect (Python's "GIL convoy"): a thread releases the GIL around I/O and, each time the I/O returns,
 * waits behind a CPU-bound thread for about a switch interval to take it back. {@link Verdicts#convoy}, as the JMC
 * rule pack judges it.
 *
 * <p>A convoy wait is a re-acquisition after a blocking call ({@code REACQUIRE}) that waited at least
 * {@link Verdicts#convoyMinWaitNanos} — a quarter of the switch interval in force when it began, and at least 1 ms, so
 * the default preset's 1 ms threshold records every one of them and the count is exact under both presets. A thread is
 * in a convoy when enough of its contended acquisitions (exact, jgil.ThreadStatistics) were convoy waits. With run-time
 * changes each wait is judged against its own segment's interval, and the evidence lists every segment it waited in.
 */
public final class ConvoyRule implements FindingRule {
    @Override
    public String id() {
        return "convoy";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            int reacquire = r.acquireCauses.indexOf(Names.ACQUIRE_REACQUIRE);
            if (reacquire < 0) continue;
            List<ConfigurationSegments.Segment> segs = s.segments;
            boolean changed = segs.size() > 1;
            int nSegs = Math.max(1, segs.size());
            Map<Integer, Waits> byThread = new HashMap<>();
            Map<Integer, Long> recorded = new HashMap<>();
            for (int i = 0; i < r.waitCount(); i++) {
                int t = r.waitThread[i];
                if (t < 0) continue;
                recorded.merge(t, 1L, Long::sum);
                if (r.waitCause[i] != reacquire) continue;
                int g = changed ? ConfigurationSegments.indexAt(segs, r.waitStartEpochNanos[i]) : 0;
                if (r.waitNanos[i] >= minWait(r, segs, g)) byThread.computeIfAbsent(t, k -> new Waits(nSegs)).add(g, r.waitNanos[i]);
            }
            for (Map.Entry<Integer, Waits> e : byThread.entrySet()) {
                ThreadInfo thread = r.threads.get(e.getKey());
                Waits w = e.getValue();
                // The exact count; without thread statistics, the recorded waits (fewer under the default preset: said so).
                long contended = thread.hasStatistics ? thread.contendedAcquisitions : recorded.getOrDefault(e.getKey(), 0L);
                if (!Verdicts.convoy(w.total(), contended, Thresholds.CONVOY_MIN_WAITS_COUNT, Thresholds.CONVOY_MIN_SHARE_FRACTION)) continue;
                long[] all = w.all();
                List<String> ev = new ArrayList<>();
                for (int g = 0; g < nSegs; g++) {
                    if (w.n[g] == 0) continue;
                    long[] in = Arrays.copyOf(w.w[g], w.n[g]);
                    Arrays.sort(in);
                    ev.add((changed ? segs.get(g).label() + ": " : "") + figures(in, minWait(r, segs, g), interval(r, segs, g)));
                }
                ev.add("they are " + Format.percent((double) all.length / contended) + " of the thread's " + Format.count(contended)
                        + " contended acquisitions" + (thread.hasStatistics ? " (jgil.ThreadStatistics, exact)"
                                : " (recorded waits: no jgil.ThreadStatistics for this thread)"));
                ev.add(Format.count(s.blockingReleases) + " blocking releases in total" + (changed ? " (whole recording)" : ""));
                String blocker = topBlocker(a, s, e.getKey(), reacquire);
                if (blocker != null) ev.add("the GIL owner it waited behind was mostly " + blocker);
                if (segs.isEmpty() ? Names.PRIORITY.equals(r.configuration.policy)
                        : segs.stream().anyMatch(g -> Names.PRIORITY.equals(g.policy))) {
                    ev.add(PRIORITY_DEFECT);
                }
                out.add(new Finding(id(), Finding.Severity.PROBLEM,
                        "convoy: thread " + thread.name + " waited a median " + Format.nanos(Verdicts.percentile(all, 50))
                                + " to re-acquire the GIL after I/O (" + Format.count(all.length) + " of its "
                                + Format.count(contended) + " contended acquisitions)" + (a.fleet() ? " [" + s.label + "]" : ""), ev,
                        ADVICE, (a.fleet() ? "#" + (s.index + 1) + " " : "") + thread.name, Verdicts.percentile(all, 50)));
            }
        }
        return out;
    }

    /** Under priority a re-acquisition after I/O is served at the owner's next checkpoint: a convoy is jgil's bug. */
    static final String PRIORITY_DEFECT = "policy=priority hands the GIL to a thread back from a blocking call at the "
            + "owner's next checkpoint, so a convoy under it is a jgil defect: please report it with this recording";

    static final String ADVICE = "Each I/O costs this thread about a switch interval. A shorter interval, a policy that favours "
            + "re-acquiring threads, or moving the CPU-bound work out of designated code helps.";

    @Override
    public String groupTitle(List<Finding> findings) {
        return "convoy: " + findings.size() + " threads (" + FindingGroups.names(findings) + ") each waited a median "
                + FindingGroups.range(findings) + " to re-acquire the GIL after I/O";
    }

    private static long interval(JvmRecording r, List<ConfigurationSegments.Segment> segs, int g) {
        return segs.isEmpty() ? r.configuration.intervalNanos : segs.get(g).intervalNanos;
    }

    private static long minWait(JvmRecording r, List<ConfigurationSegments.Segment> segs, int g) {
        return Verdicts.convoyMinWaitNanos(interval(r, segs, g), Thresholds.CONVOY_MIN_WAIT_NANOS,
                Thresholds.CONVOY_MIN_WAIT_INTERVAL_FRACTION);
    }

    private static String figures(long[] w, long minWait, long interval) {
        return Format.count(w.length) + " re-acquisitions after a blocking call waited at least " + Format.nanos(minWait)
                + (interval > 0 ? " (" + Format.percent(Thresholds.CONVOY_MIN_WAIT_INTERVAL_FRACTION) + " of the switch interval "
                        + Format.interval(interval) + ", and at least " + Format.nanos(Thresholds.CONVOY_MIN_WAIT_NANOS) + ")" : "")
                + ": median " + Format.nanos(Verdicts.percentile(w, 50)) + ", p90 " + Format.nanos(Verdicts.percentile(w, 90))
                + ", max " + Format.nanos(w[w.length - 1]);
    }

    /** A thread's convoy waits per segment. */
    private static final class Waits {
        final long[][] w;
        final int[] n;

        Waits(int segments) {
            w = new long[segments][16];
            n = new int[segments];
        }

        void add(int g, long nanos) {
            if (n[g] == w[g].length) w[g] = Arrays.copyOf(w[g], w[g].length * 2);
            w[g][n[g]++] = nanos;
        }

        long total() {
            long t = 0;
            for (int c : n) t += c;
            return t;
        }

        long[] all() {
            long[] out = new long[(int) total()];
            int k = 0;
            for (int g = 0; g < n.length; g++) {
                System.arraycopy(w[g], 0, out, k, n[g]);
                k += n[g];
            }
            Arrays.sort(out);
            return out;
        }
    }

    /** The owner row (a thread, or its group of same-named/numbered threads) behind most of this thread's re-acquisition waits. */
    private static String topBlocker(Analysis a, JvmSummary s, int thread, int cause) {
        JvmRecording r = s.recording;
        Map<Integer, Integer> by = new HashMap<>();
        int total = 0;
        for (int i = 0; i < r.waitCount(); i++) {
            if (r.waitThread[i] == thread && r.waitCause[i] == cause && r.waitBlockedBy[i] >= 0) {
                by.merge(a.rowOf(s.index, r.waitBlockedBy[i]).index, 1, Integer::sum);
                total++;
            }
        }
        if (total == 0) return null;
        Map.Entry<Integer, Integer> top = by.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return a.threadRows.get(top.getKey()).label() + " (" + Format.percent((double) top.getValue() / total) + " of its re-acquisition waits)";
    }
}
