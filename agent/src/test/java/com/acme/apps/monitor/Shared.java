package com.acme.apps.monitor;

import com.acme.apps.Probe;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Designated code that blocks while holding the GIL: on a contended monitor, and in Object.wait. Only
 * the watchdog's hand-off keeps this from deadlocking (a GIL holder blocked on a monitor whose owner
 * waits for the GIL); after every monitorenter the woven checkpoint takes the GIL back.
 */
public final class Shared {
    static final Object LOCK = new Object();
    static final ArrayDeque<Long> QUEUE = new ArrayDeque<>();
    public static final AtomicLong NOT_HELD = new AtomicLong();
    public static final AtomicLong CHECKS = new AtomicLong();
    static long counter;
    static volatile long sink;

    private Shared() {
    }

    /** CPU work inside a contended monitor, with checkpoints inside (loop back-edges). */
    public static void contend(int rounds) {
        for (int r = 0; r < rounds; r++) {
            synchronized (LOCK) {
                check();
                long x = counter;
                for (int i = 0; i < 20_000; i++) {
                    x = x * 31 + i;
                }
                counter = x;
            }
        }
    }

    public static void produce(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            synchronized (QUEUE) {
                check();
                while (QUEUE.size() >= 4) QUEUE.wait();
                check();
                QUEUE.addLast((long) i);
                QUEUE.notifyAll();
            }
        }
    }

    public static long consume(int n) throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            synchronized (QUEUE) {
                check();
                while (QUEUE.isEmpty()) QUEUE.wait();
                check();
                sum += QUEUE.removeFirst();
                QUEUE.notifyAll();
            }
        }
        return sum;
    }

    private static void check() {
        CHECKS.incrementAndGet();
        if (!Probe.held()) NOT_HELD.incrementAndGet();
    }
}
