package dev.jgil.recording;

import java.util.Locale;

/**
 * The 1, 5 and 15 minute averages of a fraction, load-average style: each window decays by
 * exp(-dt/window). Seeded at 0 and divided by (1 - exp(-T/window)) (T = time recorded so far), so a run
 * shorter than the window reports its plain time-weighted average instead of a value still climbing
 * from 0 (or pinned to a first tiny interval).
 */
final class LoadAverage {
    private static final double[] WINDOWS_SECONDS = {60, 300, 900};
    private final double[] raw = {0, 0, 0};
    private boolean any;

    void update(double x, long intervalNanos) {
        double dtSeconds = intervalNanos / 1e9;
        for (int i = 0; i < raw.length; i++) {
            double decay = Math.exp(-dtSeconds / WINDOWS_SECONDS[i]);
            raw[i] = raw[i] * decay + x * (1 - decay);
        }
        any = true;
    }

    /** The average over window {@code i} (0: 1 min, 1: 5 min, 2: 15 min) after {@code totalNanos} recorded. */
    double value(int i, long totalNanos) {
        if (!any || totalNanos <= 0) return 0;
        return raw[i] / (1 - Math.exp(-(totalNanos / 1e9) / WINDOWS_SECONDS[i]));
    }

    String text(long totalNanos) {
        return String.format(Locale.ROOT, "%.3f/%.3f/%.3f", value(0, totalNanos), value(1, totalNanos), value(2, totalNanos));
    }
}
