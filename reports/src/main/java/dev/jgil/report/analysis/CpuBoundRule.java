package dev.jgil.report.analysis;

import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Threads that wanted to run designated code at the same time: the serialization the GIL costs.
 *
 * <p>With run-time changes the bound is computed per configuration segment, from the jgil.ThreadStatistics
 * intervals inside each, and the finding is about the worst serializing segment. The whole-recording ratio is a
 * held-time-weighted mix: the {@code off} segments add nothing to it (no holds, no waits by construction) while
 * still diluting the held/waiting percentages, and a short 1 ms stretch is drowned by a long 5 ms one. Someone who
 * changed the configuration at run time is comparing configurations and wants the cost under each; the worst one is
 * what to act on. The mixed figure is still given, labelled as such, because the headline shows it. An {@code off}
 * segment is no bound but a measurement: how many threads actually ran designated code at once without the lock.
 */
public final class CpuBoundRule implements FindingRule {
    @Override
    public String id() {
        return "cpu-bound";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (JvmSummary s : a.jvms) {
            String where = a.fleet() ? " [" + s.label + "]" : "";
            if (s.segments.size() > 1) {
                Finding f = perSegment(a, s, where);
                if (f != null) out.add(f);
                continue;
            }
            double p = s.speedUpBound();
            if (p < Thresholds.SERIALIZED_SPEED_UP_RATIO) continue;
            List<String> ev = new ArrayList<>();
            ev.add("threads held the GIL for " + Format.nanos(s.threadsHeldNanos) + " in total and waited "
                    + Format.nanos(s.threadsWaitNanos) + " for it: (held + wait) / held = " + Format.times(p)
                    + (s.speedUpCapped() ? " (capped at the machine's " + s.hwThreads + " hardware threads)" : ""));
            ev.add("the GIL was held " + Format.percent(s.heldFraction()) + " of the time and some thread waited "
                    + Format.percent(s.someoneWaitingFraction()) + " of the time");
            ev.add(Format.count(s.contendedAcquisitions) + " of " + Format.count(s.acquisitions)
                    + " acquisitions had to wait");
            out.add(finding(p, title(p) + where, ev));
        }
        return out;
    }

    /** The headline card's figure ({@code ≤ 1.8×}) with the card's meaning: a bound, not a promise. */
    static String title(double p) {
        return "CPU-bound: without the lock this work could run up to " + Format.times(p) + " faster";
    }

    private Finding perSegment(Analysis a, JvmSummary s, String where) {
        List<ConfigurationSegments.Segment> segs = s.segments;
        int n = segs.size();
        boolean[] off = new boolean[n], approximate = new boolean[n];
        double[] held = new double[n], wait = new double[n];
        for (ConfigurationSegments.Segment g : segs) {
            off[g.index] = g.lockOff();
            approximate[g.index] = g.approximate;
            held[g.index] = g.threadsHeldNanos;
            wait[g.index] = g.threadsWaitNanos;
        }
        int w = Verdicts.worstSerializedSegment(off, held, wait, approximate, s.hwThreads);
        ConfigurationSegments.Segment worst = w < 0 ? null : segs.get(w);
        List<String> ev = new ArrayList<>();
        for (ConfigurationSegments.Segment g : s.segments) {
            if (g.lockOff()) {
                double inside = g.threadsInside();
                ev.add(g.label() + ": no lock, so no bound; " + (Double.isNaN(inside) || !g.observed() ? "not observed"
                        : String.format(Locale.ROOT, "%.2f", inside) + " threads ran designated code at once (measured)"));
                continue;
            }
            if (g.threadsHeldNanos <= 0) {
                ev.add(g.label() + ": " + (g.observed() ? "no thread held the GIL" : "not observed"));
                continue;
            }
            double p = g.speedUpBound(s.hwThreads);
            ev.add(g.label() + ": held " + Format.nanos(g.threadsHeldNanos) + ", waited " + Format.nanos(g.threadsWaitNanos)
                    + ": (held + wait) / held = " + Format.times(p) + "; GIL held " + Format.percent(g.heldFraction())
                    + ", someone waiting " + Format.percent(g.someoneWaitingFraction()) + " of the time; "
                    + Format.count(Math.round(g.contendedAcquisitions)) + " of " + Format.count(Math.round(g.acquisitions))
                    + " acquisitions waited" + (g.approximate ? " (approximate: shorter than one statistics period)" : ""));
        }
        double mixed = s.speedUpBound();
        ev.add("whole recording, all " + s.segments.size() + " segments mixed (the headline's figure): (held + wait) / held = "
                + Format.times(mixed) + " over " + Format.nanos(s.threadsHeldNanos) + " held and " + Format.nanos(s.threadsWaitNanos) + " waited");
        double p;
        String in;
        if (worst != null) {
            p = worst.speedUpBound(s.hwThreads);
            in = " in " + worst.label();
        } else {
            // No per-segment thread statistics (thread statistics off): only the mixed figure exists.
            p = mixed;
            in = " (mixing all " + s.segments.size() + " configurations: no per-thread statistics per segment)";
        }
        if (p < Thresholds.SERIALIZED_SPEED_UP_RATIO) return null;
        return finding(p, title(p) + in + where, ev);
    }

    private Finding finding(double p, String title, List<String> ev) {
        return new Finding(id(), p >= Thresholds.SERIALIZED_PROBLEM_SPEED_UP_RATIO ? Finding.Severity.PROBLEM : Finding.Severity.WARNING, title, ev,
                "The designated code is compute that several threads want at once; the GIL lets one run. "
                        + "Without it (or with finer-grained locking) the threads would overlap.");
    }
}
