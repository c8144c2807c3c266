package dev.jgil.recording;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Designated-style work on a real {@link GilLock}: real threads, enter/checkpoint/exit as woven code would. */
final class Workload {
    private Workload() {
    }

    /**
     * Each of {@code threads} threads repeatedly holds the GIL for about {@code holdNanos} (spinning with
     * checkpoints, like a loop in designated code) and then sleeps {@code outsideNanos} outside designated
     * code, until {@code durationNanos} elapsed. Returns the number of designated calls made.
     */
    static long holdThenSleep(GilLock lock, int threads, long holdNanos, long outsideNanos, long durationNanos)
            throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        long deadline = System.nanoTime() + durationNanos;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    ThreadState s = lock.enter();
                    try {
                        long end = System.nanoTime() + holdNanos;
                        while (System.nanoTime() < end) lock.checkpoint();
                    } finally {
                        lock.exit(s);
                    }
                    calls.incrementAndGet();
                    LockSupport.parkNanos(outsideNanos);
                }
            }, "worker-" + i);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join(durationNanos / 1_000_000 + 30_000);
        return calls.get();
    }

    static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
