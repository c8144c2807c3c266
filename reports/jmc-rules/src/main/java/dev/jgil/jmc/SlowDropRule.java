package dev.jgil.jmc;

import dev.jgil.schema.Format;
import dev.jgil.schema.Schema;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * Owners slow to honour a switch request (too few checkpoints in designated code), judged as the report's "slow-drop"
 * finding ({@link Verdicts#slowDrops}): each request against the switch interval in force when it was made, per
 * configuration segment.
 */
public final class SlowDropRule extends JgilRule {
    static final TypedPreference<IQuantity> MIN_REQUESTS = Preferences.number("SLOW_DROP_MIN_REQUESTS_COUNT",
            Thresholds.SLOW_DROP_MIN_REQUESTS_COUNT, "Minimum switch requests", "Fewer requests than this (per segment) are too few to judge");
    static final TypedPreference<IQuantity> MIN_NANOS = Preferences.nanos("SLOW_DROP_MIN_NANOS", Thresholds.SLOW_DROP_MIN_NANOS,
            "Shortest slow drop", "The p99 time to drop is slow from the switch interval on, and at least this");

    public SlowDropRule() {
        super("jgil.SlowDrop", "GIL Slow Drops", Schema.SWITCH_REQUEST, List.of(MIN_REQUESTS, MIN_NANOS));
    }

    @Override
    IResult evaluate(JgilData d, IPreferenceValueProvider vp) {
        int n = d.switchRequestTime.length;
        if (n == 0) return result(vp, Severity.OK, 0, "No switch requests: no owner was asked to drop the GIL.", null, null);
        long minRequests = Preferences.longValue(vp, MIN_REQUESTS), minNanos = Preferences.longValue(vp, MIN_NANOS);
        int segs = d.segments.size();
        long[][] bySegment = new long[segs][n];
        int[] count = new int[segs];
        for (int i = 0; i < n; i++) {
            int g = d.segments.indexAt(d.switchRequestTime[i]);
            bySegment[g][count[g]++] = d.switchTimeToDrop[i];
        }
        int worst = -1;
        double worstRatio = 0;
        long[] worstDrops = null;
        for (int g = 0; g < segs; g++) {
            long[] t = Arrays.copyOf(bySegment[g], count[g]);
            Arrays.sort(t);
            long interval = d.segmentInterval[g];
            if (!Verdicts.slowDrops(t, interval, minRequests, minNanos)) continue;
            double ratio = (double) Verdicts.percentile(t, 99) / interval;
            if (worst < 0 || ratio > worstRatio) {
                worst = g;
                worstRatio = ratio;
                worstDrops = t;
            }
        }
        if (worst < 0) {
            long[] all = d.switchTimeToDrop.clone();
            Arrays.sort(all);
            return result(vp, Severity.OK, 10, "Owners dropped the GIL in time: " + Format.count(n) + " switch requests, p99 time to drop "
                    + Format.nanos(Verdicts.percentile(all, 99)) + ".", null, null);
        }
        String in = segs > 1 ? " in configuration segment " + (worst + 1) + " of " + segs : "";
        String summary = "Slow drops" + in + ": owners took up to " + Format.nanos(worstDrops[worstDrops.length - 1]) + " to drop the GIL after being"
                + " asked; " + Format.count(worstDrops.length) + " switch requests, time to drop p50 " + Format.nanos(Verdicts.percentile(worstDrops, 50))
                + ", p99 " + Format.nanos(Verdicts.percentile(worstDrops, 99)) + " against a switch interval of "
                + Format.interval(d.segmentInterval[worst]) + ".";
        return result(vp, Severity.WARNING, Math.min(100, 75 + 10 * worstRatio), summary,
                "From jgil.SwitchRequest timeToDropNanos: the time from a waiter's request to the owner's drop at its next checkpoint.",
                "Long loops without a checkpoint (or native code) delay every waiter; the SwitchRequest events' stack traces show"
                        + " where the owner finally dropped.");
    }
}
