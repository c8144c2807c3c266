package dev.jgil.schema;

import java.util.Locale;

/**
 * Whether the sampler got the samples it intended, judged the same way by the agent's exit summary and the report.
 * The sampler wakes about once per sample period (a random phase); when the CPUs are busy — other processes, or this
 * program's own threads on every core — it wakes late and takes fewer samples, mostly when a CPU frees up, i.e. right
 * after releases: the sampled fractions are then biased and their ± understated. Timer slack alone costs ~5–10 %.
 */
public final class Sampling {
    private Sampling() {
    }

    /** Starved below this share of the intended samples. */
    public static final double STARVED_BELOW_FRACTION = 0.85;
    /** Too short to judge below this many intended samples. */
    public static final double MIN_INTENDED_COUNT = 100;

    /** samples ÷ (observed time ÷ sample period); NaN when the period is unknown or fewer than 100 were intended. */
    public static double deliveredFraction(long samples, double observedNanos, long samplePeriodNanos) {
        if (samplePeriodNanos <= 0) return Double.NaN;
        double intended = observedNanos / samplePeriodNanos;
        return intended > MIN_INTENDED_COUNT ? samples / intended : Double.NaN;
    }

    public static boolean starved(double deliveredFraction) {
        return deliveredFraction < STARVED_BELOW_FRACTION; // false for NaN
    }

    /** The one sentence every view prints for a starved sampler. */
    public static String statement(double deliveredFraction) {
        return String.format(Locale.ROOT, "sampler starved: %.0f%% of intended samples — the CPUs were busy (this program's own "
                + "threads count); sampled fractions are biased and their ± errors understated", 100 * deliveredFraction);
    }
}
