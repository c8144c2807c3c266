package dev.jgil.report.analysis;

import dev.jgil.schema.Durations;
import java.util.Locale;

/** Human-readable numbers shared by the findings and the renderers (Locale.ROOT: same text everywhere). */
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

    /** A setting (switch interval) as the agent option spells it: {@link Durations#format} (5ms, 100us, 1s). */
    public static String interval(long ns) {
        return ns > 0 ? Durations.format(ns) : nanos(ns);
    }

    /** Events per second over {@code nanos}. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f/s" : "%.1f/s", perSecond);
    }
}
