package dev.jgil.jmc;

import dev.jgil.schema.Format;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * The convoy effect: a thread that releases the GIL around every blocking call has to wait about a switch interval
 * to get it back from a CPU-bound thread. Judged as the report's "convoy" finding: convoy waits are re-acquisitions
 * ({@code REACQUIRE}) that waited at least {@link Verdicts#convoyMinWaitNanos} of the switch interval in force when
 * they began; a thread is in a convoy by {@link Verdicts#convoy} against its contended acquisitions
 * (jgil.ThreadStatistics, exact).
 */
public final class ConvoyEffectRule extends JgilRule {
    static final TypedPreference<IQuantity> MIN_WAIT = Preferences.nanos("CONVOY_MIN_WAIT_NANOS", Thresholds.CONVOY_MIN_WAIT_NANOS,
            "Shortest convoy wait", "A re-acquisition wait counts as a convoy wait from this long on (and the share of the interval below)");
    static final TypedPreference<IQuantity> INTERVAL_SHARE = Preferences.fraction("CONVOY_MIN_WAIT_INTERVAL_FRACTION",
            Thresholds.CONVOY_MIN_WAIT_INTERVAL_FRACTION, "Convoy wait, share of the interval",
            "A re-acquisition wait counts as a convoy wait from this share of the switch interval on");
    static final TypedPreference<IQuantity> MIN_WAITS = Preferences.number("CONVOY_MIN_WAITS_COUNT", Thresholds.CONVOY_MIN_WAITS_COUNT,
            "Convoy waits for a warning", "A thread needs at least this many convoy waits to be in a convoy (WARNING)");
    static final TypedPreference<IQuantity> MIN_SHARE = Preferences.fraction("CONVOY_MIN_SHARE_FRACTION", Thresholds.CONVOY_MIN_SHARE_FRACTION,
            "Convoy share of contended acquisitions", "... making up at least this share of its contended acquisitions");
    static final TypedPreference<IQuantity> INFO_WAITS = Preferences.number("CONVOY_INFO_WAITS_COUNT", Thresholds.CONVOY_INFO_WAITS_COUNT,
            "Convoy waits for an info", "Convoy waits from which on a thread is noted (INFO)");

    public ConvoyEffectRule() {
        super("jgil.ConvoyEffect", "GIL Convoy Effect", Schema.CONTENDED_ACQUIRE, List.of(MIN_WAIT, INTERVAL_SHARE, MIN_WAITS, MIN_SHARE, INFO_WAITS));
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        if (d.switchIntervalNanos() <= 0 && d.segments.size() == 1) {
            return notApplicable(vp, "The recording has no jgil.Configuration event, so the switch interval is unknown.");
        }
        long minWait = Preferences.longValue(vp, MIN_WAIT), minWaits = Preferences.longValue(vp, MIN_WAITS);
        double intervalShare = Preferences.value(vp, INTERVAL_SHARE), minShare = Preferences.value(vp, MIN_SHARE);
        Map<String, long[]> convoy = new LinkedHashMap<>(); // thread key -> convoy waits, in growing arrays
        Map<String, Integer> count = new HashMap<>();
        Map<String, Long> recorded = new HashMap<>();
        Map<String, String> names = new HashMap<>(), blockers = new HashMap<>();
        for (JgilData.Wait w : d.waits) {
            if (w.threadKey() == null) continue;
            recorded.merge(w.threadKey(), 1L, Long::sum);
            names.put(w.threadKey(), w.thread());
            if (!Names.ACQUIRE_REACQUIRE.equals(w.cause())) continue;
            int g = d.segments.indexAt(w.startEpochNanos());
            long interval = d.segmentInterval[g];
            if (w.waitNanos() < Verdicts.convoyMinWaitNanos(interval, minWait, intervalShare)) continue;
            long[] a = convoy.computeIfAbsent(w.threadKey(), k -> new long[16]);
            int n = count.merge(w.threadKey(), 1, Integer::sum);
            if (n > a.length) convoy.put(w.threadKey(), a = Arrays.copyOf(a, a.length * 2));
            a[n - 1] = w.waitNanos();
            if (w.blockedBy() != null) blockers.merge(w.threadKey(), w.blockedBy(), (x, y) -> x.contains(y) ? x : x + "', '" + y);
        }
        String worst = null;
        boolean worstConvoy = false;
        for (String k : convoy.keySet()) {
            boolean c = Verdicts.convoy(count.get(k), contended(d, k, recorded), minWaits, minShare);
            if (worst == null || (c && !worstConvoy) || (c == worstConvoy && count.get(k) > count.get(worst))) {
                worst = k;
                worstConvoy = c;
            }
        }
        if (worst == null) {
            return result(vp, Severity.OK, 0, "No convoy effect: no thread waited a quarter of a switch interval or more to"
                    + " re-acquire the GIL after a blocking call.", "Counted jgil.ContendedAcquire events with cause REACQUIRE.", null);
        }
        int n = count.get(worst);
        long contended = contended(d, worst, recorded);
        long[] w = Arrays.copyOf(convoy.get(worst), n);
        Arrays.sort(w);
        long lost = Arrays.stream(w).sum();
        double share = contended > 0 ? (double) n / contended : 0;
        Severity sev = worstConvoy ? Severity.WARNING : n >= Preferences.longValue(vp, INFO_WAITS) ? Severity.INFO : Severity.OK;
        double score = sev == Severity.WARNING ? 75 + 25 * Math.min(1, share) : sev == Severity.INFO ? 25 + 49 * Math.min(1, share) : 20 * share;
        String name = names.getOrDefault(worst, worst);
        String summary = (worstConvoy ? "Convoy effect: thread '" : "Thread '") + name + "' waited a median "
                + Format.nanos(Verdicts.percentile(w, 50)) + " to re-acquire the GIL after I/O (" + Format.count(n) + " of its "
                + Format.count(contended) + " contended acquisitions, " + pct(share) + "), losing " + ms(lost) + " in total"
                + (blockers.containsKey(worst) ? ", behind '" + blockers.get(worst) + "'." : ".");
        String expl = "When a thread releases the GIL around a blocking call (I/O, sleep, a lock) and a CPU-bound thread"
                + " takes it, the returning thread must ask for a switch and wait for the CPU-bound thread to drop the"
                + " GIL at its next checkpoint after the switch interval. Every blocking call then costs about one"
                + " interval extra: an I/O-bound thread runs at the pace of the interval, not of its I/O (the convoy"
                + " effect known from CPython's GIL). Counted: jgil.ContendedAcquire with cause REACQUIRE that waited at least "
                + pct(intervalShare) + " of the switch interval in force (and " + ms(minWait) + "), against the thread's contended"
                + " acquisitions in jgil.ThreadStatistics.";
        if (worstConvoy && d.segmentPolicy != null && Arrays.asList(d.segmentPolicy).contains(Names.PRIORITY)) {
            // priority serves a re-acquisition after I/O at the owner's next checkpoint: a convoy is jgil's bug
            summary += " Under policy 'priority' this is a jgil defect: please report it with this recording.";
        }
        String solution = sev == Severity.OK ? null
                : "Shorten the switch interval (intervalNanos) so CPU-bound threads drop sooner, use a policy that"
                        + " hands the GIL to a returning I/O thread at once, or take the CPU-bound work out of designated"
                        + " code.";
        return result(vp, sev, score, summary, expl, solution);
    }

    /** The thread's contended acquisitions (exact), or its recorded waits without thread statistics, as the report counts. */
    private static long contended(JgilData d, String key, Map<String, Long> recorded) {
        JgilData.ThreadTotals t = d.threads.get(key);
        return t != null ? t.contendedAcquisitions : recorded.getOrDefault(key, 0L);
    }
}
