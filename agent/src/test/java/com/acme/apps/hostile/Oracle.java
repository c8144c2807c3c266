package com.acme.apps.hostile;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutual-exclusion oracle for the matrix. Not designated: called from designated code, it runs
 * with no checkpoint and no blocking call inside, so a caller that owned the GIL at the call (every
 * point in designated code right after a checkpoint does) still owns it on the way out, and no two
 * threads can be in here at once. Under {@code off} the counts are recorded but not judged.
 */
public final class Oracle {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger MAX_INSIDE = new AtomicInteger();
    static final AtomicLong CHECKS = new AtomicLong();
    static final AtomicLong NOT_HELD = new AtomicLong();
    static volatile long sink;
    static final boolean SERIALIZES = !HostileMatrix.gil.policy().name().equals("off");

    private Oracle() {
    }

    static void reset() {
        INSIDE.set(0);
        MAX_INSIDE.set(0);
        CHECKS.set(0);
        NOT_HELD.set(0);
    }

    public static void check() {
        CHECKS.incrementAndGet();
        if (SERIALIZES && !HostileMatrix.gil.isHeldByCurrentThread()) NOT_HELD.incrementAndGet();
        int n = INSIDE.incrementAndGet();
        if (n > MAX_INSIDE.get()) MAX_INSIDE.accumulateAndGet(n, Math::max);
        long x = n | 1; // a few hundred ns inside, so that an overlap has a window to show up in
        for (int i = 0; i < 200; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        sink = x;
        if (SERIALIZES && !HostileMatrix.gil.isHeldByCurrentThread()) NOT_HELD.incrementAndGet();
        INSIDE.decrementAndGet();
    }
}
