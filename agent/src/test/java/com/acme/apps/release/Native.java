package com.acme.apps.release;

import com.acme.apps.Probe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Stands in for a C extension that drops the GIL around its computation (tests: release=...Native#compute). */
public final class Native {
    public static final AtomicInteger INSIDE = new AtomicInteger();
    public static final AtomicInteger MAX_INSIDE = new AtomicInteger();
    public static final AtomicLong HELD_INSIDE = new AtomicLong();

    private Native() {
    }

    public static long compute(long seed) {
        if (Probe.held()) HELD_INSIDE.incrementAndGet();
        int n = INSIDE.incrementAndGet();
        if (n > MAX_INSIDE.get()) MAX_INSIDE.accumulateAndGet(n, Math::max);
        long x = seed | 1;
        for (int i = 0; i < 1_000_000; i++) { // about a millisecond: longer than a wake-up
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        INSIDE.decrementAndGet();
        return x;
    }
}
