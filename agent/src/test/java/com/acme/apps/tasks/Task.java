package com.acme.apps.tasks;

/** The designated work of one task (tests designate com.acme.apps.tasks.Task): a little CPU, one call per thread. */
public final class Task {
    private Task() {
    }

    public static long call(int seed) {
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < 200; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
