package dev.jgil.report.schema;

import java.util.Locale;

/**
 * The one duration syntax of jgil, shared by the agent's options ({@code interval=5ms},
 * {@code stats.period=1s}), {@code jgil set} and {@code jgil top --duration}: a number and a unit
 * ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}). The unit is required
 * everywhere — a bare {@code 5} would be milliseconds to one reader and seconds to the next.
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
}
