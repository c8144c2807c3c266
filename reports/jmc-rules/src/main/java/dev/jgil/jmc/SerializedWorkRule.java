package dev.jgil.jmc;

import dev.jgil.schema.Format;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import dev.jgil.schema.Segments;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.List;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * The speed-up the designated work could have without the GIL, at most ({@link Verdicts#speedUpBound}), judged as the
 * report's "cpu-bound" finding: with run-time changes, per configuration segment ({@link Segments}), the worst
 * serializing segment ({@link Verdicts#worstSerializedSegment}).
 */
public final class SerializedWorkRule extends JgilRule {
    static final TypedPreference<IQuantity> WARNING = Preferences.number("SERIALIZED_SPEED_UP_RATIO",
            Thresholds.SERIALIZED_SPEED_UP_RATIO, "Speed-up warning limit", "Speed-up bound from which on it is a finding (WARNING)");
    static final TypedPreference<IQuantity> PROBLEM = Preferences.number("SERIALIZED_PROBLEM_SPEED_UP_RATIO",
            Thresholds.SERIALIZED_PROBLEM_SPEED_UP_RATIO, "Speed-up problem limit",
            "Speed-up bound the report calls a problem; here the score reaches 100 at twice this");
    static final TypedPreference<IQuantity> INFO = Preferences.number("SERIALIZED_INFO_SPEED_UP_RATIO",
            Thresholds.SERIALIZED_INFO_SPEED_UP_RATIO, "Speed-up info limit", "Speed-up bound from which on it is noted (INFO)");

    public SerializedWorkRule() {
        super("jgil.SerializedWork", "Serialized CPU-Bound Work", Schema.THREAD_STATISTICS, List.of(WARNING, PROBLEM, INFO));
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        double held = 0, wait = 0;
        for (JgilData.ThreadTotals t : d.threads.values()) {
            held += t.heldNanos;
            wait += t.waitNanos;
        }
        if (d.threads.isEmpty()) { // thread statistics off: the lock-wide sums, as the report falls back
            held = d.statsHeldNanos;
            wait = d.statsWaitSumNanos;
        }
        if (held <= 0) {
            return result(vp, Severity.OK, 0, "The GIL was not measurably held, so nothing was serialized.", null, null);
        }
        double speedUp = Verdicts.speedUpBound(held, wait, d.hardwareThreads);
        String in = "";
        if (d.segments.size() > 1) {
            int n = d.segments.size();
            boolean[] off = new boolean[n], approximate = new boolean[n];
            double[] observed = new double[n], segHeld = new double[n], segWait = new double[n];
            Segments.Allot stats = (g, i, overlap, share) -> observed[g] += overlap;
            int[] straddlers = d.segments.allotWhole(d.intervalEnd, d.intervalLen, stats);
            for (int g = 0; g < n; g++) {
                off[g] = Names.OFF.equals(d.segmentPolicy[g]);
                approximate[g] = observed[g] == 0 && d.segments.end(g) > d.segments.start(g);
            }
            Segments.Allot threads = (g, i, overlap, share) -> {
                segHeld[g] += d.threadIntervalHeld[i] * overlap;
                segWait[g] += d.threadIntervalWait[i] * overlap;
            };
            d.segments.allotShares(straddlers, d.intervalEnd, d.intervalLen, approximate, stats);
            int[] ts = d.segments.allotWhole(d.threadIntervalEnd, d.threadIntervalLen, threads);
            d.segments.allotShares(ts, d.threadIntervalEnd, d.threadIntervalLen, approximate, threads);
            int worst = Verdicts.worstSerializedSegment(off, segHeld, segWait, approximate, d.hardwareThreads);
            if (worst >= 0) {
                speedUp = Verdicts.speedUpBound(segHeld[worst], segWait[worst], d.hardwareThreads);
                in = " in configuration segment " + (worst + 1) + " of " + n + " (policy '" + d.segmentPolicy[worst] + "', "
                        + Format.interval(d.segmentInterval[worst]) + ")";
            } else {
                in = " (mixing all " + n + " configurations)";
            }
        }
        double warning = Preferences.value(vp, WARNING), info = Preferences.value(vp, INFO);
        Severity sev = speedUp >= warning ? Severity.WARNING : speedUp >= info ? Severity.INFO : Severity.OK;
        double raw = Verdicts.uncappedSpeedUp(held, wait);
        String cap = d.hardwareThreads > 0
                ? " (at most the " + d.hardwareThreads + " hardware threads of jdk.CPUInformation"
                        + (raw > Verdicts.speedUpBound(held, wait, d.hardwareThreads) ? "; " + Format.times(raw) + " uncapped over the whole recording" : "") + ")"
                : " (jdk.CPUInformation absent: not capped by the hardware threads)";
        String summary = "Without the GIL the designated work could run up to " + Format.times(speedUp) + " faster" + in + cap
                + ": threads held the GIL " + ms(held) + " in total and waited for it " + ms(wait) + ".";
        String expl = "Time spent waiting for the GIL is time a thread was ready to run designated code. If that code"
                + " ran in parallel instead, the same work would take (held + waited) / held of the time, an upper"
                + " bound that assumes the waiting threads had CPUs to run on. From jgil.ThreadStatistics over "
                + d.threads.size() + " threads (held: heldFraction, "
                + (d.tracePreset() || "trace".equals(d.config(Schema.Configuration.ACCOUNTING)) ? "exact" : "sampled")
                + "; waited: waitFraction, from timed waits)."
                + (d.segments.size() > 1 ? " The configuration changed at run time: judged per configuration segment, as the jgil report does." : "");
        String solution = sev == Severity.OK ? null
                : "This is what the GIL costs this workload. If the designated code does not need to be serialized,"
                        + " narrow the designation; otherwise expect CPU-bound threads to scale no better than one.";
        return result(vp, sev, score(speedUp, info, warning, 2 * Preferences.value(vp, PROBLEM)), summary, expl, solution);
    }
}
