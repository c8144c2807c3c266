package com.acme.apps.hostile.d;

/** A class whose initializer runs designated code long enough to be asked to drop the GIL. */
final class SlowInit {
    static final long EXPECTED = compute();
    static final long VALUE;

    static {
        long v = 0;
        long end = System.nanoTime() + 30_000_000L;
        while (System.nanoTime() < end) v++; // <clinit> itself is not woven: no checkpoints here...
        VALUE = v > 0 ? compute() : -1;      // ...but compute() is designated and has them
    }

    private SlowInit() {
    }

    static long compute() {
        long s = 0;
        for (int i = 0; i < 3_000_000; i++) s += i % 3;
        return s;
    }
}
