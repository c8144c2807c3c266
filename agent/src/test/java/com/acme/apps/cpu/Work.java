package com.acme.apps.cpu;

import com.acme.apps.Probe;

/** The designated CPU-bound work (tests designate com.acme.apps.cpu.Work). */
public final class Work {
    private Work() {
    }

    public static long crunch(int rounds) {
        long x = 88172645463325252L;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 3000; i++) { // back-edge checkpoints
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            Section.exclusive(x);
            Section.CHECKS.incrementAndGet();
            if (!Probe.held()) Section.NOT_HELD.incrementAndGet();
        }
        return x;
    }

    /**
     * {@link #crunch} with each round's loop in a nested designated call: a thread is almost always two designated
     * frames deep, so a change of policy finds nested entries open (made under one set of hot-path bodies, left under
     * the other).
     */
    public static long crunchNested(int rounds) {
        long x = 88172645463325252L;
        for (int r = 0; r < rounds; r++) {
            x = mix(x);
            Section.exclusive(x);
            Section.CHECKS.incrementAndGet();
            if (!Probe.held()) Section.NOT_HELD.incrementAndGet();
        }
        return x;
    }

    public static long mix(long x) {
        for (int i = 0; i < 3000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        Section.exclusive(x);
        if (!Probe.held()) Section.NOT_HELD.incrementAndGet();
        return x;
    }
}
