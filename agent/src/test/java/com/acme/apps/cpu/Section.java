package com.acme.apps.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutual-exclusion oracle. Not designated itself: it is called from designated code and runs while
 * the caller owns the GIL, with no checkpoint inside, so under the GIL no two threads can ever be in
 * here at once. (Two threads can both be "inside" a designated <em>method</em>, interleaved at its
 * checkpoints, exactly as two Python threads can both be inside one Python function; the GIL
 * serializes execution, not method bodies. So the oracle spans a checkpoint-free stretch.)
 */
public final class Section {
    public static final AtomicInteger INSIDE = new AtomicInteger();
    public static final AtomicInteger MAX_INSIDE = new AtomicInteger();
    public static final AtomicLong CHECKS = new AtomicLong();
    public static final AtomicLong NOT_HELD = new AtomicLong();
    static volatile long sink;

    private Section() {
    }

    public static void reset() {
        INSIDE.set(0);
        MAX_INSIDE.set(0);
        CHECKS.set(0);
        NOT_HELD.set(0);
    }

    /** Like {@link #reset} while threads may be inside: INSIDE stays, or a thread leaving would take it below 0. */
    public static void resetWhileRunning() {
        MAX_INSIDE.set(0);
        CHECKS.set(0);
        NOT_HELD.set(0);
    }

    public static void exclusive(long seed) {
        int n = INSIDE.incrementAndGet();
        if (n > MAX_INSIDE.get()) MAX_INSIDE.accumulateAndGet(n, Math::max);
        long x = seed | 1;
        for (int i = 0; i < 1500; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        sink = x;
        INSIDE.decrementAndGet();
    }
}
