package dev.jgil.report.analysis;

import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report's answer in one sentence — is this program GIL-bound, and what does it cost? — and the severity of each
 * headline card, computed here once for the HTML page, the text and the JSON ({@code verdict}).
 *
 * <p>"GIL-bound" is exactly what the whole-recording findings call it, by the schema's definitions: some thread waited at
 * least {@link Thresholds#CONTENTION_WAITING_FRACTION} of the time ({@link Verdicts#contention}), or the speed-up bound
 * reaches {@link Thresholds#SERIALIZED_SPEED_UP_RATIO}. A problem from {@link Thresholds#SERIALIZED_PROBLEM_SPEED_UP_RATIO}
 * on, as the cpu-bound finding grades it. Thread-time is said as thread-seconds and as a share of the run (the observed
 * time, Σ statistics intervals), because a wait of 20 s in a 7.5 s run is only possible summed over threads.
 */
public final class Verdict {
    /** From the least to the most serious; {@link #NOT_MEASURED} when no designated code ran. */
    public enum Level { NOT_MEASURED, NOT_BOUND, GIL_BOUND, SEVERELY_GIL_BOUND }

    /** A headline card's colour: grey (measured nothing), green, neutral, amber, red. */
    public enum Severity { NONE, OK, INFO, WARNING, PROBLEM }

    public final Level level;
    /** The sentence; untrusted text inside (thread names). */
    public final String sentence;
    /** Average number of threads that wanted the GIL while some thread held it: (Σ held + Σ wait) / Σ held, uncapped. */
    public final double threadsWanting;
    /** Σ over threads of the time spent waiting for the GIL (thread-time). */
    public final double waitThreadNanos;
    /** The run: the observed time (Σ statistics intervals, summed over JVMs). */
    public final double runNanos;
    /** The row whose threads waited the largest share of the run (index into {@link Analysis#threadRows}), or -1. */
    public final int worstVictimRow;
    /** Per thread of the worst victim's row: its share of the run waiting, and released around blocking calls. */
    public final double worstVictimWaitFraction, worstVictimReleasedFraction;
    /** The threads table's order: the worst victim first (largest wait share per thread), then by row. */
    public final List<ThreadRows.Row> victimsFirst;

    Verdict(Analysis a) {
        JvmSummary o = a.overall;
        waitThreadNanos = o.threadsWaitNanos;
        runNanos = o.observedNanos;
        threadsWanting = Verdicts.uncappedSpeedUp(o.threadsHeldNanos, o.threadsWaitNanos);
        ThreadRows.Row worst = a.threadRows.stream().filter(r -> r.waitNanos > 0)
                .max(Comparator.comparingDouble(Verdict::waitShare)).orElse(null);
        worstVictimRow = worst == null ? -1 : worst.index;
        List<ThreadRows.Row> order = new ArrayList<>(a.threadRows);
        order.sort(Comparator.comparingDouble((ThreadRows.Row r) -> -waitShare(r)).thenComparingInt(r -> r.index));
        victimsFirst = List.copyOf(order);
        worstVictimWaitFraction = worst == null ? 0 : waitShare(worst);
        worstVictimReleasedFraction = worst == null ? 0 : worst.fraction(worst.releasedNanos) / worst.threads();
        if (!a.measured()) level = Level.NOT_MEASURED;
        else if (threadsWanting >= Thresholds.SERIALIZED_PROBLEM_SPEED_UP_RATIO) level = Level.SEVERELY_GIL_BOUND;
        else if (threadsWanting >= Thresholds.SERIALIZED_SPEED_UP_RATIO
                || Verdicts.contention(o.someoneWaitingFraction(), Thresholds.CONTENTION_WAITING_FRACTION)) level = Level.GIL_BOUND;
        else level = Level.NOT_BOUND;
        sentence = sentence(a, worst);
    }

    /** A row's wait as a share of the run, per thread (a group's average member). */
    static double waitShare(ThreadRows.Row r) {
        return r.fraction(r.waitNanos) / r.threads();
    }

    public boolean gilBound() {
        return level == Level.GIL_BOUND || level == Level.SEVERELY_GIL_BOUND;
    }

    /** Σ thread wait ÷ the run: 2.7 means the threads waited 2.7 runs' worth in total. */
    public double waitRunRatio() {
        return runNanos > 0 ? waitThreadNanos / runNanos : 0;
    }

    private String sentence(Analysis a, ThreadRows.Row worst) {
        if (level == Level.NOT_MEASURED) {
            return "Nothing measured: no designated code ran in this recording, so it says nothing about the GIL's cost.";
        }
        StringBuilder s = new StringBuilder();
        s.append(switch (level) {
            case SEVERELY_GIL_BOUND -> "GIL-bound";
            case GIL_BOUND -> "Partly GIL-bound";
            default -> "Not GIL-bound";
        });
        s.append(": on average ").append(String.format(Locale.ROOT, "%.1f", threadsWanting))
                .append(threadsWanting < 1.05 ? " thread" : " threads").append(" wanted the GIL");
        if (o(a).speedUpCapped()) s.append(" (more than the machine's ").append(o(a).hwThreads).append(" hardware threads)");
        s.append("; waiting cost ").append(threadSeconds(waitThreadNanos)).append(" (").append(shareOfRun(waitRunRatio())).append(")");
        if (worst != null && worstVictimWaitFraction >= 0.001) {
            String name = (a.fleet() ? "#" + (worst.jvm + 1) + " " : "") + shorten(worst.name)
                    + (worst.group() ? " (" + worst.threads() + " threads)" : "");
            s.append("; the worst victim, ").append(name).append(", ").append(worst.group() ? "each waited on average " : "waited ")
                    .append(Format.percent(worstVictimWaitFraction));
            if (worstVictimReleasedFraction >= 0.01) {
                s.append(" and spent ").append(Format.percent(worstVictimReleasedFraction)).append(" in blocking calls (GIL released)");
            }
        }
        return s.append('.').toString();
    }

    /** A name as the sentence shows it: at most {@link #NAME_MAX} code points, a surrogate pair never split. */
    static String shorten(String s) {
        if (s.codePointCount(0, s.length()) <= NAME_MAX) return s;
        return s.substring(0, s.offsetByCodePoints(0, NAME_MAX - 1)) + "…";
    }

    static final int NAME_MAX = 40;

    private static JvmSummary o(Analysis a) {
        return a.overall;
    }

    /** Thread-time in thread-seconds, three significant digits at most: {@code 20.3 thread-seconds}, {@code 0.004 thread-seconds}. */
    public static String threadSeconds(double nanos) {
        double s = nanos / 1e9;
        String n = s == 0 ? "0" : s >= 100 ? String.format(Locale.ROOT, "%,.0f", s) : s >= 10 ? String.format(Locale.ROOT, "%.1f", s)
                : s >= 1 ? String.format(Locale.ROOT, "%.2f", s) : s >= 0.001 ? String.format(Locale.ROOT, "%.3f", s) : "< 0.001";
        return n + " thread-seconds";
    }

    /** A thread-time ÷ the run: {@code 2.7× the run} from 1 on, {@code 35.0% of the run} below. */
    public static String shareOfRun(double ratio) {
        return ratio >= 1 ? Format.times(ratio) + " the run" : Format.percent(ratio) + " of the run";
    }

    /**
     * The colour of the headline card showing {@code figure} (its JSON name): the cost cards by the speed-up thresholds
     * (no cost is green, never red), "someone waiting" by the contention thresholds, the counts neutral; grey when
     * nothing was measured.
     */
    public Severity cardSeverity(String figure, JvmSummary s) {
        if (level == Level.NOT_MEASURED) return Severity.NONE;
        switch (figure) {
            case "addedWaitNanos", "speedUpBound" -> {
                double b = Verdicts.uncappedSpeedUp(s.threadsHeldNanos, s.threadsWaitNanos);
                if (s.threadsWaitNanos <= 0) return Severity.OK;
                if (b >= Thresholds.SERIALIZED_PROBLEM_SPEED_UP_RATIO) return Severity.PROBLEM;
                if (b >= Thresholds.SERIALIZED_SPEED_UP_RATIO) return Severity.WARNING;
                return b >= Thresholds.SERIALIZED_INFO_SPEED_UP_RATIO ? Severity.INFO : Severity.OK;
            }
            case "someoneWaitingFraction" -> {
                double f = s.someoneWaitingFraction();
                if (Verdicts.contention(f, Thresholds.CONTENTION_WAITING_FRACTION)) return Severity.WARNING;
                return f >= Thresholds.CONTENTION_INFO_WAITING_FRACTION ? Severity.INFO : Severity.OK;
            }
            default -> {
                return Severity.INFO;
            }
        }
    }

    /** The card figures {@link #cardSeverity} grades beyond "neutral". */
    public static final List<String> GRADED_FIGURES = List.of("addedWaitNanos", "speedUpBound", "someoneWaitingFraction");
}
