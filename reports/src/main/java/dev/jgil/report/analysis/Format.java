package dev.jgil.report.analysis;

import java.util.Locale;

/** Human-readable numbers shared by the findings and the renderers (Locale.ROOT: same text everywhere). */
public final class Format {
    private Format() {
    }

    /** 850 ns, 12.3 µs, 4.90 ms, 1.25 s, 3 min 5 s. */
    public static String nanos(double ns) {
        double a = Math.abs(ns);
        if (a < 1_000) return String.format(Locale.ROOT, "%.0f ns", ns);
        if (a < 1_000_000) return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
        if (a < 1_000_000_000) return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        if (a < 120e9) return String.format(Locale.ROOT, "%.3g s", ns / 1e9);
        return String.format(Locale.ROOT, "%d min %d s", (long) (ns / 60e9), (long) (ns / 1e9) % 60);
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String times(double x) {
        return String.format(Locale.ROOT, "%.1f×", x);
    }

    /** A switch interval as the agent option spells it when it is round: 5ms, 100us, 1s; else {@link #nanos}. */
    public static String interval(long ns) {
        if (ns > 0 && ns % 1_000_000_000L == 0) return ns / 1_000_000_000L + "s";
        if (ns > 0 && ns % 1_000_000L == 0) return ns / 1_000_000L + "ms";
        if (ns > 0 && ns % 1_000L == 0) return ns / 1_000L + "us";
        return nanos(ns);
    }

    /** Events per second over {@code nanos}. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f/s" : "%.1f/s", perSecond);
    }
}
