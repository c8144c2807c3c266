package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Format;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What was lost between the agent and the file, said plainly instead of drawn as idle time: JFR's own
 * {@code jdk.DataLoss} events, and — under the trace preset, where every hold and wait is meant to be in the file —
 * jgil.Hold and jgil.ContendedAcquire counts that disagree with the exact counts of jgil.Statistics. Each statistics
 * interval is compared on its own, so the stretches where events are missing can be marked on the timeline.
 */
public final class DataLoss {
    /** One stretch of the recording in which events were lost. */
    public record Stretch(long startEpochNanos, long endEpochNanos, long missingHolds, long missingWaits, long jfrLossEvents) {
        /** For the timeline's hover text. */
        public String label() {
            List<String> parts = new ArrayList<>(3);
            if (missingHolds > 0) parts.add(Format.count(missingHolds) + (missingHolds == 1 ? " hold" : " holds"));
            if (missingWaits > 0) parts.add(Format.count(missingWaits) + (missingWaits == 1 ? " wait" : " waits"));
            String what = parts.isEmpty() ? "" : String.join(" and ", parts) + " not recorded";
            if (jfrLossEvents > 0) what += (what.isEmpty() ? "" : "; ") + "JFR reported lost data here";
            return "data lost: " + what;
        }
    }

    public final boolean tracePreset;
    public final long jfrLossEvents, jfrLostBytes;
    /** Under the trace preset: detail events missing against jgil.Statistics' counts, or in excess of them. */
    public final long missingHolds, extraHolds, missingWaits, extraWaits;
    public final long holdEvents, timedHolds, waitEvents, contendedAcquisitions;
    public final List<Stretch> stretches;

    DataLoss(JvmRecording r) {
        tracePreset = r.tracePreset();
        jfrLossEvents = r.dataLossEpochNanos.length;
        jfrLostBytes = r.dataLossBytes();
        holdEvents = r.holdCount();
        waitEvents = r.waitCount();
        timedHolds = r.totals.timedHolds;
        contendedAcquisitions = r.totals.contendedAcquisitions;
        missingHolds = tracePreset ? Math.max(0, timedHolds - holdEvents) : 0;
        extraHolds = tracePreset ? Math.max(0, holdEvents - timedHolds) : 0;
        missingWaits = tracePreset ? Math.max(0, contendedAcquisitions - waitEvents) : 0;
        extraWaits = tracePreset ? Math.max(0, waitEvents - contendedAcquisitions) : 0;
        stretches = stretches(r, tracePreset);
    }

    /** See {@link Verdicts#detailComplete}. */
    public boolean detailComplete() {
        return Verdicts.detailComplete(tracePreset, jfrLossEvents, holdEvents, timedHolds, waitEvents, contendedAcquisitions);
    }

    /** Whether there is anything to say: lost data, or counts that disagree either way. */
    public boolean any() {
        return jfrLossEvents > 0 || missingHolds > 0 || missingWaits > 0 || extraHolds > 0 || extraWaits > 0;
    }

    /** The headline's statement (empty when {@link #any()} is false). */
    public String statement() {
        if (!any()) return "";
        List<String> s = new ArrayList<>();
        if (jfrLossEvents > 0) {
            s.add("JFR reported " + Format.count(jfrLossEvents) + (jfrLossEvents == 1 ? " data-loss event" : " data-loss events")
                    + " (" + Format.bytes(jfrLostBytes) + " of event data dropped)");
        }
        if (missingHolds > 0) s.add(missing(holdEvents, "jgil.Hold", timedHolds, "timed holds", missingHolds));
        if (missingWaits > 0) s.add(missing(waitEvents, "jgil.ContendedAcquire", contendedAcquisitions, "contended acquisitions", missingWaits));
        String text = s.isEmpty() ? "" : "Data lost: " + String.join("; ", s) + ". The timeline hatches the stretches where "
                + "events are missing instead of showing them as idle; totals and distributions come from jgil.Statistics, "
                + "which lost nothing.";
        List<String> extra = new ArrayList<>();
        if (extraHolds > 0) extra.add(surplus(holdEvents, "jgil.Hold", timedHolds, "timed holds", extraHolds));
        if (extraWaits > 0) extra.add(surplus(waitEvents, "jgil.ContendedAcquire", contendedAcquisitions, "contended acquisitions", extraWaits));
        if (!extra.isEmpty()) {
            text += (text.isEmpty() ? "" : " ") + "Counts disagree: " + String.join("; ", extra) + ". jgil.Statistics missed "
                    + "some acquisitions (the headline figures come from it and are short by as many).";
        }
        return text;
    }

    private static String missing(long events, String type, long counted, String what, long n) {
        return Format.count(events) + " " + type + " events for " + Format.count(counted) + " " + what + " counted by jgil.Statistics ("
                + Format.count(n) + " missing, " + Format.percent((double) n / Math.max(1, counted)) + ")";
    }

    private static String surplus(long events, String type, long counted, String what, long n) {
        return Format.count(events) + " " + type + " events but only " + Format.count(counted) + " " + what
                + " counted by jgil.Statistics (" + Format.count(n) + (n == 1 ? " more event)" : " more events)");
    }

    /**
     * Per statistics interval: the detail events that ended in it against its counts (trace), and JFR's loss events.
     * An event near an interval's end may be counted by the statistics of the next: a shortfall next to a surplus is
     * netted before an interval counts as lossy.
     */
    private static List<Stretch> stretches(JvmRecording r, boolean trace) {
        int n = r.intervalEndEpochNanos.length;
        if (n == 0) return List.of();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(r.intervalEndEpochNanos[a], r.intervalEndEpochNanos[b]));
        long[] end = new long[n], len = new long[n], holdNet = new long[n], waitNet = new long[n], jfr = new long[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            end[k] = r.intervalEndEpochNanos[i];
            len[k] = r.intervalNanos[i];
            if (trace) {
                holdNet[k] = i < r.intervalTimedHolds.length ? r.intervalTimedHolds[i] : 0;
                waitNet[k] = i < r.intervalContendedAcquisitions.length ? r.intervalContendedAcquisitions[i] : 0;
            }
        }
        if (trace) {
            for (int h = 0; h < r.holdCount(); h++) holdNet[bin(end, r.holdStartEpochNanos[h] + r.holdNanos[h])]--;
            for (int w = 0; w < r.waitCount(); w++) waitNet[bin(end, r.waitStartEpochNanos[w] + r.waitNanos[w])]--;
            net(holdNet);
            net(waitNet);
        }
        for (long t : r.dataLossEpochNanos) jfr[bin(end, t)]++;
        List<Stretch> out = new ArrayList<>();
        Stretch open = null;
        for (int k = 0; k < n; k++) {
            long mh = Math.max(0, holdNet[k]), mw = Math.max(0, waitNet[k]);
            if (mh == 0 && mw == 0 && jfr[k] == 0) {
                open = null;
                continue;
            }
            long from = end[k] - Math.max(0, len[k]);
            if (open != null) {
                out.set(out.size() - 1, open = new Stretch(open.startEpochNanos(), end[k], open.missingHolds() + mh,
                        open.missingWaits() + mw, open.jfrLossEvents() + jfr[k]));
            } else {
                out.add(open = new Stretch(from, end[k], mh, mw, jfr[k]));
            }
        }
        return List.copyOf(out);
    }

    /** The interval (by ascending end) an instant falls in: the first ending at or after it; the last for later ones. */
    private static int bin(long[] end, long t) {
        int k = Arrays.binarySearch(end, t);
        if (k < 0) k = -k - 1;
        return Math.min(k, end.length - 1);
    }

    /** Nets each shortfall against a surplus in the next interval, then in the previous one. */
    private static void net(long[] net) {
        for (int k = 0; k + 1 < net.length; k++) {
            if (net[k] > 0 && net[k + 1] < 0) {
                long t = Math.min(net[k], -net[k + 1]);
                net[k] -= t;
                net[k + 1] += t;
            }
        }
        for (int k = net.length - 1; k > 0; k--) {
            if (net[k] > 0 && net[k - 1] < 0) {
                long t = Math.min(net[k], -net[k - 1]);
                net[k] -= t;
                net[k - 1] += t;
            }
        }
    }
}
