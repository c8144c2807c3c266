package dev.jgil.agent.options;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Durations as options spell them: {@code 500us}, {@code 5ms}, {@code 1s}. */
public final class Durations {
    public static final String SYNTAX = "a duration with unit ns|us|ms|s, at least 1us, e.g. 5ms";
    public static final long MIN_NANOS = TimeUnit.MICROSECONDS.toNanos(1);

    private Durations() {
    }

    /** Parses {@code <number><unit>}; a unit is required, because a bare {@code 5} is ambiguous. */
    public static long parseNanos(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0 || i == t.length()) throw new IllegalArgumentException(SYNTAX);
        double amount;
        try {
            amount = Double.parseDouble(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SYNTAX);
        }
        long perUnit;
        switch (t.substring(i)) {
            case "ns": perUnit = 1L; break;
            case "us": case "µs": perUnit = 1_000L; break;
            case "ms": perUnit = 1_000_000L; break;
            case "s": perUnit = 1_000_000_000L; break;
            default: throw new IllegalArgumentException(SYNTAX);
        }
        double nanos = amount * perUnit;
        if (nanos < MIN_NANOS || nanos > Long.MAX_VALUE / 2.0) throw new IllegalArgumentException(SYNTAX);
        return Math.round(nanos);
    }

    /** The shortest exact spelling: 5000000 → {@code 5ms}. */
    public static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
        if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + "ms";
        if (nanos % 1_000L == 0) return nanos / 1_000L + "us";
        return nanos + "ns";
    }
}
