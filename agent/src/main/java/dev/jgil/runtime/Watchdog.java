package dev.jgil.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands the token off when its owner is blocked or dead and somebody waits. It is what makes monitors
 * ({@code synchronized}) and any blocking path the explicit releases miss deadlock-free.
 *
 * <p>Costs nothing while nobody waits, and stays off the ordinary hand-off path: the head waiter
 * wakes it only after it watched the same owner for a notice period (min(interval, 5 ms)) without a
 * switch; the thread is started on first use and parks untimed whenever nobody waits. While someone
 * waits it polls about once per switch interval (clamped to 200 µs … 10 ms).
 */
final class Watchdog implements Runnable {
    private static final long MIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final GilLock lock;
    private volatile Thread thread;
    private volatile boolean closed;

    Watchdog(GilLock lock) {
        this.lock = lock;
    }

    /** Called by the head waiter when one owner kept the token for a whole notice period. */
    void wake() {
        Thread t = thread;
        if (t == null) t = start();
        if (t != null) LockSupport.unpark(t);
    }

    private synchronized Thread start() {
        if (thread == null && !closed) {
            Thread t = new Thread(this, "jgil-watchdog");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            thread = t;
            t.start();
        }
        return thread;
    }

    @Override
    public void run() {
        while (!closed) {
            if (lock.waiterCount() == 0) {
                LockSupport.park(this); // until the next first waiter
                continue;
            }
            try {
                lock.handOffFromBlockedOwner();
            } catch (Throwable t) {
                // never die: a dead watchdog turns a blocked owner into a hung application
            }
            long poll = Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, lock.intervalNanos()));
            LockSupport.parkNanos(this, poll);
        }
    }

    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }
}
