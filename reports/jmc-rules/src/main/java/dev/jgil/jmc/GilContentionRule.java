package dev.jgil.jmc;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/** Share of the recording during which some thread waited for the GIL; the most blocked thread; the top site. */
public final class GilContentionRule extends JgilRule {
    /** waitFraction (time-weighted over jgil.Statistics) at which the result becomes INFO / WARNING. */
    static final double INFO = 0.10;
    static final double WARNING = 0.30;

    public GilContentionRule() {
        super("jgil.GilContention", "GIL Contention", JgilSchema.STATISTICS);
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.statisticsEvents == 0 || d.statsIntervalNanos <= 0) {
            return notApplicable(vp, "The recording has no jgil.Statistics events, so GIL contention cannot be measured.");
        }
        double share = d.statsWaitNanos / d.statsIntervalNanos;
        Severity sev = severity(share, INFO, WARNING);
        StringBuilder summary = new StringBuilder("Threads waited for the GIL during " + pct(share)
                + " of the time (at least one thread waiting).");
        JgilData.ThreadTotals worst = d.threads.values().stream()
                .max(Comparator.comparingDouble((JgilData.ThreadTotals t) -> t.waitNanos)).orElse(null);
        StringBuilder expl = new StringBuilder("jgil.Statistics' waitFraction, weighted by interval length, over "
                + ms(d.statsIntervalNanos) + " of statistics intervals.");
        if (worst != null && worst.waitNanos > 0) {
            String w = " The most blocked thread is '" + worst.name + "': it waited " + ms(worst.waitNanos) + " ("
                    + pct(worst.waitShare()) + " of its time).";
            summary.append(w);
        }
        Map<String, long[]> sites = new HashMap<>();
        for (JgilData.Wait w : d.waits) {
            if (w.site() == null) continue;
            long[] a = sites.computeIfAbsent(w.site(), k -> new long[2]);
            a[0] += w.waitNanos();
            a[1]++;
        }
        sites.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue()[0])).ifPresent(e -> expl.append(
                " The site with the most recorded waiting (jgil.ContendedAcquire stack traces) is " + e.getKey() + ": "
                        + e.getValue()[1] + " waits, " + ms(e.getValue()[0]) + " in total."));
        expl.append(" A thread waiting for the GIL is runnable but cannot run designated code; with a real"
                + " interpreter lock this is the time lost to serialization.");
        String solution = sev == Severity.OK ? null
                : "Reduce the time spent holding the GIL in designated code: narrow the designated packages"
                        + " (include/exclude), release the GIL around blocking or native calls (release=...), or move"
                        + " CPU-bound work out of designated code. Look at the Serialized CPU-Bound Work rule for the"
                        + " achievable speed-up.";
        return result(vp, sev, score(share, INFO, WARNING, 0.9), summary.toString(), expl.toString(), solution);
    }
}
