package dev.jgil.schema;

import java.util.Locale;

/**
 * Human-readable numbers, one spelling for every view: the report's findings and renderers, {@code jgil top}, the
 * exit summary and the JMC rules (Locale.ROOT: the same text under every locale).
 */
public final class Format {
    private Format() {
    }

    /** A measured duration: {@link Durations#human} (850 ns, 12.3 µs, 4.90 ms, 1.25 s, 3 min 5 s). */
    public static String nanos(double ns) {
        return Durations.human(ns);
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

    /** An upper bound of a ratio, as the speed-up without the GIL is: {@code ≤ 1.8×}. */
    public static String atMostTimes(double x) {
        return "≤ " + times(x);
    }

    /** A fraction 0..1 as a gil_load-style load: {@code 0.512}. */
    public static String load(double fraction) {
        return String.format(Locale.ROOT, "%.3f", fraction);
    }

    /** A setting (switch interval) as the agent option spells it: {@link Durations#format} (5ms, 100us, 1s). */
    public static String interval(long ns) {
        return ns > 0 ? Durations.format(ns) : nanos(ns);
    }

    /** A data size: 512 bytes, 12.3 kB, 4.56 MB (decimal units, as JFR prints them). */
    public static String bytes(long n) {
        if (n < 1000) return n + " bytes";
        if (n < 1_000_000) return String.format(Locale.ROOT, "%.3g kB", n / 1e3);
        if (n < 1_000_000_000) return String.format(Locale.ROOT, "%.3g MB", n / 1e6);
        return String.format(Locale.ROOT, "%.3g GB", n / 1e9);
    }

    /** Events per second over {@code nanos}. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f/s" : "%.1f/s", perSecond);
    }
}
