package dev.jgil.recording;

import java.util.Locale;

/** Human-readable durations for the summary: 850ns, 12.3us, 4.56ms, 2.00s. */
final class Durations {
    private Durations() {
    }

    static String format(long nanos) {
        if (nanos < 1_000) return nanos + "ns";
        if (nanos < 1_000_000) return String.format(Locale.ROOT, "%.1fus", nanos / 1e3);
        if (nanos < 1_000_000_000) return String.format(Locale.ROOT, "%.2fms", nanos / 1e6);
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
}
