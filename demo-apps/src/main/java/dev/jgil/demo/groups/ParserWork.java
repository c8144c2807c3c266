package dev.jgil.demo.groups;

/** One "library": a CPU-bound loop (the groups demo puts it in group {@code parser}). */
public final class ParserWork {
    private ParserWork() {
    }

    /** The countdown demo's loop (a little arithmetic per step, so the JIT cannot fold it away). */
    public static long countdown(long n) {
        long x = 0x9E3779B97F4A7C15L;
        while (n > 0) {
            n--;
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
