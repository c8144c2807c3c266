package com.acme.apps.hostile;

/**
 * A library that is NOT designated: it sleeps or waits while holding its own monitor. Its blocking
 * calls get no call-site release (on JDK 17 sleep/wait(long) are native, so only the watchdog frees
 * the GIL when a designated caller holds it in here).
 */
public final class Library {
    private static final Object LOCK = new Object();
    private static long calls;

    private Library() {
    }

    static void reset() {
        synchronized (LOCK) {
            calls = 0;
        }
    }

    public static long calls() {
        synchronized (LOCK) {
            return calls;
        }
    }

    /** Sleeps (odd calls) or waits with a timeout (even calls) holding the library's monitor. */
    public static void slowUnderOwnMonitor() throws InterruptedException {
        synchronized (LOCK) {
            calls++;
            if ((calls & 1) == 1) Thread.sleep(1);
            else LOCK.wait(1);
        }
    }

    /** Spins without blocking for {@code nanos}: RUNNABLE, outside designated code. */
    public static void spinOutside(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
