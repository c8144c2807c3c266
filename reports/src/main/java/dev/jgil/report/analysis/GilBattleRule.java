package dev.jgil.report.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The GIL battle (CPython ≤ 3.1 on multicore): the owner drops the GIL and takes it straight back before
 * the woken waiter gets to run, so waiters starve while the CPU churns.
 *
 * <p>Whether drops are won back depends on the policy in force (ticks drops and races; switch hands over), so with
 * run-time changes and every hold recorded (trace) each drop counts in the segment it was made in and each segment
 * is judged on its own; the title carries the worst. The tick counters of the default preset only exist per
 * recording: then the finding says plainly that its figures mix the configurations.
 */
public final class GilBattleRule implements FindingRule {
    static final long MIN_DROPS = 20;
    static final double MIN_RETAKEN = 0.5;

    @Override
    public String id() {
        return "gil-battle";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (Analysis.JvmSummary s : a.jvms) {
            boolean changed = s.segments.size() > 1;
            // With every hold and wait recorded (trace), count only drops made while another thread was
            // waiting: a drop nobody wanted is won back trivially. Otherwise the exact tick counters.
            long drops, retaken;
            String source;
            List<String> ev = new ArrayList<>();
            String in = "";
            if (s.recording.detailComplete() && a.jvms.size() == 1) {
                source = "drops made while another thread waited";
                if (changed) {
                    long[] d = a.handOffs.contestedDropsBySegment[s.index], w = a.handOffs.contestedDropsRetakenBySegment[s.index];
                    int worst = -1;
                    for (int g = 0; g < d.length; g++) {
                        if (d[g] == 0) continue;
                        boolean battle = d[g] >= MIN_DROPS && (double) w[g] / d[g] >= MIN_RETAKEN;
                        ev.add(s.segments.get(g).label() + ": " + Format.count(w[g]) + " of " + Format.count(d[g]) + " " + source
                                + " were re-acquired by the thread that dropped" + (d[g] < MIN_DROPS ? ": too few to judge"
                                        : battle ? ": battle" : ": no battle"));
                        if (battle && (worst < 0 || (double) w[g] / d[g] > (double) w[worst] / d[worst])) worst = g;
                    }
                    if (worst < 0) continue;
                    drops = d[worst];
                    retaken = w[worst];
                    in = " in " + s.segments.get(worst).label();
                } else {
                    drops = a.handOffs.contestedDrops;
                    retaken = a.handOffs.contestedDropsRetaken;
                }
            } else {
                drops = s.tickDrops;
                retaken = s.tickDropsWonBack;
                source = "tick drops (exact counters, waiters or not)";
                if (changed) {
                    in = " (whole recording, mixing " + s.segments.size() + " configuration segments: policy "
                            + ConfigurationSegments.policyHistory(s.segments) + ")";
                }
            }
            if (drops < MIN_DROPS) continue;
            double f = (double) retaken / drops;
            if (f < MIN_RETAKEN) continue;
            if (ev.isEmpty()) {
                ev.add(Format.count(retaken) + " of " + Format.count(drops) + " " + source
                        + " were re-acquired by the thread that dropped" + (changed ? " over the whole recording" : ""));
            }
            ev.add("meanwhile some thread waited " + Format.percent(s.someoneWaitingFraction()) + " of the time; "
                    + Format.count(s.contendedAcquisitions) + " contended acquisitions" + (changed ? " (whole recording)" : ""));
            out.add(new Finding(id(), Finding.Severity.PROBLEM,
                    "GIL battle: " + Format.percent(f) + " of drops re-acquired by the same thread" + in
                            + (a.fleet() ? " [" + s.label + "]" : ""), ev,
                    "Dropping without handing over lets the dropper win the race back. The switch policy "
                            + "(drop on request, hand to the waiter) avoids it."));
        }
        return out;
    }
}
