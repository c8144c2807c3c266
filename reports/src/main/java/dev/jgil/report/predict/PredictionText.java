package dev.jgil.report.predict;

import dev.jgil.schema.Durations;
import dev.jgil.schema.Format;
import java.util.List;
import java.util.Locale;

/** The predictions as text: the headline sentence, a per-thread table, and the sweep table. */
public final class PredictionText {
    private PredictionText() {
    }

    /** "with a GIL (switch, 5ms) this run would take 0.79 s instead of 0.49 s; cpu-a would wait 38 %". */
    public static String headline(Prediction p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "with %s this run would take %s instead of %s",
                gils(p), seconds(p.wallNanos), seconds(p.recordedWallNanos)));
        Prediction.ThreadResult w = p.mostWaiting();
        if (w != null) sb.append(String.format(Locale.ROOT, "; %s would wait %.0f %%", w.name, 100 * w.waitFraction()));
        return sb.toString();
    }

    /**
     * The locks simulated and their setting: "a GIL (switch, 5ms)", "a GIL per group (switch, 5ms; default, parser)",
     * "one GIL for groups default, parser (switch, 5ms)".
     */
    public static String gils(Prediction p) {
        String groups = groups(p);
        if (groups == null) return "a GIL (" + setting(p) + ")";
        return p.gils.size() > 1 ? "a GIL per group (" + setting(p) + "; " + groups + ")"
                : "one GIL for groups " + groups + " (" + setting(p) + ")";
    }

    /** The groups the simulated locks stand for ("driver, parser"), or null when the recording had none. */
    private static String groups(Prediction p) {
        if (p.gils.size() > 1) return String.join(", ", p.gils);
        String only = p.gils.get(0);
        return only.contains(Trace.MERGED) ? only.replace(Trace.MERGED, ", ") : null;
    }

    public static String setting(Prediction p) {
        return p.policy == Policy.OFF || p.policy == Policy.TICKS ? p.policy.option()
                : p.policy.option() + ", " + Durations.format(p.intervalNanos);
    }

    static String seconds(double nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** One prediction in full: headline, then one row per thread. */
    public static String detail(Prediction p, List<String> warnings) {
        StringBuilder sb = new StringBuilder();
        sb.append(headline(p)).append('\n');
        sb.append(String.format(Locale.ROOT, "  designated part %s instead of %s; added wait %s in total (%s after blocking calls, "
                + "%d waits); %.2f of %d cores, hand-off %s%n", seconds(p.designatedSpanNanos), seconds(p.recordedDesignatedSpanNanos),
                Format.nanos(p.addedWaitNanos()), Format.nanos(p.waitAfterBlockingNanos()), p.waitsAfterBlocking(), p.capacity,
                p.cores, Format.nanos(p.handOffNanos)));
        if (!p.timeBound().isEmpty()) {
            sb.append("  time-bound (busy, repeating what it did, while the others replay their work): ")
                    .append(String.join(", ", p.timeBound())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "  %-28s %9s %10s %7s %7s %10s %10s %8s%n", "thread", "segments", "demand", "held",
                "wait", "wait p50", "wait p99", "drops"));
        for (Prediction.ThreadResult t : p.threads) {
            sb.append(String.format(Locale.ROOT, "  %-28s %9d %10s %7s %7s %10s %10s %8d%n", clip(t.name), t.segments,
                    Format.nanos(t.demandNanos), Format.percent(t.heldFraction()), Format.percent(t.waitFraction()),
                    t.contendedWaits() == 0 ? "-" : Format.nanos(t.waitPercentile(50)),
                    t.contendedWaits() == 0 ? "-" : Format.nanos(t.waitPercentile(99)), t.forcedDrops));
        }
        for (String w : warnings) sb.append("  warning: ").append(w).append('\n');
        return sb.toString();
    }

    /** Several settings, one row each. */
    public static String sweep(List<Prediction> ps, List<String> warnings) {
        StringBuilder sb = new StringBuilder();
        Prediction first = ps.get(0);
        String groups = groups(first);
        String locks = groups == null ? "" : first.gils.size() > 1 ? "; simulated: a GIL per group (" + groups + ")"
                : "; simulated: one GIL for groups " + groups;
        sb.append(String.format(Locale.ROOT, "recorded (off): %s; %d cores, hand-off %s%s%n", seconds(first.recordedWallNanos),
                first.cores, Format.nanos(first.handOffNanos), locks));
        sb.append(String.format(Locale.ROOT, "%-16s %10s %9s %12s %18s %s%n", "setting", "wall", "× off", "added wait",
                "after blocking", "most waiting thread"));
        for (Prediction p : ps) {
            Prediction.ThreadResult w = p.mostWaiting();
            sb.append(String.format(Locale.ROOT, "%-16s %10s %9s %12s %18s %s%n", setting(p), seconds(p.wallNanos),
                    String.format(Locale.ROOT, "%.2f", p.slowdown()), Format.nanos(p.addedWaitNanos()),
                    Format.nanos(p.waitAfterBlockingNanos()),
                    w == null ? "-" : w.name + " " + String.format(Locale.ROOT, "%.0f %%", 100 * w.waitFraction())));
        }
        for (String w : warnings) sb.append("warning: ").append(w).append('\n');
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= 28 ? s : s.substring(0, 27) + "…";
    }
}
