package dev.jgil.report.analysis;

import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.List;

/** The watchdog had to take the GIL from an owner blocked while holding it (a blocking call not released). */
public final class WatchdogRule implements FindingRule {
    @Override
    public String id() {
        return "watchdog";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (JvmSummary s : a.jvms) {
            if (!Verdicts.blockedOwner(s.watchdogHandOffs, Thresholds.WATCHDOG_MIN_HAND_OFFS_COUNT)) continue;
            out.add(new Finding(id(), Finding.Severity.WARNING,
                    "blocked owner: the watchdog took the GIL from a blocked owner " + Format.count(s.watchdogHandOffs)
                            + " times" + (a.fleet() ? " [" + s.label + "]" : ""),
                    List.of(Format.count(s.watchdogHandOffs) + " watchdog hand-offs vs " + Format.count(s.blockingReleases)
                            + " releases around known blocking calls"
                            // Exact counters per recording only; a blocked owner is a matter of the code, not the policy.
                            + (s.segments.size() > 1 ? " (whole recording: all " + s.segments.size() + " configuration segments)" : "")),
                    Verdicts.BLOCKED_OWNER_ADVICE));
        }
        return out;
    }
}
