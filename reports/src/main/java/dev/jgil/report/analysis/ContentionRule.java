package dev.jgil.report.analysis;

import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GIL contention: at least one thread waited for the GIL a large share of the time (jgil.Statistics' sampled
 * waitFraction, weighted by interval — the headline's "someone waiting"). The JMC rule pack's GIL Contention rule
 * judges the same figure by the same threshold. Whole recording: with run-time changes it mixes the configurations,
 * and says so.
 */
public final class ContentionRule implements FindingRule {
    @Override
    public String id() {
        return "contention";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (JvmSummary s : a.jvms) {
            double f = s.someoneWaitingFraction();
            if (!Verdicts.contention(f, Thresholds.CONTENTION_WAITING_FRACTION)) continue;
            List<String> ev = new ArrayList<>();
            ev.add("some thread waited for the GIL " + Format.percent(f) + " of the observed time (sampled)"
                    + (s.segments.size() > 1 ? " (whole recording: all " + s.segments.size() + " configuration segments)" : ""));
            ev.add(Format.count(s.contendedAcquisitions) + " of " + Format.count(s.acquisitions) + " acquisitions were contended");
            a.threadRows.stream().filter(r -> r.jvm == s.index && r.waitNanos > 0)
                    .max(Comparator.comparingDouble(r -> r.waitNanos))
                    .ifPresent(r -> ev.add("the most blocked " + (r.group() ? "threads: " : "thread: ") + r.label() + ", waiting "
                            + Format.nanos(r.waitNanos) + " (" + Format.percent(r.fraction(r.waitNanos)) + " of the observed time)"));
            a.sites.stream().filter(x -> x.jvm == s.index).findFirst().ifPresent(x -> ev.add("the site with the most recorded "
                    + "waiting: " + x.frames.get(0) + ", " + Format.count(x.count) + " recorded waits, " + Format.nanos(x.totalWaitNanos)));
            out.add(new Finding(id(), Finding.Severity.WARNING, "GIL contention: some thread waited for the GIL "
                    + Format.percent(f) + " of the time" + (a.fleet() ? " [" + s.label + "]" : ""), ev,
                    "Hold the GIL for less: narrow the designation (include/exclude), release it around blocking or native "
                            + "calls (release=...), or move CPU-bound work out of designated code."));
        }
        return out;
    }
}
