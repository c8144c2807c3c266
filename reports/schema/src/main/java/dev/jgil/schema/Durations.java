package dev.jgil.schema;

import java.util.Locale;

/**
 * The one duration syntax of jgil, shared by the agent's options ({@code interval=5ms},
 * {@code stats.period=1s}), {@code jgil set} and {@code jgil top --duration}: a number and a unit
 * ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}). The unit is required
 * everywhere — a bare {@code 5} would be milliseconds to one reader and seconds to the next.
 *
 * <p>Two spellings, two meanings: {@link #format} writes a <em>setting</em> exactly as the options read
 * it back ({@code 5ms}); {@link #human} writes a <em>measured</em> value to three significant digits
 * ({@code 4.90 ms}). Every view (exit summary, report, {@code top}, {@code set}, the MBean) uses these two.
 */
public final class Durations {
    public static final String SYNTAX = "a duration with a unit ns|us|ms|s|m|h, e.g. 5ms, 1.5s, 2m";

    private Durations() {
    }

    /**
     * Parses a positive duration into nanoseconds.
     *
     * @throws IllegalArgumentException with {@link #SYNTAX} as its message when the text is not one
     */
    public static long parseNanos(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0 || i == t.length()) throw new IllegalArgumentException(SYNTAX);
        double amount;
        try {
            amount = Double.parseDouble(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SYNTAX);
        }
        double perUnit;
        switch (t.substring(i)) {
            case "ns": perUnit = 1; break;
            case "us": case "µs": perUnit = 1e3; break;
            case "ms": perUnit = 1e6; break;
            case "s": perUnit = 1e9; break;
            case "m": case "min": perUnit = 60e9; break;
            case "h": perUnit = 3600e9; break;
            default: throw new IllegalArgumentException(SYNTAX);
        }
        double nanos = amount * perUnit;
        if (nanos < 1 || nanos > Long.MAX_VALUE / 2.0) throw new IllegalArgumentException(SYNTAX);
        return Math.round(nanos);
    }

    /** The shortest exact spelling that {@link #parseNanos} reads back: 5000000 → {@code 5ms}. */
    public static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
        if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + "ms";
        if (nanos % 1_000L == 0) return nanos / 1_000L + "us";
        return nanos + "ns";
    }

    /** A measured duration for people, three significant digits: 850 ns, 12.3 µs, 4.90 ms, 1.25 s, 3 min 5 s. */
    public static String human(double ns) {
        double a = Math.abs(ns);
        if (a < 1_000) return String.format(Locale.ROOT, "%.0f ns", ns);
        if (a < 1_000_000) return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
        if (a < 1_000_000_000) return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        if (a < 120e9) return String.format(Locale.ROOT, "%.3g s", ns / 1e9);
        return String.format(Locale.ROOT, "%d min %d s", (long) (ns / 60e9), (long) (ns / 1e9) % 60);
    }
}
