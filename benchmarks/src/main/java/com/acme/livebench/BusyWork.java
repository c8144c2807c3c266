package com.acme.livebench;

/**
 * The designated CPU-bound work of {@link dev.jgil.bench.live.BusyTarget}. Outside {@code dev.jgil.*} on
 * purpose: the agent never weaves its own packages. Designate it with
 * {@code -javaagent:agent/target/jgil-agent.jar=include=com.acme.livebench.BusyWork}.
 */
public final class BusyWork {
    private BusyWork() {
    }

    /** A few microseconds of xorshift; the loop's back-edge carries the woven checkpoint. */
    public static long crunch(long seed) {
        long x = seed | 1;
        for (int i = 0; i < 3000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
