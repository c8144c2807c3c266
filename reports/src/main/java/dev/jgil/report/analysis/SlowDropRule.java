package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Owners that took long to honour a switch request: designated code with too few checkpoints.
 *
 * <p>A drop is judged against the switch interval in force when the owner was asked (the request's time), not the
 * one at the end of the recording: 4 ms to drop is normal under a 5 ms interval and slow under 1 ms. With run-time
 * changes the requests are split by configuration segment and each segment is judged on its own (percentiles over
 * a mix of intervals mean nothing against any one of them); the title carries the worst segment — the largest p99
 * ÷ interval — since that is the configuration under which the missing checkpoints hurt most, and the evidence
 * lists every segment that had requests, slow or not, so the comparison the user made by changing the
 * configuration stays visible.
 */
public final class SlowDropRule implements FindingRule {
    @Override
    public String id() {
        return "slow-drop";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            int n = r.switchTimeToDropNanos.length;
            if (n == 0) continue;
            List<ConfigurationSegments.Segment> segs = s.segments;
            String where = a.fleet() ? " [" + s.label + "]" : "";
            if (segs.size() <= 1) {
                long interval = segs.isEmpty() ? r.configuration.intervalNanos : segs.get(0).intervalNanos;
                long[] d = r.switchTimeToDropNanos.clone();
                Arrays.sort(d);
                if (!slow(d, interval)) continue;
                out.add(finding("slow drops: owners took up to " + Format.nanos(d[n - 1]) + " to drop the GIL after being asked" + where,
                        List.of(figures(d, interval))));
                continue;
            }
            // Per segment: the drop times of the requests made in it.
            long[][] bySegment = new long[segs.size()][];
            int[] count = new int[segs.size()];
            int[] seg = new int[n];
            for (int i = 0; i < n; i++) count[seg[i] = ConfigurationSegments.indexAt(segs, r.switchRequestEpochNanos[i])]++;
            for (int g = 0; g < segs.size(); g++) bySegment[g] = new long[count[g]];
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) bySegment[seg[i]][count[seg[i]]++] = r.switchTimeToDropNanos[i];
            List<String> ev = new ArrayList<>();
            int worst = -1;
            double worstRatio = 0;
            for (int g = 0; g < segs.size(); g++) {
                long[] d = bySegment[g];
                if (d.length == 0) continue;
                Arrays.sort(d);
                long interval = segs.get(g).intervalNanos;
                String line = segs.get(g).label() + ": " + figures(d, interval);
                if (d.length < Thresholds.SLOW_DROP_MIN_REQUESTS_COUNT || interval <= 0) {
                    ev.add(line + ": too few to judge");
                } else if (slow(d, interval)) {
                    ev.add(line + ": slow");
                    double ratio = (double) Verdicts.percentile(d, 99) / interval;
                    if (worst < 0 || ratio > worstRatio) {
                        worst = g;
                        worstRatio = ratio;
                    }
                } else {
                    ev.add(line + ": not slow");
                }
            }
            if (worst < 0) continue;
            long[] d = bySegment[worst];
            out.add(finding("slow drops: owners took up to " + Format.nanos(d[d.length - 1]) + " to drop the GIL after being asked, "
                    + "worst in " + segs.get(worst).label() + where, ev));
        }
        return out;
    }

    private static boolean slow(long[] sorted, long interval) {
        return Verdicts.slowDrops(sorted, interval, Thresholds.SLOW_DROP_MIN_REQUESTS_COUNT, Thresholds.SLOW_DROP_MIN_NANOS);
    }

    private static String figures(long[] d, long interval) {
        return Format.count(d.length) + " switch requests; time to drop p50 " + Format.nanos(Verdicts.percentile(d, 50)) + ", p99 "
                + Format.nanos(Verdicts.percentile(d, 99)) + " against a switch interval of " + Format.interval(interval);
    }

    private Finding finding(String title, List<String> evidence) {
        return new Finding(id(), Finding.Severity.WARNING, title, evidence,
                "Long loops without a checkpoint (or native code) delay every waiter; the SwitchRequest "
                        + "events' stack traces show where the owner finally dropped.");
    }
}
