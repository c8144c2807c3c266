package com.acme.apps.release;

import com.acme.apps.Probe;

import java.util.concurrent.atomic.AtomicLong;

/** Designated code that calls the release zone (tests: include=...Caller). */
public final class Caller {
    public static final AtomicLong NOT_HELD_AFTER = new AtomicLong();

    private Caller() {
    }

    public static long run(int rounds) {
        long x = 42;
        for (int r = 0; r < rounds; r++) {
            x = Native.compute(x);
            // The checkpoint after the call above took the GIL back.
            if (!Probe.held()) NOT_HELD_AFTER.incrementAndGet();
        }
        return x;
    }
}
