package dev.jgil.report.model;

import org.HdrHistogram.Histogram;

/**
 * Per-thread wait histograms at thread-per-task scale. A recording of 200,000 short-lived threads holds 200,000
 * histograms of one or two waits each; adding one to another or asking it for a percentile walks every bucket up to
 * its largest value (some 20,000 for a wait of a second, each a tree lookup in a packed histogram), which made the
 * report take minutes. When all of a histogram's values share one bucket — one wait, or waits alike — its sum and
 * its percentiles are that bucket's, read in constant time; the results are the same as HdrHistogram's own.
 */
public final class WaitHistograms {
    private WaitHistograms() {
    }

    /** Whether every recorded value of {@code h} lies in one bucket (false when empty). */
    static boolean oneBucket(Histogram h) {
        return h.getTotalCount() > 0 && h.valuesAreEquivalent(h.getMinValue(), h.getMaxValue());
    }

    /** {@code target.add(source)}. */
    public static void addInto(Histogram target, Histogram source) {
        if (oneBucket(source)) target.recordValueWithCount(source.getMaxValue(), source.getTotalCount());
        else target.add(source);
    }

    /** {@code h.getValueAtPercentile(percentile)} for a percentile above 0. */
    public static long valueAtPercentile(Histogram h, double percentile) {
        return percentile > 0 && oneBucket(h) ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    }
}
