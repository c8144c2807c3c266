package dev.jgil.report.analysis;

import java.util.ArrayList;
import java.util.List;

/** Threads that wanted to run designated code at the same time: the serialization the GIL costs. */
public final class CpuBoundRule implements FindingRule {
    /** Below this the GIL costs little: no finding. */
    static final double MIN_SPEED_UP = 1.25;

    @Override
    public String id() {
        return "cpu-bound";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (Analysis.JvmSummary s : a.jvms) {
            double p = s.speedUpBound();
            if (p < MIN_SPEED_UP) continue;
            String where = a.fleet() ? " [" + s.label + "]" : "";
            List<String> ev = new ArrayList<>();
            ev.add("threads held the GIL for " + Format.nanos(s.threadsHeldNanos) + " in total and waited "
                    + Format.nanos(s.threadsWaitNanos) + " for it: (held + wait) / held = " + Format.times(p)
                    + (s.speedUpCapped() ? " (capped at the machine's " + s.hwThreads + " hardware threads)" : ""));
            ev.add("the GIL was held " + Format.percent(s.heldFraction()) + " of the time and some thread waited "
                    + Format.percent(s.someoneWaitingFraction()) + " of the time");
            ev.add(Format.count(s.contendedAcquisitions) + " of " + Format.count(s.acquisitions)
                    + " acquisitions had to wait");
            out.add(new Finding(id(), p >= 1.8 ? Finding.Severity.PROBLEM : Finding.Severity.WARNING,
                    "CPU-bound: this work would run " + Format.times(p) + " faster without the lock" + where, ev,
                    "The designated code is compute that several threads want at once; the GIL lets one run. "
                            + "Without it (or with finer-grained locking) the threads would overlap."));
        }
        return out;
    }
}
