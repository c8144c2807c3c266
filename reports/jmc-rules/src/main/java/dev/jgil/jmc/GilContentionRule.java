package dev.jgil.jmc;

import dev.jgil.schema.Format;
import dev.jgil.schema.Schema;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * Share of the recording during which some thread waited for the GIL (the report's "someone waiting"), judged by
 * {@link Verdicts#contention} as the report's "contention" finding; the most blocked thread; the top site.
 */
public final class GilContentionRule extends JgilRule {
    static final TypedPreference<IQuantity> WARNING = Preferences.fraction("CONTENTION_WAITING_FRACTION",
            Thresholds.CONTENTION_WAITING_FRACTION, "Contention warning limit",
            "Share of the time at least one thread waited for the GIL from which on it is a finding (WARNING)");
    static final TypedPreference<IQuantity> INFO = Preferences.fraction("CONTENTION_INFO_WAITING_FRACTION",
            Thresholds.CONTENTION_INFO_WAITING_FRACTION, "Contention info limit", "Share of the time from which on it is noted (INFO)");

    public GilContentionRule() {
        super("jgil.GilContention", "GIL Contention", Schema.STATISTICS, List.of(WARNING, INFO));
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.statisticsEvents == 0 || d.statsIntervalNanos <= 0) {
            return notApplicable(vp, "The recording has no jgil.Statistics events, so GIL contention cannot be measured.");
        }
        double share = d.statsWaitNanos / d.statsIntervalNanos;
        double warning = Preferences.value(vp, WARNING), info = Preferences.value(vp, INFO);
        Severity sev = Verdicts.contention(share, warning) ? Severity.WARNING : share >= info ? Severity.INFO : Severity.OK;
        StringBuilder summary = new StringBuilder("Some thread waited for the GIL " + pct(share) + " of the time.");
        JgilData.ThreadTotals worst = d.threads.values().stream()
                .max(Comparator.comparingDouble((JgilData.ThreadTotals t) -> t.waitNanos)).orElse(null);
        StringBuilder expl = new StringBuilder("jgil.Statistics' waitFraction, weighted by interval length, over "
                + ms(d.statsIntervalNanos) + " of statistics intervals; " + Format.count(d.contendedAcquisitions) + " of "
                + Format.count(d.acquisitions) + " acquisitions were contended.");
        if (worst != null && worst.waitNanos > 0) {
            summary.append(" The most blocked thread is '").append(worst.name).append("': it waited ").append(ms(worst.waitNanos))
                    .append(" (").append(pct(worst.waitShare())).append(" of its time).");
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
                        + e.getValue()[1] + " recorded waits, " + ms(e.getValue()[0]) + " in total."));
        expl.append(" A thread waiting for the GIL is runnable but cannot run designated code; with a real"
                + " interpreter lock this is the time lost to serialization.");
        String solution = sev == Severity.OK ? null
                : "Reduce the time spent holding the GIL in designated code: narrow the designated packages"
                        + " (include/exclude), release the GIL around blocking or native calls (release=...), or move"
                        + " CPU-bound work out of designated code. Look at the Serialized CPU-Bound Work rule for the"
                        + " achievable speed-up.";
        return result(vp, sev, score(share, info, warning, 0.9), summary.toString(), expl.toString(), solution);
    }
}
