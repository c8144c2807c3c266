package dev.jgil.agent.options;

import java.util.concurrent.TimeUnit;

/**
 * The switch interval's durations: jgil's one duration syntax ({@link dev.jgil.report.schema.Durations},
 * shared with the recording options and the CLI), at least 1us — below that the interval is shorter
 * than a park/unpark and means nothing.
 */
public final class Durations {
    public static final String SYNTAX = "a duration with unit ns|us|ms|s, at least 1us, e.g. 5ms";
    public static final long MIN_NANOS = TimeUnit.MICROSECONDS.toNanos(1);

    private Durations() {
    }

    /** Parses {@code <number><unit>}; a unit is required, because a bare {@code 5} is ambiguous. */
    public static long parseNanos(String text) {
        long nanos;
        try {
            nanos = dev.jgil.report.schema.Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SYNTAX);
        }
        if (nanos < MIN_NANOS) throw new IllegalArgumentException(SYNTAX);
        return nanos;
    }

    /** The shortest exact spelling: 5000000 → {@code 5ms}. */
    public static String format(long nanos) {
        return dev.jgil.report.schema.Durations.format(nanos);
    }
}
