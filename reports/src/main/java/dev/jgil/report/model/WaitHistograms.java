package dev.jgil.report.model;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

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

    /**
     * Decodes thread histograms, remembering those whose values share one bucket by their text. Decoding one costs
     * ~0.1 ms however few its values (HdrHistogram allocates and scans counts up to its largest value): 20 s over a
     * recording of 200,000 short-lived threads, whose histograms — a wait or two each — repeat a few thousand texts.
     * The histograms it returns are shared: read them, add them into others, never change them.
     */
    public static final class OneBucketCache {
        private final java.util.function.Function<String, Histogram> decoder;
        private final java.util.Map<String, Histogram> oneBucket = new java.util.HashMap<>();

        public OneBucketCache(java.util.function.Function<String, Histogram> decoder) {
            this.decoder = decoder;
        }

        public Histogram decode(String base64) {
            Histogram h = oneBucket.get(base64);
            if (h != null) return h;
            h = decoder.apply(base64);
            if (oneBucket(h) && oneBucket.size() < 1 << 16) {
                Histogram small = new PackedHistogram(3);
                small.recordValueWithCount(h.getMaxValue(), h.getTotalCount());
                oneBucket.put(base64, h = small);
            }
            return h;
        }
    }
}
