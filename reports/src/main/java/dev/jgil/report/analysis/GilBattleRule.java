package dev.jgil.report.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The GIL battle (CPython ≤ 3.1 on multicore): the owner drops the GIL and takes it straight back before
 * the woken waiter gets to run, so waiters starve while the CPU churns.
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
            // With every hold and wait recorded (trace), count only drops made while another thread was
            // waiting: a drop nobody wanted is won back trivially. Otherwise the exact tick counters.
            long drops, retaken;
            String source;
            if (s.recording.detailComplete() && a.jvms.size() == 1) {
                drops = a.handOffs.contestedDrops;
                retaken = a.handOffs.contestedDropsRetaken;
                source = "drops made while another thread waited";
            } else {
                drops = s.tickDrops;
                retaken = s.tickDropsWonBack;
                source = "tick drops (exact counters, waiters or not)";
            }
            if (drops < MIN_DROPS) continue;
            double f = (double) retaken / drops;
            if (f < MIN_RETAKEN) continue;
            List<String> ev = new ArrayList<>();
            ev.add(Format.count(retaken) + " of " + Format.count(drops) + " " + source
                    + " were re-acquired by the thread that dropped");
            ev.add("meanwhile some thread waited " + Format.percent(s.someoneWaitingFraction()) + " of the time; "
                    + Format.count(s.contendedAcquisitions) + " contended acquisitions");
            out.add(new Finding(id(), Finding.Severity.PROBLEM,
                    "GIL battle: " + Format.percent(f) + " of drops re-acquired by the same thread"
                            + (a.fleet() ? " [" + s.label + "]" : ""), ev,
                    "Dropping without handing over lets the dropper win the race back. The switch policy "
                            + "(drop on request, hand to the waiter) avoids it."));
        }
        return out;
    }
}
