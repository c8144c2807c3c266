package dev.jgil.demo.countdown;

/**
 * The designated code: Python's {@code while n > 0: n -= 1}, with a little arithmetic per step so
 * the JIT cannot fold the loop away and a step costs about as much as a bytecode-interpreted one.
 */
public final class CountdownWork {
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

    private CountdownWork() {
    }
}
