package com.acme.apps.live;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The overlap oracle. Not designated, so it has no checkpoints: a thread in here keeps the GIL (if
 * there is one) until it leaves. Each arriving thread waits for the other to arrive too. Under a GIL
 * the second can never get in while the first waits, so the wait times out and the answer is 1; with
 * the GIL off both are inside at once and the answer is 2 as soon as both threads have run — no
 * timing involved in the positive case.
 */
final class Overlap {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger MAX_INSIDE = new AtomicInteger();
    /** Long enough for a loaded machine to schedule the second thread; only the GIL'd case waits it out. */
    static final long TIMEOUT_NANOS = 20_000_000_000L;

    private Overlap() {
    }

    static void reset() {
        INSIDE.set(0);
        MAX_INSIDE.set(0);
    }

    static int arriveAndWait() {
        int n = INSIDE.incrementAndGet();
        MAX_INSIDE.accumulateAndGet(n, Math::max);
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        // A pure spin: parking or sleeping would be a blocking call the agent releases the GIL around.
        while (MAX_INSIDE.get() < 2 && System.nanoTime() - deadline < 0) Thread.onSpinWait();
        INSIDE.decrementAndGet();
        return MAX_INSIDE.get();
    }
}
